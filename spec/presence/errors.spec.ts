import { afterEach, describe, expect, it } from '@jest/globals';
import { combineLatest, firstValueFrom } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { generatedDirectory, personUri } from '../support/directory.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

const fastRetries = { transient: { baseDelayMs: 1, jitter: 0 }, cannotRedirect: { baseDelayMs: 1, jitter: 0 } };

describe('presence$ errors from the seed pages', () => {
  it.each([
    ['409 AlreadyExists', { kind: 'status', status: 409, code: 'Conflict', subcode: 'AlreadyExists' }, { status: 409, subcode: 'AlreadyExists' }],
    ['409 TooManyGroups', { kind: 'status', status: 409, code: 'Conflict', subcode: 'TooManyGroups' }, { status: 409, subcode: 'TooManyGroups' }],
  ] as const)('%s on creating the subscription of one contact errors its stream with the typed error', async (_name, fault, expected) => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fastRetries });
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault });
    const error = await firstValueFrom(client.presence$('sip:bob@contoso.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', ...expected, method: 'POST' });
    expect(sim.log.count({ method: 'POST', path: '/presenceSubscriptions' })).toBe(1);
  });

  it('a refusal of a request naming several contacts is narrowed down to the refused one', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fastRetries });
    const conflict = { kind: 'status', status: 409, code: 'Conflict', subcode: 'AlreadyExists' } as const;
    // The create of all three is refused, and so is the lone create of bob that follows.
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault: conflict });
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault: conflict });
    const uris = ['sip:bob@contoso.com', 'sip:carol@contoso.com', 'sip:SaraD@contoso.com'];
    const outcomes = await Promise.all(uris.map((uri) => firstValueFrom(client!.presence$(uri)).then((p) => p.availability, (e: unknown) => e)));
    expect(outcomes[0]).toMatchObject({ kind: 'http', status: 409 });
    expect(outcomes.slice(1)).toEqual(['Busy', 'Away']);
  });

  it('403 LimitExceeded on creating a subscription of one contact: the application is full, a typed CapacityError (no overflow: maxApplications 1)', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fastRetries, presence: { maxApplications: 1 } });
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault: { kind: 'status', status: 403, code: 'Forbidden', subcode: 'LimitExceeded' } });
    const error = await firstValueFrom(client.presence$('sip:bob@contoso.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'capacity', uri: 'sip:bob@contoso.com', subscriptions: 0, cause: { kind: 'http', status: 403, subcode: 'LimitExceeded' } });
    expect(sim.log.count({ method: 'POST', path: '/presenceSubscriptions' })).toBe(1);
  });

  it('500 CallbackChannelError on creating the subscription is transient: what the server did is read, then the contact is subscribed once', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fastRetries });
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault: { kind: 'status', status: 500, code: 'ServiceFailure', subcode: 'CallbackChannelError' } });
    await expect(firstValueFrom(client.presence$('sip:bob@contoso.com'))).resolves.toMatchObject({ availability: 'Online' });
    expect(sim.log.count({ method: 'POST', path: '/presenceSubscriptions', status: 500 })).toBe(1);
    expect(sim.state().applications[0]?.presenceSubscriptions.map((s) => s.members)).toEqual([['sip:bob@contoso.com']]);
  });

  it('410 CannotRedirect is retried for as long as it lasts; the stream never errors', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: fastRetries });
    const gone = { kind: 'status', status: 410, code: 'Gone', subcode: 'CannotRedirect' } as const;
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault: gone, times: 2 });
    const bob = client.presence$('sip:bob@contoso.com').subscribe();
    await expect(firstValueFrom(client.presence$('sip:bob@contoso.com'))).resolves.toMatchObject({ availability: 'Online' });
    expect(sim.log.count({ method: 'POST', path: '/presenceSubscriptions', status: 410 })).toBe(2);

    // carol joins bob's subscription (addToPresenceSubscription): ten 410s in a row, more than one request's own retries
    sim.injectFault({ method: 'POST', path: 'presenceSubscriptionMemberships', fault: gone, times: 10 });
    await expect(firstValueFrom(client.presence$('sip:carol@contoso.com'))).resolves.toMatchObject({ availability: 'Busy' });
    expect(sim.log.count({ method: 'POST', path: 'presenceSubscriptionMemberships', status: 410 })).toBe(10);
    expect(sim.state().applications[0]?.presenceSubscriptions.map((s) => s.members)).toEqual([['sip:bob@contoso.com', 'sip:carol@contoso.com']]);
    bob.unsubscribe();
  });

  it('a full subscription (403 LimitExceeded on add) sends new contacts to a new subscription', async () => {
    sim = await startFastSimulator({ directory: generatedDirectory(6), limits: { maxContactsPerPresenceSubscription: 3 } });
    client = clientFor(sim, { presence: { maxContactsPerSubscription: 5 } });
    const first = [0, 1, 2].map((i) => client!.presence$(personUri(i)).subscribe());
    await firstValueFrom(combineLatest([0, 1, 2].map((i) => client!.presence$(personUri(i)))));
    const more = await firstValueFrom(combineLatest([3, 4, 5].map((i) => client!.presence$(personUri(i)))));
    expect(more.map((p) => p.uri)).toEqual([personUri(3), personUri(4), personUri(5)]);
    const subscriptions = sim.state().applications[0]?.presenceSubscriptions ?? [];
    expect(subscriptions.map((s) => s.members.length).sort()).toEqual([3, 3]);
    expect(sim.log.count({ method: 'POST', status: 403 })).toBeGreaterThanOrEqual(1);
    first.forEach((s) => s.unsubscribe());
  });
});

