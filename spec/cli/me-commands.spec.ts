import { describe, expect, it } from '@jest/globals';
import { palette } from '../../lib/cli/ansi.js';
import { meCardLines } from '../../lib/cli/me-format.js';
import { searchTableLines } from '../../lib/cli/search-command.js';
import { runCli, serverArgs, simulatorPerTest } from './cli-process.js';

const simulator = simulatorPerTest();
const ALICE = 'alice@contoso.com';
const parse = (line: string): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>;

describe('ucwa-rx me', () => {
  it('prints who the user is with her presence, note and location, then deletes the application and exits 0', async () => {
    const sim = await simulator();
    sim.setNote('sip:alice@contoso.com', { message: 'Heads down' });
    const cli = runCli(['me', '--json', ...serverArgs(sim.discoveryUrl)]);
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(cli.lines.map(parse)).toEqual([
      {
        type: 'me',
        uri: 'sip:alice@contoso.com',
        name: 'Alice Anders',
        title: 'Product Manager',
        department: 'Product',
        company: 'Contoso',
        officeLocation: '10/1000',
        emailAddresses: ['alice@contoso.com'],
        availability: 'Online',
        activity: null,
        note: 'Heads down',
        noteType: 'Personal',
        location: null,
      },
    ]);
    expect(cli.stderr).toBe('');
    expect(sim.state().applications).toEqual([]);
  });

  it('a wrong password is one line on stderr and exit 1', async () => {
    const sim = await simulator();
    const cli = runCli(['me', ...serverArgs(sim.discoveryUrl, 'wrong')]);
    expect((await cli.waitForExit()).code).toBe(1);
    expect(cli.stderrLines).toEqual(['ucwa-rx me: sign-in refused: wrong user name or password (invalid_grant, HTTP 400)']);
  });
});

describe('ucwa-rx set-presence', () => {
  it('sets presence, note and location, waits until the server accepted them and prints the result', async () => {
    const sim = await simulator();
    const cli = runCli(['set-presence', 'busy', '--note', 'Heads down until 3', '--location', 'Building 7', '--json', ...serverArgs(sim.discoveryUrl)]);
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(cli.lines.map(parse)).toEqual([expect.objectContaining({ type: 'me', availability: 'Busy', note: 'Heads down until 3', location: 'Building 7' })]);
    // Stored with the user; her presence went with the application (she is signed out).
    expect(sim.userState(ALICE)).toMatchObject({ note: { message: 'Heads down until 3' }, location: 'Building 7', presence: { availability: 'Offline' } });
    expect(sim.state().applications).toEqual([]);
  });

  it('auto gives presence back to the server; an empty --note clears the note', async () => {
    const sim = await simulator();
    sim.setNote('sip:alice@contoso.com', { message: 'old' });
    const cli = runCli(['set-presence', 'auto', '--note', '', '--json', ...serverArgs(sim.discoveryUrl)]);
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(cli.lines.map(parse)).toEqual([expect.objectContaining({ availability: 'Online', note: null })]);
    expect(sim.requests.entries({ method: 'POST', path: '/me/presence' }).map((e) => e.status)).toEqual([204]);
  });

  it('refuses an unknown availability, or nothing to set, before signing in', async () => {
    for (const args of [['set-presence', 'Sleeping'], ['set-presence']]) {
      const cli = runCli(args);
      expect((await cli.waitForExit()).code).toBe(1);
      expect(cli.stderrLines).toHaveLength(1);
      expect(cli.stderr).toMatch(/^ucwa-rx set-presence: (invalid availability "Sleeping": expected one of Online, Busy, DoNotDisturb, BeRightBack, Away, Offwork, Offline, or auto|nothing to set)/);
    }
  });

  it('a location the server refuses (over 60 characters) is its error, exit 1', async () => {
    const sim = await simulator();
    const cli = runCli(['set-presence', '--location', 'x'.repeat(61), ...serverArgs(sim.discoveryUrl)]);
    expect((await cli.waitForExit()).code).toBe(1);
    expect(cli.stderr).toMatch(/^ucwa-rx set-presence: the server refused a request: .*400.*location/);
    expect(sim.state().applications).toEqual([]);
  });
});

