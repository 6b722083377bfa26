import { afterEach, describe, expect, it } from '@jest/globals';
import { defaultDirectory, startSimulator, type Simulator } from '../../lib/simulator/index.js';
import { CLI, ROOT } from './cli-process.js';
import { TmuxSession } from './tmux.js';

const sims: Simulator[] = [];
const sessions: TmuxSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.kill()));
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

/** The screen line of a contact's row. */
const rowOf = (lines: string[], uri: string): number => lines.findIndex((line) => line.includes(` ${uri} `));

/** Contacts of the default directory with a note: their rows are complete once it shows. */
const NOTES = new Map(defaultDirectory().people.flatMap((person) => (person.note?.message ? [[person.uri, person.note.message] as const] : [])));

/** Whether every row on the screen of a contact with a note shows it (notes arrive after presence). */
const notesShown = (lines: string[]): boolean =>
  lines.every((line) => {
    const uri = /\s(sip:\S+)\s/.exec(line)?.[1];
    const note = uri === undefined ? undefined : NOTES.get(uri);
    return note === undefined || line.includes(note);
  });

describe('ucwa-rx watch on a terminal', () => {
  it('redraws the table in place: a row changes availability without scrolling; Ctrl+C cleans up and exits 0', async () => {
    const sim = await startSimulator({ port: 0, aggregationScale: 0.002 });
    sims.push(sim);
    const tmux = new TmuxSession();
    sessions.push(tmux);
    await tmux.start([process.execPath, CLI, 'watch'], {
      width: 120,
      height: 40,
      cwd: ROOT,
      env: { UCWA_DISCOVERY_URL: sim.discoveryUrl, UCWA_USERNAME: 'alice@contoso.com', UCWA_PASSWORD: 'password', NO_COLOR: '1' },
    });

    const before = await tmux.waitForScreen((lines) => /● Online/.test(lines[rowOf(lines, 'sip:bob@contoso.com')] ?? '') && notesShown(lines), "Bob's row online, every note shown");
    const bobRow = rowOf(before, 'sip:bob@contoso.com');
    expect(before[0]).toMatch(/^ucwa-rx watch  alice@contoso\.com @ 127\.0\.0\.1:\d+/);
    expect(before[1]).toMatch(/connection connected/);
    expect(before.join('\n')).toMatch(/Pinned Contacts \(5\)[\s\S]*Other contacts \(21\)/);
    const drawn = before.filter((line) => line.trim() !== '').length;

    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
    const after = await tmux.waitForScreen((lines) => /● Busy\s+on-the-phone/.test(lines[bobRow] ?? ''), "Bob's row busy");
    // the same line changed; nothing moved, nothing scrolled
    expect(rowOf(after, 'sip:bob@contoso.com')).toBe(bobRow);
    expect(after[0]).toBe(before[0]);
    expect(after.filter((line) => line.trim() !== '').length).toBe(drawn);
    expect(after.filter((line, i) => line !== before[i] && i !== 1 && i !== 2 && i !== bobRow)).toEqual([]);
    expect(await tmux.paneValue('history_size')).toBe('0');
    expect(await tmux.paneValue('alternate_on')).toBe('1');
    expect(await tmux.styledScreen()).not.toContain('\x1b['); // NO_COLOR

    // a smaller terminal: lines cut to the width, rows that do not fit counted
    await tmux.tmux('resize-window', '-t', 'cli', '-x', '60', '-y', '16');
    const small = await tmux.waitForScreen((lines) => lines.some((line) => /… \d+ more/.test(line)), 'the table redrawn for 60x16');
    expect(small.every((line) => line.length < 60)).toBe(true);
    expect(await tmux.paneValue('history_size')).toBe('0');

    await tmux.tmux('send-keys', '-t', 'cli', 'C-c');
    expect(await tmux.waitForExit()).toBe(0);
    expect(sim.state().applications).toEqual([]);
    const end = (await tmux.screen(true)).join(''); // wrapped at 60 columns
    expect(end).toContain('ucwa-rx watch: stopped after');
  });

  it('asks for a missing password without echoing it, then signs in', async () => {
    const sim = await startSimulator({ port: 0, aggregationScale: 0.002 });
    sims.push(sim);
    const tmux = new TmuxSession();
    sessions.push(tmux);
    await tmux.start([process.execPath, CLI, 'watch', 'sip:bob@contoso.com'], {
      width: 100,
      height: 12,
      cwd: ROOT,
      env: { UCWA_DISCOVERY_URL: sim.discoveryUrl, UCWA_USERNAME: 'alice@contoso.com', NO_COLOR: '1' },
    });
    const promptLine = (lines: string[]): string | undefined => lines.find((line) => line.startsWith('Password for '));
    const asked = await tmux.waitForScreen((lines) => promptLine(lines) !== undefined, 'the password prompt');
    expect(promptLine(asked)).toMatch(/^Password for alice@contoso\.com at 127\.0\.0\.1:\d+:$/);
    expect(sim.requests.total).toBe(0); // nothing sent before the password is known

    await tmux.tmux('send-keys', '-t', 'cli', '-l', 'passwordX');
    await tmux.tmux('send-keys', '-t', 'cli', 'BSpace', 'Enter'); // Backspace edits what was typed
    await tmux.waitForScreen((lines) => /● Online/.test(lines.join('\n')), "Bob's row: signed in");
    await tmux.tmux('send-keys', '-t', 'cli', 'C-c');
    expect(await tmux.waitForExit()).toBe(0);
    // back on the normal screen (with what scrolled off it): the prompt line shows nothing of what was typed
    const after = await tmux.screen(true);
    expect(promptLine(after)).toBe(promptLine(asked));
    expect(after.join('\n')).not.toMatch(/passwordX?|\*/);
    expect(sim.state().applications).toEqual([]);
  });

  it('colours availability on a terminal without NO_COLOR', async () => {
    const sim = await startSimulator({ port: 0, aggregationScale: 0.002 });
    sims.push(sim);
    const tmux = new TmuxSession();
    sessions.push(tmux);
    await tmux.start([process.execPath, CLI, 'watch', 'sip:bob@contoso.com', 'sip:frank@contoso.com'], {
      width: 100,
      height: 12,
      cwd: ROOT,
      env: { UCWA_DISCOVERY_URL: sim.discoveryUrl, UCWA_USERNAME: 'alice@contoso.com', UCWA_PASSWORD: 'password', TERM: 'xterm-256color' },
    });
    sim.setPresence('sip:frank@contoso.com', { availability: 'Busy' });
    await tmux.waitForScreen((lines) => /● Online/.test(lines.join('\n')) && /● Busy/.test(lines.join('\n')), 'both rows');
    const styled = await tmux.styledScreen();
    expect(styled).toMatch(/\x1b\[32m● Online/); // green
    expect(styled).toMatch(/\x1b\[31m● Busy/); // red
  });
});