describe('a full subscription gets room back', () => {
  it('a subscription the server called full (403 on adding one) takes a contact again once one of its members left', async () => {
    // One subscription of 3 per application, one application: the fourth contact fits nowhere.
    sim = await startFastSimulator({ directory: generatedDirectory(5), limits: { maxContactsPerPresenceSubscription: 3, maxPresenceSubscriptionsPerApplication: 1 } });
    client = clientFor(sim, { presence: { maxContactsPerSubscription: 5, maxApplications: 1 } });
    const first = [0, 1, 2].map((i) => client!.presence$(personUri(i)).subscribe());
    await firstValueFrom(combineLatest([0, 1, 2].map((i) => client!.presence$(personUri(i)))));
    let refused: unknown;
    client.presence$(personUri(3)).subscribe({ error: (e: unknown) => (refused = e) });
    await eventually(() => refused !== undefined);
    expect(refused).toMatchObject({ kind: 'capacity' });
    // One leaves (after the grace period its membership is removed): the subscription has room for one.
    first[0]?.unsubscribe();
    await eventually(() => sim!.state().applications[0]?.presenceSubscriptions[0]?.members.length === 2);
    const values: string[] = [];
    let failed: unknown;
    first.push(client.presence$(personUri(4)).subscribe({ next: (p) => values.push(p.availability), error: (e: unknown) => (failed = e) }));
    await eventually(() => values.length > 0 || failed !== undefined);
    expect(failed).toBeUndefined();
    expect(sim.state().applications[0]?.presenceSubscriptions.map((s) => s.members.length)).toEqual([3]);
    first.forEach((s) => s.unsubscribe());
  });
});

describe('presence$ through an outage', () => {
  it('keeps trying while the pool is unreachable, and delivers once it is back', async () => {
    const { ManualClock } = await import('../../lib/simulator/index.js');
    const { settleBoth, trackingFetch } = await import('../support/simulator.js');
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    const tracking = trackingFetch();
    const settle = settleBoth(sim, tracking);
    client = clientFor(sim, { clock, fetch: tracking.fetch });
    // every request is dropped for a while: sign-in and subscription both fail more than their retries allow
    const outage = sim.injectFault({ fault: { kind: 'drop', when: 'before' }, times: Number.POSITIVE_INFINITY });
    const values: string[] = [];
    let failed: unknown;
    const subscription = client.presence$('sip:bob@contoso.com').subscribe({ next: (p) => values.push(p.availability), error: (e: unknown) => (failed = e) });
    for (let i = 0; i < 12; i++) await clock.advance(5000, settle);
    expect(failed).toBeUndefined();
    expect(values).toEqual([]);
    expect(sim.log.count({ status: 0 })).toBeGreaterThan(6);
    outage.cancel();
    for (let i = 0; i < 12 && values.length === 0; i++) await clock.advance(5000, settle);
    expect(values).toEqual(['Online']);
    expect(failed).toBeUndefined();
    subscription.unsubscribe();
  });
});
