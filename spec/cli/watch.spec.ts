import { describe, expect, it } from '@jest/globals';
import { runCli, serverArgs, type CliProcess, simulatorPerTest } from './cli-process.js';

interface Record {
  readonly type: string;
  readonly uri?: string;
  readonly availability?: string;
  readonly activity?: string | null;
  readonly at?: string;
  readonly connection?: string;
}

const simulator = simulatorPerTest();

const isPresence = (uri: string, availability?: string) => (r: Record) =>
  r.type === 'presence' && r.uri?.toLowerCase() === uri.toLowerCase() && (availability === undefined || r.availability === availability);

function presenceUris(cli: CliProcess): Set<string> {
  return new Set(cli.lines.map((line) => JSON.parse(line) as Record).filter((r) => r.type === 'presence').map((r) => r.uri ?? ''));
}

describe('ucwa-rx watch --json', () => {
  it('prints a presence change within a second of sim.setPresence', async () => {
    const sim = await simulator();
    const cli = runCli(['watch', '--json', ...serverArgs(sim.discoveryUrl)]);
    await cli.json(isPresence('sip:bob@contoso.com'), "Bob's first presence");
    // the whole contact list, pinned group first
    await cli.until(() => presenceUris(cli).size === 26, 'a presence line for each of the 26 contacts');
    const uris = [...presenceUris(cli)];
    expect(uris.slice(0, 5).map((u) => u.toLowerCase())).toEqual(['sip:bob@contoso.com', 'sip:sarad@contoso.com', 'sip:chrisb@contoso.com', 'sip:alexd@contoso.com', 'sip:danab@contoso.com']);

    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
    const change = await cli.json(isPresence('sip:bob@contoso.com', 'Busy'), 'Bob busy');
    expect(change).toEqual({ type: 'presence', uri: 'sip:bob@contoso.com', availability: 'Busy', activity: 'on-the-phone', at: expect.any(String) });
    expect(Number.isNaN(Date.parse(change.at ?? ''))).toBe(false);

    const statuses = cli.lines.map((line) => JSON.parse(line) as Record).filter((r) => r.type === 'status');
    expect(statuses.map((s) => s.connection).slice(0, 2)).toEqual(['connecting', 'connected']);
    expect(cli.stderr).toBe('');
  });

  it('watches only the SIP URIs given, in any case and with or without the scheme', async () => {
    const sim = await simulator();
    const cli = runCli(['watch', '--json', ...serverArgs(sim.discoveryUrl), 'sip:bob@contoso.com', 'sarad@contoso.com', 'sip:carol@contoso.com']);
    await cli.until(() => presenceUris(cli).size === 3, 'three presence lines');
    sim.setPresence('sip:carol@contoso.com', { availability: 'Away' });
    await cli.json(isPresence('sip:carol@contoso.com', 'Away'), 'Carol away');
    expect([...presenceUris(cli)].sort()).toEqual(['sip:bob@contoso.com', 'sip:carol@contoso.com', 'sip:sarad@contoso.com']);
    expect(sim.state().applications[0]?.presenceSubscriptions.flatMap((s) => s.members.map((m) => m.toLowerCase())).sort()).toEqual([
      'sip:bob@contoso.com',
      'sip:carol@contoso.com',
      'sip:sarad@contoso.com',
    ]);
  });

  it('on SIGTERM deletes the subscriptions and the application on the server and exits 0 (server from the environment)', async () => {
    const sim = await simulator();
    const cli = runCli(['watch'], { UCWA_DISCOVERY_URL: sim.discoveryUrl, UCWA_USERNAME: 'alice@contoso.com', UCWA_PASSWORD: 'password' });
    await cli.json(isPresence('sip:bob@contoso.com'), "Bob's presence");
    await cli.until(() => (sim.state().applications[0]?.presenceSubscriptions.length ?? 0) > 0, 'a presence subscription on the server');
    expect(sim.state().applications[0]?.contactsAndGroupsSubscription.state).toBe('Connected');

    cli.child.kill('SIGTERM');
    const exit = await cli.waitForExit();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(sim.state().applications).toEqual([]);
    const last = JSON.parse(cli.lines.at(-1) ?? '{}') as Record;
    expect(last).toMatchObject({ type: 'status', connection: 'closed' });
    expect(cli.stderr).toBe('');
  });

  it('without a server starts the embedded simulator with churn, says so on stderr, and stops it on Ctrl+C', async () => {
    const cli = runCli(['watch', '--json', '--churn', '20']);
    await cli.until(() => /started the embedded UCWA simulator at http:\/\/127\.0\.0\.1:\d+ \(presence churn 20\/s/.test(cli.stderr), 'the notice');
    const origin = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(cli.stderr)?.[1] ?? '';
    await cli.until(() => presenceUris(cli).size === 26, 'a presence line for each contact');
    const first = cli.lines.length;
    await cli.until(() => cli.lines.slice(first).some((line) => (JSON.parse(line) as Record).type === 'presence'), 'a change made by churn');
    cli.child.kill('SIGINT');
    expect(await cli.waitForExit(2000)).toEqual({ code: 0, signal: null });
    expect(cli.stderrLines).toHaveLength(1);
    await expect(fetch(`${origin}/_simulator/state`)).rejects.toThrow(); // the simulator is closed
  });
});
