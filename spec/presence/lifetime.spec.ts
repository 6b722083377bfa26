import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom, type Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

const MINUTE = 60_000;

describe('presence subscriptions over time', () => {
  it('live for two simulated hours with the fewest extensions', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    const extensions: number[] = [];
    const tracking = trackingFetch();
    const settle = settleBoth(sim, tracking);
    client = clientFor(sim, {
      clock,
      fetch: tracking.fetch,
      onExchange: (e) => {
        if (e.method === 'POST' && /presenceSubscriptions\/[^/?]+\?duration=30$/.test(e.url)) extensions.push(clock.now());
      },
    });
    const start = clock.now();
    const values: string[] = [];
    const subscription = client.presence$('sip:bob@contoso.com').subscribe((p) => values.push(p.availability));
    await eventually(() => (sim!.state().applications[0]?.presenceSubscriptions.length ?? 0) === 1);
    await clock.advance(1000, settle); // the first events are released after the (scaled) medium window
    await eventually(() => values.length === 1);
    for (let elapsed = 0; elapsed < 120; elapsed += 5) await clock.advance(5 * MINUTE, settle);
    const live = sim.state().applications[0]?.presenceSubscriptions ?? [];
    expect(live).toHaveLength(1);
    expect(live[0]?.expiresAt).toBeGreaterThan(clock.now());
    // 30-minute subscriptions need an extension about every 28 minutes: 4 in two hours, no more.
    expect(extensions).toHaveLength(4);
    expect(extensions.map((t) => Math.round((t - start) / MINUTE))).toEqual([28, 56, 84, 112]);
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await clock.advance(MINUTE, settle);
    await eventually(() => values.at(-1) === 'Busy');
    subscription.unsubscribe();
  });

  it('removes the subscription and then the application a grace period after the last subscriber leaves', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    client = clientFor(sim, { clock, gracePeriodMs: 2000 });
    const subscription = client.presence$('sip:bob@contoso.com').subscribe();
    await eventually(() => (sim!.state().applications[0]?.presenceSubscriptions.length ?? 0) === 1);
    subscription.unsubscribe();
    await clock.advance(1000, sim.settle);
    expect(sim.state().applications[0]?.presenceSubscriptions).toHaveLength(1);
    await clock.advance(1500, sim.settle);
    // one grace period after the last subscriber left, nothing is left on the server
    await eventually(() => sim!.state().applications.length === 0 && sim!.state().outstandingPgets === 0);
  });
});

describe('presence after the server lost its state', () => {
  let subscriptions: Subscription[] = [];
  afterEach(() => subscriptions.forEach((s) => s.unsubscribe()));

  for (const [name, lose] of [
    ['a forced resume', (s: Simulator) => s.forceResume()],
    ['an application expiry', (s: Simulator) => s.expireApplication()],
    ['a resync', (s: Simulator) => s.forceResync()],
  ] as const) {
    it(`keeps presence flowing to every subscriber after ${name}`, async () => {
      sim = await startFastSimulator();
      client = clientFor(sim, { eventChannel: { retry: { baseDelayMs: 5, jitter: 0 } } });
      const uris = ['sip:bob@contoso.com', 'sip:carol@contoso.com'];
      const seen = new Map<string, string[]>(uris.map((u) => [u, []]));
      subscriptions = uris.map((uri) => client!.presence$(uri).subscribe((p) => seen.get(uri)?.push(p.availability)));
      await eventually(() => uris.every((u) => (seen.get(u)?.length ?? 0) > 0));
      lose(sim);
      const resets = firstValueFrom(client.resets$);
      await resets;
      await eventually(() => (sim!.state().applications[0]?.presenceSubscriptions[0]?.members.length ?? 0) === 2);
      sim.setPresence('sip:bob@contoso.com', { availability: 'DoNotDisturb' });
      sim.setPresence('sip:carol@contoso.com', { availability: 'BeRightBack' });
      await eventually(() => seen.get('sip:bob@contoso.com')?.at(-1) === 'DoNotDisturb' && seen.get('sip:carol@contoso.com')?.at(-1) === 'BeRightBack');
      expect(sim.state().applications).toHaveLength(1);
      expect(sim.state().applications[0]?.presenceSubscriptions).toHaveLength(1);
    });
  }
});
