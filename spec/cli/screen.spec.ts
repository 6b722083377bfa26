import { describe, expect, it } from '@jest/globals';
import { clip, fit, palette, stripAnsi } from '../../lib/cli/ansi.js';
import type { BoardRow } from '../../lib/cli/contact-board.js';
import { Screen, type TerminalStream } from '../../lib/cli/screen.js';
import { tableLines } from '../../lib/cli/table-format.js';

/** A terminal stand-in that records what is written. */
class FakeTerminal implements TerminalStream {
  writes: string[] = [];
  columns = 40;
  rows = 10;
  private listeners: (() => void)[] = [];
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
  on(_event: 'resize', listener: () => void): this {
    this.listeners.push(listener);
    return this;
  }
  off(_event: 'resize', listener: () => void): this {
    this.listeners = this.listeners.filter((l) => l !== listener);
    return this;
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    for (const listener of this.listeners) listener();
  }
}

describe('Screen', () => {
  it('rewrites only the lines that changed, in one write, and everything after a resize', () => {
    const terminal = new FakeTerminal();
    const frame = ['title', 'status', 'row a', 'row b'];
    const screen = new Screen(terminal, () => screen.draw(frame));
    screen.open();
    expect(terminal.writes[0]).toContain('\x1b[?1049h');
    terminal.writes = [];

    screen.draw(frame);
    expect(terminal.writes).toHaveLength(1);
    expect(terminal.writes[0]).toContain('\x1b[1;1Htitle\x1b[K');
    expect(terminal.writes[0]).toContain('\x1b[5;1H\x1b[J'); // below the frame erased once
    terminal.writes = [];

    screen.draw(frame);
    expect(terminal.writes).toEqual([]); // nothing changed, nothing written

    frame[3] = 'row b changed';
    screen.draw(frame);
    expect(terminal.writes).toHaveLength(1);
    expect(stripAnsi(terminal.writes[0] ?? '')).toBe('row b changed');
    expect(terminal.writes[0]).toContain('\x1b[4;1Hrow b changed\x1b[K');
    terminal.writes = [];

    screen.draw(frame.slice(0, 2));
    expect(terminal.writes[0]).toBe('\x1b[?2026h\x1b[3;1H\x1b[J\x1b[?2026l'); // shorter frame: the rest erased
    terminal.writes = [];

    frame[0] = 'x'.repeat(100);
    frame.push('row c', 'row d');
    terminal.resize(20, 5);
    const written = terminal.writes.join('');
    expect(written).toContain(`\x1b[1;1H${'x'.repeat(19)}\x1b[K`); // cut to 19 columns
    expect(written).toContain('\x1b[2;1Hstatus\x1b[K'); // unchanged lines redrawn too
    expect(written).toContain('\x1b[5;1Hrow c\x1b[K');
    expect(written).not.toContain('row d'); // 5 lines high
    expect(written).not.toContain('\x1b[J'); // the frame fills the screen: nothing below to erase

    screen.close();
    expect(terminal.writes.at(-1)).toBe('\x1b[?25h\x1b[?1049l');
  });
});

describe('text fitting', () => {
  it('pads, cuts with an ellipsis, and clips styled lines by their visible width', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abcdef', 4)).toBe('abc…');
    const paint = palette(true);
    const styled = `${paint.green('Online')} and more`;
    expect(stripAnsi(clip(styled, 8))).toBe('Online a');
    expect(clip(styled, 8).endsWith('\x1b[0m')).toBe(true);
    expect(clip('plain', 10)).toBe('plain');
  });
});

describe('tableLines', () => {
  const row = (uri: string, name: string, section: 'pinned' | 'contacts', availability?: string): BoardRow => ({
    entry: { uri, key: uri.toLowerCase(), name, section },
    presence: availability === undefined ? undefined : { uri, availability },
    changedAt: availability === undefined ? undefined : new Date(2026, 0, 1, 9, 5, 7),
  });
  const rows = [
    row('sip:bob@contoso.com', 'Bob Kelly', 'pinned', 'Online'),
    row('sip:dave@contoso.com', 'Dave Ochoa', 'contacts', 'Busy'),
    row('sip:erin@contoso.com', 'Erin Park', 'contacts'),
  ];
  const options = { width: 100, height: 20, now: new Date(2026, 0, 1, 10), paint: palette(false) };

  it('shows the pinned group, then the other contacts, with time of the last change', () => {
    const lines = tableLines(rows, 'Pinned Contacts', options);
    expect(lines[0]).toMatch(/^ {2}NAME +URI +AVAILABILITY +ACTIVITY +LAST CHANGE +NOTE$/);
    expect(lines[1]).toBe('Pinned Contacts (1)');
    expect(lines[2]).toMatch(/^ {2}Bob Kelly +sip:bob@contoso\.com +● Online +09:05:07$/);
    expect(lines[3]).toBe('Other contacts (2)');
    expect(lines[5]).toMatch(/Erin Park +sip:erin@contoso\.com +…/);
  });

  it("shows each contact's note last, out-of-office notes marked, and gives it up first when narrow", () => {
    const noted: BoardRow[] = [
      { ...row('sip:bob@contoso.com', 'Bob Kelly', 'pinned', 'Online'), note: { uri: 'sip:bob@contoso.com', message: 'Back at 3', type: 'Personal' } },
      { ...row('sip:dave@contoso.com', 'Dave Ochoa', 'contacts', 'Busy'), note: { uri: 'sip:dave@contoso.com', message: 'On leave', type: 'OutOfOffice' } },
    ];
    const lines = tableLines(noted, 'Pinned Contacts', options);
    expect(lines[2]).toMatch(/^ {2}Bob Kelly +sip:bob@contoso\.com +● Online +09:05:07 +Back at 3$/);
    expect(lines[4]).toMatch(/09:05:07 +\(out of office\) On leave$/);
    const narrow = tableLines(noted, 'Pinned Contacts', { ...options, width: 80 });
    expect(narrow.every((line) => line.length <= 80)).toBe(true);
    expect(narrow[2]).toMatch(/Bob Kelly +sip:bob@contoso\.com +● Online +09:05:07 +Back…$/);
  });

  it('fits narrow terminals and counts the rows that do not fit', () => {
    const lines = tableLines(rows, 'Pinned Contacts', { ...options, width: 50, height: 4 });
    expect(lines).toHaveLength(4);
    expect(lines.every((line) => line.length <= 50)).toBe(true);
    expect(lines[3]).toBe('  … 2 more; make the terminal taller to see them');
  });

  it('colours availability only when colour is on', () => {
    const coloured = tableLines(rows, 'Pinned Contacts', { ...options, paint: palette(true) });
    expect(coloured[2]).toContain('\x1b[32m● Online');
    expect(coloured[4]).toContain('\x1b[31m● Busy');
    expect(tableLines(rows, 'Pinned Contacts', options).join('')).not.toContain('\x1b');
  });
});
