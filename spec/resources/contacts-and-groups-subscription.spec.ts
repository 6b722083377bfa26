import { afterEach, describe, expect, it } from '@jest/globals';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { ExchangeRecord } from '../../lib/http/transport.js';
import type { ContactsAndGroupsSubscriptionStatus } from '../../lib/resources/contacts-and-groups/subscription-status.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const MINUTE = 60_000;
const START = /\/startOrRefreshSubscriptionToContactsAndGroups\?duration=60$/i;
const STOP = /\/stopSubscriptionToContactsAndGroups$/i;

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
let subscriptions: Subscription[] = [];
afterEach(async () => {
  subscriptions.forEach((s) => s.unsubscribe());
  subscriptions = [];
  await client?.close();
  await sim?.close();
  client = undefined;
  sim = undefined;
});

function serverSide(s: Simulator): { state: string; expiresAt?: number } | undefined {
  return s.state().applications[0]?.contactsAndGroupsSubscription;
}

/** A simulator and a client on one ManualClock; `posts` lists the client's POSTs (clock time, URL). */
async function onManualClock(gracePeriodMs = 50) {
  const clock = new ManualClock();
  sim = await startFastSimulator({ clock });
  const posts: { at: number; url: string }[] = [];
  client = clientFor(sim, {
    clock,
    gracePeriodMs,
    onExchange: (e: ExchangeRecord) => {
      if (e.method === 'POST') posts.push({ at: clock.now(), url: e.url });
    },
  });
  const statuses: ContactsAndGroupsSubscriptionStatus[] = [];
  const watch = (): Subscription => {
    const subscription = client!.myContactsAndGroupsSubscription$.subscribe((s) => statuses.push(s));
    subscriptions.push(subscription);
    return subscription;
  };
  return { clock, sim, client, posts, statuses, watch };
}

