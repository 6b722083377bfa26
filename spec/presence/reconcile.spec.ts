import { afterEach, describe, expect, it } from '@jest/globals';
import { combineLatest, filter, firstValueFrom, type Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { createUcwaClient } from '../../lib/client.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { generatedDirectory, personUri } from '../support/directory.js';
import { startMutatingProxy, throughProxy } from '../http/support/mutating-proxy.js';

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

const MINUTE = 60_000;
const fast = { transient: { baseDelayMs: 5, jitter: 0 }, cannotRedirect: { baseDelayMs: 5, jitter: 0 } };
const subscriptionsOn = (s: Simulator) => s.state().applications.flatMap((a) => a.presenceSubscriptions);
const membersOn = (s: Simulator) => subscriptionsOn(s).flatMap((sub) => sub.members).sort();

/** Values and errors of one stream. */
function record(uri: string, c: UcwaClient = client as UcwaClient): { values: string[]; errors: unknown[] } {
  const seen = { values: [] as string[], errors: [] as unknown[] };
  subscriptions.push(c.presence$(uri).subscribe({ next: (p) => seen.values.push(p.availability), error: (e: unknown) => seen.errors.push(e) }));
  return seen;
}

/** A simulator and a client on one ManualClock. */
async function onManualClock(simOptions: Parameters<typeof startFastSimulator>[0] = {}) {
  const clock = new ManualClock();
  sim = await startFastSimulator({ clock, ...simOptions });
  const tracking = trackingFetch();
  const settle = settleBoth(sim, tracking);
  const posts: { at: number; url: string }[] = [];
  client = clientFor(sim, {
    clock,
    fetch: tracking.fetch,
    retry: fast,
    onExchange: (e) => {
      if (e.method === 'POST') posts.push({ at: clock.now(), url: e.url });
    },
  });
  return { clock, sim, client, settle, posts, advance: (ms: number) => clock.advance(ms, settle) };
}

describe('presence converges to the server (the defects of issue 11)', () => {
  it('a contact watched after the idle application was deleted is looked up in the new application', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { gracePeriodMs: 20 });
    await firstValueFrom(client.presence$('sip:SaraD@contoso.com'));
    await eventually(() => sim!.state().applications.length === 0);
    const chris = await firstValueFrom(client.presence$('sip:ChrisB@contoso.com'));
    expect(chris.uri).toBe('sip:ChrisB@contoso.com');
    // nothing was asked of the deleted application (its held P-GET ends with 404 when it goes)
    expect(sim.log.count({ status: 404, path: '/people' })).toBe(0);
  });

  it.each([
    ['a truncated body', { kind: 'malformed', body: 'truncated-json' }],
    ['an empty body', { kind: 'malformed', body: 'empty' }],
    ['an HTML page with 200', { kind: 'malformed', body: 'html', status: 200 }],
    ['503', { kind: 'status', status: 503 }],
  ] as const)('a first presence GET answered with %s is tried again; the stream does not error and the subscription stays', async (_name, fault) => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fast });
    sim.injectFault({ method: 'GET', path: /\/presence$/, fault, times: 4 });
    const bob = record('sip:bob@contoso.com');
    await eventually(() => bob.values.length === 1);
    expect(bob).toEqual({ values: ['Online'], errors: [] });
    expect(membersOn(sim)).toEqual(['sip:bob@contoso.com']);
    expect(sim.log.count({ method: 'DELETE' })).toBe(0);
  });

  it('creating the subscription answered with a 403 whose body is not a UCWA error (an HTML page) is tried again, not an error: it cannot say what it refuses', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fast });
    sim.injectFault({ method: 'POST', path: /presenceSubscriptions$/, fault: { kind: 'malformed', body: 'html', status: 403 }, times: 2 });
    const bob = record('sip:bob@contoso.com');
    await eventually(() => bob.values.length === 1 || bob.errors.length > 0);
    expect(bob).toEqual({ values: ['Online'], errors: [] });
    expect(membersOn(sim)).toEqual(['sip:bob@contoso.com']);
    expect(sim.log.count({ method: 'POST', path: /presenceSubscriptions$/, status: 403 })).toBe(2);
  });

  it('404 ApplicationNotFound on subscribing while the application is recreated is waited out, not a refusal', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fast, eventChannel: { retry: { baseDelayMs: 5, jitter: 0 } } });
    const bob = record('sip:bob@contoso.com');
    await eventually(() => bob.values.length === 1);
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptionMemberships', fault: { kind: 'status', status: 404, code: 'NotFound', subcode: 'ApplicationNotFound' } });
    sim.expireApplication();
    const carol = record('sip:carol@contoso.com');
    await eventually(() => carol.values.length === 1 && membersOn(sim!).length === 2);
    expect(carol.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
    expect(membersOn(sim)).toEqual(['sip:bob@contoso.com', 'sip:carol@contoso.com']);
  });

  it.each([0, -1, Number.NaN, 2.5, Number.POSITIVE_INFINITY])('presence.maxContactsPerSubscription %p is refused when the client is created', (value) => {
    expect(() => createUcwaClient({ discoveryUrl: 'http://127.0.0.1:1/', token: 'cwt=x', presence: { maxContactsPerSubscription: value } })).toThrow(
      expect.objectContaining({ kind: 'invalidArgument', argument: 'presence.maxContactsPerSubscription' }),
    );
  });

  it('a failed extension is tried again on the same subscription: no second subscription, no orphan', async () => {
    const { sim, advance } = await onManualClock();
    const bob = record('sip:bob@contoso.com');
    await advance(1000);
    await eventually(() => bob.values.length === 1);
    const [subscription] = subscriptionsOn(sim);
    sim.injectFault({ method: 'POST', path: /presenceSubscriptions\/[^/?]+\?duration=/, fault: { kind: 'status', status: 500 }, times: 6 });
    for (let minute = 0; minute < 90; minute += 5) await advance(5 * MINUTE);
    expect(subscriptionsOn(sim).map((s) => ({ id: s.id, members: s.members }))).toEqual([{ id: subscription?.id, members: ['sip:bob@contoso.com'] }]);
    sim.setPresence('sip:bob@contoso.com', { availability: 'Away' });
    await advance(MINUTE);
    await eventually(() => bob.values.at(-1) === 'Away');
    expect(bob.errors).toEqual([]);
  });

  it.each([
    ['a resync', (s: Simulator) => s.forceResync()],
    ['a resume', (s: Simulator) => s.forceResume()],
  ] as const)('%s while a membership POST is in flight: the contact ends up subscribed once and live', async (_name, reset) => {
    const { sim, advance } = await onManualClock();
    const bob = record('sip:bob@contoso.com');
    await advance(1000);
    await eventually(() => bob.values.length === 1);
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptionMemberships', fault: { kind: 'latency', ms: 30_000 } });
    const carol = record('sip:carol@contoso.com');
    await eventually(() => sim!.log.count({ method: 'POST', path: '/presenceSubscriptionMemberships' }) === 1);
    reset(sim);
    // the POST is held on the clock for 30 s; then everything settles
    await advance(35_000);
    await advance(60_000);
    expect(membersOn(sim)).toEqual(['sip:bob@contoso.com', 'sip:carol@contoso.com']);
    sim.setPresence('sip:carol@contoso.com', { availability: 'DoNotDisturb' });
    await advance(MINUTE);
    await eventually(() => carol.values.at(-1) === 'DoNotDisturb');
    expect([...bob.errors, ...carol.errors]).toEqual([]);
  });

  it('removing memberships goes on past a 404 (already gone)', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fast, gracePeriodMs: 20 });
    const keep = record('sip:bob@contoso.com');
    const leaving = ['sip:carol@contoso.com', 'sip:SaraD@contoso.com', 'sip:ChrisB@contoso.com'].map((uri) => client!.presence$(uri).subscribe());
    await eventually(() => membersOn(sim!).length === 4 && keep.values.length === 1);
    // carol's membership goes behind the client's back: its DELETE will get a real 404
    const [subscription] = await firstValueFrom(client.presenceSubscriptions.list());
    const memberships = await firstValueFrom(client.presenceSubscriptions.memberships(subscription!));
    const carols = (memberships.value._embedded?.presenceSubscriptionMembership ?? []).find((m) => /carol/i.test(JSON.stringify(m._links?.['contact'])));
    await firstValueFrom(client.presenceSubscriptions.removeMembership({ value: carols!, url: memberships.url }), { defaultValue: undefined });
    leaving.forEach((s) => s.unsubscribe());
    await eventually(() => membersOn(sim!).length === 1);
    expect(membersOn(sim)).toEqual(['sip:bob@contoso.com']);
    expect(sim.log.count({ method: 'DELETE', path: 'presenceSubscriptionMemberships', status: 404 })).toBe(1);
  });

  it.each([
    ['410 CannotRedirect, longer than the request retries', { kind: 'status', status: 410, subcode: 'CannotRedirect' }, 8],
    ['a truncated body', { kind: 'malformed', body: 'truncated-json' }, 2],
  ] as const)('an update GET that fails with %s is tried again until the value is right', async (_name, fault, times) => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fast });
    const bob = record('sip:bob@contoso.com');
    await eventually(() => bob.values.length === 1 && sim!.state().outstandingPgets === 1);
    sim.injectFault({ method: 'GET', path: /\/presence$/, fault, times });
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await eventually(() => bob.values.at(-1) === 'Busy');
    expect(bob.errors).toEqual([]);
  });

  it('pinnedGroup$ and myContactsAndGroupsSubscription$ complete on close()', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const ended: string[] = [];
    client.pinnedGroup$.subscribe({ complete: () => ended.push('pinned') });
    client.myContactsAndGroupsSubscription$.subscribe({ complete: () => ended.push('status') });
    client.presence$('sip:bob@contoso.com').subscribe({ complete: () => ended.push('presence') });
    await firstValueFrom(client.pinnedGroup$);
    await client.close();
    expect(ended.sort()).toEqual(['pinned', 'presence', 'status']);
    expect(sim.state().applications).toEqual([]);
    expect(sim.state().outstandingPgets).toBe(0);
  });
});