describe('ucwa-rx search', () => {
  it('prints one NDJSON line per person found on a pipe', async () => {
    const sim = await simulator();
    const cli = runCli(['search', 'Sara', ...serverArgs(sim.discoveryUrl)]);
    expect(await cli.waitForExit()).toEqual({ code: 0, signal: null });
    expect(cli.lines.map(parse)).toEqual([
      { type: 'contact', uri: 'sip:SaraD@contoso.com', name: 'Sara Davis', title: 'Product Manager', department: 'Sales & Marketing', company: 'Contoso', emailAddresses: ['SaraD@contoso.com'] },
    ]);
  });

  it('--limit bounds the results and says on stderr that more matched', async () => {
    const sim = await simulator();
    const cli = runCli(['search', 'd', '--limit', '2', ...serverArgs(sim.discoveryUrl)]);
    expect((await cli.waitForExit()).code).toBe(0);
    expect(cli.lines).toHaveLength(2);
    expect(cli.stderr).toMatch(/more people matched than the 2 shown/);
    expect(sim.requests.entries({ path: '/people/search' })[0]?.path).toMatch(/query=d&limit=2$/);
  });

  it('refuses a bad --limit and an empty query', async () => {
    for (const [args, message] of [
      [['search', 'x', '--limit', '0'], 'invalid --limit 0: expected a whole number from 1 to 100'],
      [['search'], 'nothing to search for: give a query, e.g. ucwa-rx search Sara'],
    ] as const) {
      const cli = runCli(args);
      expect((await cli.waitForExit()).code).toBe(1);
      expect(cli.stderrLines).toEqual([`ucwa-rx search: ${message}`]);
    }
  });
});

describe('the text forms', () => {
  it('a search table has a header and a line per person', () => {
    const lines = searchTableLines(
      [{ uri: 'sip:SaraD@contoso.com', name: 'Sara Davis', title: 'Product Manager', department: 'Sales', emailAddresses: ['SaraD@contoso.com'] }],
      palette(false),
      (t) => t,
    );
    expect(lines).toEqual(['  NAME        URI                    TITLE            DEPARTMENT  E-MAIL', '  Sara Davis  sip:SaraD@contoso.com  Product Manager  Sales       SaraD@contoso.com']);
  });

  it('the card of `me` shows the fields that have a value, and marks an out-of-office note', () => {
    const lines = meCardLines(
      {
        me: { uri: 'sip:alice@contoso.com', name: 'Alice Anders', emailAddresses: ['alice@contoso.com'] },
        presence: { availability: 'Busy', activity: 'in-a-meeting' },
        note: { message: 'On leave', type: 'OutOfOffice' },
        location: {},
      },
      palette(false),
      (t) => t,
    );
    expect(lines).toEqual([
      'Alice Anders  sip:alice@contoso.com',
      '  email      alice@contoso.com',
      '  presence   ● Busy  in-a-meeting',
      '  note       On leave  (out of office)',
      '  location   (none)',
    ]);
  });
});

describe('ucwa-rx watch and notes', () => {
  it('prints a note line for each contact with a note, and one when a note changes', async () => {
    const sim = await simulator();
    const cli = runCli(['watch', '--json', ...serverArgs(sim.discoveryUrl), 'sip:SaraD@contoso.com', 'sip:bob@contoso.com']);
    const isNote = (uri: string, note: string | null) => (r: Record<string, unknown>) => r.type === 'note' && r.uri === uri && r.note === note;
    await cli.json(isNote('sip:SaraD@contoso.com', 'Heads down today'), "Sara's note");
    sim.setNote('sip:bob@contoso.com', { message: 'Back at 3' });
    const change = await cli.json(isNote('sip:bob@contoso.com', 'Back at 3'), "Bob's new note");
    expect(change).toEqual({ type: 'note', uri: 'sip:bob@contoso.com', note: 'Back at 3', noteType: 'Personal', at: expect.any(String) });
    sim.setNote('sip:bob@contoso.com', undefined);
    await cli.json(isNote('sip:bob@contoso.com', null), "Bob's note cleared");
    // Bob had no note at first: no line for that.
    expect(cli.lines.map(parse).filter((r) => r.type === 'note' && r.uri === 'sip:bob@contoso.com').map((r) => r.note)).toEqual(['Back at 3', null]);
  });
});