describe('myContactsAndGroupsSubscription$ against the simulator', () => {
  it('starts the subscription with the longest duration and emits Connecting, then Connected', async () => {
    const { clock, sim, posts, statuses, watch } = await onManualClock();
    watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    expect(statuses.map((s) => s.state)).toEqual(['Connecting', 'Connected']);
    expect(serverSide(sim)).toEqual({ state: 'Connected', expiresAt: clock.now() + 60 * MINUTE });
    expect(statuses.at(-1)).toEqual({ state: 'Connected', expiresAt: new Date(clock.now() + 60 * MINUTE), refreshes: 0, starts: 1 });
    expect(posts.filter((p) => START.test(p.url))).toHaveLength(1);
  });

  it('stays Connected for two simulated hours with the fewest refreshes', async () => {
    const { clock, sim, posts, statuses, watch } = await onManualClock();
    const start = clock.now();
    watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    for (let elapsed = 0; elapsed < 120; elapsed += 5) {
      await clock.advance(5 * MINUTE, sim.settle);
      expect(serverSide(sim)?.state).toBe('Connected');
    }
    // A start lasts 60 minutes, a refresh reaches the 30-minute cap: one start and three
    // refreshes, each when the server announces the expiry (2 minutes ahead), cover two hours.
    const starts = posts.filter((p) => START.test(p.url)).map((p) => Math.round((p.at - start) / MINUTE));
    expect(starts).toEqual([0, 58, 86, 114]);
    expect(statuses.at(-1)).toMatchObject({ state: 'Connected', refreshes: 3, starts: 1 });
    expect(serverSide(sim)?.expiresAt).toBeGreaterThan(clock.now());
    expect(statuses.at(-1)?.expiresAt?.getTime()).toBeLessThanOrEqual(serverSide(sim)?.expiresAt ?? 0);
    expect(statuses.some((s) => s.state === 'Disconnected')).toBe(false);
  });

  it('is shared: two subscribers start it once', async () => {
    const { posts, statuses, watch, client } = await onManualClock();
    watch();
    const second = firstValueFrom(client.myContactsAndGroupsSubscription$.pipe(filter((s) => s.state === 'Connected')));
    await expect(second).resolves.toMatchObject({ starts: 1 });
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    expect(posts.filter((p) => START.test(p.url))).toHaveLength(1);
  });

  it('stops the subscription a grace period after the last subscriber leaves', async () => {
    const { clock, sim, posts, statuses, watch, client } = await onManualClock(2000);
    subscriptions.push(client.events$.subscribe());
    const subscription = watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    subscription.unsubscribe();
    await clock.advance(1000, sim.settle);
    expect(serverSide(sim)?.state).toBe('Connected');
    expect(posts.filter((p) => STOP.test(p.url))).toHaveLength(0);
    await clock.advance(1500, sim.settle);
    await eventually(() => serverSide(sim)?.state === 'Disconnected');
    expect(posts.filter((p) => STOP.test(p.url))).toHaveLength(1);
  });

  it('leaves nothing on the server one grace period after the last subscriber leaves', async () => {
    const { clock, sim, statuses, watch } = await onManualClock(2000);
    const subscription = watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    subscription.unsubscribe();
    await clock.advance(1500, sim.settle);
    expect(sim.state().applications).toHaveLength(1);
    await clock.advance(1000, sim.settle);
    await eventually(() => sim.state().applications.length === 0 && sim.state().outstandingPgets === 0);
  });

  it('survives a quick resubscribe within the grace period without a second start', async () => {
    const { clock, sim, posts, statuses, watch } = await onManualClock(2000);
    watch().unsubscribe();
    watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    await clock.advance(3000, sim.settle);
    expect(posts.filter((p) => START.test(p.url))).toHaveLength(1);
    expect(posts.filter((p) => STOP.test(p.url))).toHaveLength(0);
  });

  it('starts it again after the server dropped transient state (resume)', async () => {
    const { sim, posts, statuses, watch } = await onManualClock();
    watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    sim.forceResume();
    expect(serverSide(sim)?.state).toBe('Disconnected');
    await eventually(() => statuses.at(-1)?.starts === 2 && statuses.at(-1)?.state === 'Connected');
    expect(serverSide(sim)?.state).toBe('Connected');
    expect(posts.filter((p) => START.test(p.url))).toHaveLength(2);
  });

  it('starts it again on the new application after the old one expired', async () => {
    const { sim, statuses, watch } = await onManualClock();
    watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    const before = sim.state().applications[0]?.id;
    sim.expireApplication();
    await eventually(() => statuses.at(-1)?.starts === 2 && statuses.at(-1)?.state === 'Connected');
    const after = sim.state().applications;
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(before);
    expect(after[0]?.contactsAndGroupsSubscription.state).toBe('Connected');
  });

  it('starts it again when a refresh finds that the server lost it', async () => {
    const { clock, sim, posts, statuses, watch, client } = await onManualClock();
    watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    // Stopped behind the client's back: no event says so, the next refresh creates a new one.
    const current = await firstValueFrom(client.contactsAndGroupsSubscription.get());
    await firstValueFrom(client.contactsAndGroupsSubscription.stop(current), { defaultValue: undefined });
    expect(serverSide(sim)?.state).toBe('Disconnected');
    for (let elapsed = 0; elapsed < 60; elapsed += 5) await clock.advance(5 * MINUTE, sim.settle);
    await eventually(() => statuses.at(-1)?.starts === 2 && statuses.at(-1)?.state === 'Connected');
    expect(serverSide(sim)?.state).toBe('Connected');
    // the refresh found it gone and started a new one (201 Connecting): one POST, no second start
    expect(posts.filter((p) => START.test(p.url))).toHaveLength(2);
    expect(statuses.at(-1)?.expiresAt?.getTime()).toBeLessThanOrEqual(serverSide(sim)?.expiresAt ?? 0);
  });

  it('after a resync it reads the subscription again, keeps the running one and its expiry, and marks what was read under it stale', async () => {
    const { clock, sim, posts, statuses, watch, client } = await onManualClock();
    watch();
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    const expiresAt = serverSide(sim)?.expiresAt;
    await clock.advance(10 * MINUTE, sim.settle);
    const pinned = client.pinnedGroup$.subscribe();
    subscriptions.push(pinned);
    const reads = () => sim.log.count({ method: 'GET', path: 'groups' });
    await eventually(() => reads() > 0);
    const before = reads();
    sim.forceResync();
    // the pinned group is read again: events may have been missed
    await eventually(() => reads() > before);
    await eventually(() => statuses.at(-1)?.state === 'Connected');
    expect(serverSide(sim)).toEqual({ state: 'Connected', expiresAt });
    expect(statuses.at(-1)).toMatchObject({ state: 'Connected', starts: 1, expiresAt: new Date(expiresAt ?? 0) });
    expect(posts.filter((p) => START.test(p.url))).toHaveLength(1);
  });
});