describe('presence learns the server\'s limits', () => {
  it('20 contacts with a limit of 5 per subscription: the request is split, the size remembered, every contact gets its value', async () => {
    sim = await startFastSimulator({ directory: generatedDirectory(20), limits: { maxContactsPerPresenceSubscription: 5 } });
    client = clientFor(sim, { retry: fast });
    const uris = Array.from({ length: 20 }, (_, i) => personUri(i));
    const values = await firstValueFrom(combineLatest(uris.map((uri) => client!.presence$(uri))));
    expect(values.map((v) => v.uri)).toEqual(uris);
    expect(subscriptionsOn(sim).map((s) => s.members.length)).toEqual([5, 5, 5, 5]);
    // 20, 10 and 5: two refusals to find the size, then no more
    expect(sim.log.count({ method: 'POST', status: 403 })).toBeLessThanOrEqual(5);
    const more = Array.from({ length: 20 }, (_, i) => personUri(i));
    expect(more).toHaveLength(20);
  });

  it('a full application and no overflow (maxApplications 1): only the contacts that do not fit fail, with a CapacityError', async () => {
    sim = await startFastSimulator({ directory: generatedDirectory(8), limits: { maxContactsPerPresenceSubscription: 3, maxPresenceSubscriptionsPerApplication: 2 } });
    client = clientFor(sim, { retry: fast, presence: { maxContactsPerSubscription: 3, maxApplications: 1 } });
    const streams = Array.from({ length: 8 }, (_, i) => record(personUri(i)));
    await eventually(() => streams.every((s) => s.values.length + s.errors.length > 0));
    expect(streams.filter((s) => s.values.length === 1)).toHaveLength(6);
    const failed = streams.filter((s) => s.errors.length === 1);
    expect(failed).toHaveLength(2);
    expect(failed[0]?.errors[0]).toMatchObject({ kind: 'capacity', subscriptions: 2, contactsPerSubscription: 3 });
    expect(subscriptionsOn(sim).map((s) => s.members.length)).toEqual([3, 3]);
  });
});

