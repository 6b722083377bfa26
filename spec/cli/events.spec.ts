import { describe, expect, it } from '@jest/globals';
import type { Simulator } from '../../lib/simulator/index.js';
import { runCli, serverArgs, type CliProcess, simulatorPerTest } from './cli-process.js';

interface Link {
  readonly rel: string;
  readonly href: string;
}
interface EventLine {
  readonly type: string;
  readonly sender: Link;
  readonly link: Link;
  readonly in?: Link;
  readonly resource?: unknown;
}

const simulator = simulatorPerTest();

/** Waits until the server holds a presence subscription for the CLI's application. */
async function subscribed(cli: CliProcess, sim: Simulator): Promise<void> {
  await cli.until(() => cli.lines.length > 0, 'the first event');
  await cli.until(() => sim.state().applications.some((app) => app.presenceSubscriptions.length > 0), 'a presence subscription');
}

const bobPresence = (e: EventLine) => e.link.rel === 'contactPresence' && /\/people\/bob@contoso\.com\/presence$/i.test(e.link.href);

describe('ucwa-rx events', () => {
  it('prints the raw event stream as NDJSON: every line parses, with the contactPresence events', async () => {
    const sim = await simulator();
    const cli = runCli(['events', ...serverArgs(sim.discoveryUrl)]);
    await subscribed(cli, sim);
    // the server announces every member's presence when the subscription starts
    await cli.json<EventLine>(bobPresence, "Bob's first contactPresence event");
    const bobEvents = (): number => cli.lines.filter((line) => bobPresence(JSON.parse(line) as EventLine)).length;
    const before = bobEvents();
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await cli.until(() => bobEvents() > before, "Bob's contactPresence event after the change");

    cli.child.kill('SIGINT');
    expect(await cli.waitForExit(2000)).toEqual({ code: 0, signal: null });
    const events = cli.lines.map((line) => JSON.parse(line) as EventLine);
    for (const event of events) {
      expect(Object.keys(event).every((key) => ['type', 'sender', 'link', 'in', 'resource', 'reason'].includes(key))).toBe(true);
      expect(typeof event.type).toBe('string');
      expect(typeof event.sender.rel).toBe('string');
      expect(typeof event.link.href).toBe('string');
    }
    expect(events.find(bobPresence)).toMatchObject({ type: 'updated', sender: { rel: 'people' }, link: { rel: 'contactPresence' } });
    expect(events.some((e) => e.type === 'added' && e.link.rel === 'presenceSubscription')).toBe(true);
    expect(sim.state().applications).toEqual([]);
  });

  it('stops cleanly when the reader closes the pipe (like `| head`)', async () => {
    const sim = await simulator();
    const cli = runCli(['events', ...serverArgs(sim.discoveryUrl), 'sip:bob@contoso.com']);
    await subscribed(cli, sim);
    cli.child.stdout.destroy();
    sim.setPresence('sip:bob@contoso.com', { availability: 'Away' }); // the next write finds the pipe closed
    expect(await cli.waitForExit(3000)).toEqual({ code: 0, signal: null });
    expect(sim.state().applications).toEqual([]);
  });
});
