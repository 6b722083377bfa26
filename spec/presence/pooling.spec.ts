import { afterEach, describe, expect, it } from '@jest/globals';
import { combineLatest, filter, firstValueFrom, type Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { generatedDirectory, personUri } from '../support/directory.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

const subscriptionsOn = (s: Simulator) => s.state().applications.flatMap((a) => a.presenceSubscriptions);

describe('presence$ pooling', () => {
  it('puts 1,000 contacts into the fewest server subscriptions and fetches them in batches', async () => {
    sim = await startFastSimulator({ directory: generatedDirectory(1000) });
    const exchanges: string[] = [];
    client = clientFor(sim, { onExchange: (e) => exchanges.push(`${e.method} ${new URL(e.url).pathname}`) });
    const uris = Array.from({ length: 1000 }, (_, i) => personUri(i));
    const all = await firstValueFrom(combineLatest(uris.map((uri) => client!.presence$(uri))));
    expect(all).toHaveLength(1000);
    expect(all[1]).toMatchObject({ uri: personUri(1), availability: 'Away', deviceType: 'PC' });
    const subscriptions = subscriptionsOn(sim);
    expect(subscriptions.map((s) => s.members.length)).toEqual([250, 250, 250, 250]);
    expect(exchanges.filter((e) => e.startsWith('POST') && e.endsWith('/presenceSubscriptions'))).toHaveLength(4);
    // A new application (201) holds nothing, so nothing is listed; one GET per contact for its
    // first value, in batches of 100 (a subscription that is answered while the previous batch is
    // out may leave one part-filled batch each).
    const batches = exchanges.filter((e) => e.endsWith('/batch')).length;
    expect(batches).toBeGreaterThanOrEqual(10);
    expect(batches).toBeLessThanOrEqual(14);
    expect(exchanges.filter((e) => e.startsWith('GET') && e.includes('/presence'))).toHaveLength(0);
  });

  it('two subscribers of one contact cause one membership and one GET', async () => {
    // A clock that stays put: the server's own first event for the member (which fetches the value
    // once more, docs/resources.md) is not released, so the count is the subscribers' alone.
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    const exchanges: string[] = [];
    client = clientFor(sim, { clock, onExchange: (e) => exchanges.push(`${e.method} ${new URL(e.url).pathname}`) });
    const a = client.presence$('sip:bob@contoso.com');
    const b = client.presence$('bob@CONTOSO.com');
    const [first, second] = await firstValueFrom(combineLatest([a, b]));
    expect(first).toEqual(second);
    expect(subscriptionsOn(sim)[0]?.members).toEqual(['sip:bob@contoso.com']);
    expect(exchanges.filter((e) => e.startsWith('GET') && e.endsWith('/presence')).length).toBe(1);
  });

  it('removes a membership when its last subscriber leaves, and the subscription when it empties', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const subs: Subscription[] = ['sip:bob@contoso.com', 'sip:carol@contoso.com'].map((uri) => client!.presence$(uri).subscribe());
    await eventually(() => subscriptionsOn(sim!)[0]?.members.length === 2);
    subs[0]?.unsubscribe();
    await eventually(() => subscriptionsOn(sim!)[0]?.members.length === 1);
    expect(subscriptionsOn(sim)[0]?.members).toEqual(['sip:carol@contoso.com']);
    subs[1]?.unsubscribe();
    await eventually(() => subscriptionsOn(sim!).length === 0);
  });

  it('a quick resubscribe within the grace period does not thrash', async () => {
    sim = await startFastSimulator();
    const exchanges: string[] = [];
    client = clientFor(sim, { gracePeriodMs: 5000, onExchange: (e) => exchanges.push(`${e.method} ${new URL(e.url).pathname}`) });
    await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    const again = await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    expect(again.availability).toBe('Online');
    expect(exchanges.filter((e) => e.startsWith('DELETE'))).toEqual([]);
    expect(exchanges.filter((e) => e.endsWith('/presenceSubscriptions'))).toHaveLength(1);
  });

  it('errors with a typed error for a malformed URI, sending nothing', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const error = await firstValueFrom(client.presence$('not a uri')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalidArgument', argument: 'uri' });
    expect(sim.state().applications).toHaveLength(0);
  });

  it('a burst of 250 presence changes in one response is fetched in at most 3 requests', async () => {
    // a 100 ms medium window, so that the 250 changes made in one go land in one response
    sim = await startFastSimulator({ directory: generatedDirectory(250), aggregationScale: 0.02 });
    const exchanges: string[] = [];
    const tracking = trackingFetch();
    client = clientFor(sim, { fetch: tracking.fetch, onExchange: (e) => exchanges.push(`${e.method} ${new URL(e.url).pathname}`) });
    const presenceEvents = new Set<string>();
    const events = client.events$.subscribe((e) => {
      if (e.link.rel === 'contactPresence') presenceEvents.add(e.key);
    });
    const uris = Array.from({ length: 250 }, (_, i) => personUri(i));
    const latest = combineLatest(uris.map((uri) => client!.presence$(uri)));
    const subscription = latest.subscribe();
    await firstValueFrom(latest);
    // the server's own first event for each new member, and the fetches it causes, are over
    await eventually(() => presenceEvents.size === 250 && tracking.busy() === 0 && sim!.state().outstandingPgets === 1);
    const before = exchanges.length;
    for (const uri of uris) sim.setPresence(uri, { availability: 'DoNotDisturb' });
    await firstValueFrom(latest.pipe(filter((values) => values.every((v) => v.availability === 'DoNotDisturb'))));
    const fetches = exchanges.slice(before).filter((e) => !e.includes('/events'));
    expect(fetches).toEqual(['POST /ucwa/oauth/v1/applications/101/batch', 'POST /ucwa/oauth/v1/applications/101/batch', 'POST /ucwa/oauth/v1/applications/101/batch']);
    subscription.unsubscribe();
    events.unsubscribe();
  });
});