describe('presence finds out what the server did when an answer is lost', () => {
  it('the answer to a create is lost: the subscription is found by listing, not created twice', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fast });
    sim.injectFault({ method: 'POST', path: /presenceSubscriptions$/, fault: { kind: 'drop', when: 'after' } });
    const bob = record('sip:bob@contoso.com');
    await eventually(() => bob.values.length === 1);
    expect(subscriptionsOn(sim)).toHaveLength(1);
    expect(membersOn(sim)).toEqual(['sip:bob@contoso.com']);
    expect(sim.log.count({ method: 'POST', path: /presenceSubscriptions$/ })).toBe(1);
  });

  it('the answer to a create links its subscription with a hostile href: unreadable, so the subscription is found by listing; nothing crashes', async () => {
    sim = await startFastSimulator();
    const proxy = await startMutatingProxy(new URL(sim.discoveryUrl).origin);
    try {
      let rewritten = 0;
      proxy.mutate((exchange) => {
        if (exchange.method !== 'POST' || !/presenceSubscriptions$/.test(exchange.url) || rewritten++ > 0) return undefined;
        const body = JSON.parse(exchange.body.toString('utf8')) as { _links: { self: { href: string } } };
        body._links.self.href = 'javascript:alert(1)';
        return { kind: 'replace', status: exchange.status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
      });
      const diagnostics: unknown[] = [];
      client = clientFor(sim, { retry: fast, discoveryUrl: throughProxy(sim.discoveryUrl, proxy) });
      subscriptions.push(client.diagnostics$.subscribe((d) => diagnostics.push(d)));
      const bob = record('sip:bob@contoso.com');
      await eventually(() => bob.values.length === 1);
      expect(bob.errors).toEqual([]);
      expect(rewritten).toBeGreaterThan(0);
      expect(diagnostics).toContainEqual(expect.objectContaining({ kind: 'decode' }));
      expect(subscriptionsOn(sim)).toHaveLength(1);
      expect(sim.log.count({ method: 'POST', path: /presenceSubscriptions$/ })).toBe(1);
    } finally {
      await client?.close();
      client = undefined;
      await proxy.close();
    }
  });

  it('the answer to an add is lost: the subscription is read, the contact is in it once', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fast });
    const bob = record('sip:bob@contoso.com');
    await eventually(() => bob.values.length === 1);
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptionMemberships', fault: { kind: 'drop', when: 'after' } });
    const carol = record('sip:carol@contoso.com');
    await eventually(() => carol.values.length === 1);
    expect(subscriptionsOn(sim).map((s) => s.members)).toEqual([['sip:bob@contoso.com', 'sip:carol@contoso.com']]);
    expect(sim.log.count({ method: 'POST', path: '/presenceSubscriptionMemberships' })).toBe(1);
  });
});

describe('the server\'s "about to expire" event wins', () => {
  it('a presence subscription is extended on its updated event, before the client\'s own margin', async () => {
    const { sim, advance, posts, clock } = await onManualClock({ limits: { expiryWarningMs: 6 * MINUTE } });
    const start = clock.now();
    const bob = record('sip:bob@contoso.com');
    await advance(1000);
    await eventually(() => bob.values.length === 1);
    for (let minute = 0; minute < 30; minute += 1) await advance(MINUTE);
    const extensions = posts.filter((p) => /presenceSubscriptions\/[^/?]+\?duration=30$/.test(p.url)).map((p) => Math.round((p.at - start) / MINUTE));
    // the server announces the expiry 6 minutes ahead (at 24); the client's own margin would say 29
    expect(extensions[0]).toBe(24);
    expect(subscriptionsOn(sim)).toHaveLength(1);
  });
});

describe('close()', () => {
  it('while watching, leaves nothing on the server', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const uris = ['sip:bob@contoso.com', 'sip:carol@contoso.com', 'sip:SaraD@contoso.com'];
    uris.forEach((uri) => record(uri));
    subscriptions.push(client.pinnedGroup$.subscribe());
    await eventually(() => membersOn(sim!).length === 3 && sim!.state().applications[0]?.contactsAndGroupsSubscription.state === 'Connected');
    await client.close();
    expect(sim.state().applications).toEqual([]);
    expect(sim.state().outstandingPgets).toBe(0);
    await expect(firstValueFrom(client.presence$('sip:bob@contoso.com').pipe(filter(() => true)))).rejects.toMatchObject({ kind: 'closed' });
  });
});
