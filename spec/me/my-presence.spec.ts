import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom, lastValueFrom, take, toArray, type Observable, type Subscription } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { isHttpError, isUcwaErrorOfKind } from '../../lib/errors/guards.js';
import type { MyPresence } from '../../lib/resources/me/me-types.js';
import { startMutatingProxy, throughProxy } from '../http/support/mutating-proxy.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

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

const ALICE = 'alice@contoso.com';

/** Collects a stream's values; the subscription ends with the test. */
function collect<T>(source: Observable<T>): { values: T[]; errors: unknown[] } {
  const seen = { values: [] as T[], errors: [] as unknown[] };
  subscriptions.push(source.subscribe({ next: (v) => seen.values.push(v), error: (e: unknown) => seen.errors.push(e) }));
  return seen;
}

describe('me$', () => {
  it('says who the user is from the embedded me, without making her available', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const me = await firstValueFrom(client.me$);
    expect(me).toMatchObject({ uri: 'sip:alice@contoso.com', name: 'Alice Anders', title: 'Product Manager', department: 'Product' });
    expect(me.emailAddresses).toContain('alice@contoso.com');
    expect(me.photoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ucwa\/oauth\/v1\/applications\/\d+\/photos\/alice@contoso\.com$/);
    expect(sim.userState(ALICE).availableApplications).toEqual([]);
    expect(sim.requests.count({ method: 'POST', path: 'makeMeAvailable' })).toBe(0);
  });

  it('is read again when the server says me changed (makeMeAvailable gives it an endpointUri)', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const me = collect(client.me$);
    await eventually(() => me.values.length === 1);
    expect(me.values[0]?.endpointUri).toBeUndefined();
    collect(client.myPresence$);
    await eventually(() => me.values.at(-1)?.endpointUri !== undefined);
    expect(me.values.at(-1)?.endpointUri).toMatch(/^sip:alice@contoso\.com;opaque=user:epid:/);
  });
});

describe('myPresence$ and its writes', () => {
  it('makes the user available with Messaging, then shows and changes her presence', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const presence = collect(client.myPresence$);
    await eventually(() => presence.values.length > 0);
    expect(presence.values[0]).toEqual({ availability: 'Online', activity: undefined });
    expect(sim.userState(ALICE).availableApplications).toHaveLength(1);
    expect(sim.state().applications[0]?.available?.modalities).toEqual(['Messaging']);

    await lastValueFrom(client.setMyPresence('Busy'), { defaultValue: undefined });
    expect(sim.userState(ALICE)).toMatchObject({ preferredAvailability: 'Busy', presence: { availability: 'Busy' } });
    await eventually(() => presence.values.at(-1)?.availability === 'Busy');

    await lastValueFrom(client.setMyPresence('Offwork'), { defaultValue: undefined });
    await eventually(() => presence.values.at(-1)?.activity === 'off-work');
    expect(presence.values.at(-1)).toEqual({ availability: 'Away', activity: 'off-work' });

    await lastValueFrom(client.resetMyPresence(), { defaultValue: undefined });
    expect(sim.userState(ALICE).preferredAvailability).toBeUndefined();
    await eventually(() => presence.values.at(-1)?.availability === 'Online');
  });

  it('follows changes made elsewhere (another device of hers)', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const presence = collect(client.myPresence$);
    await eventually(() => presence.values.length > 0);
    sim.setPresence('sip:alice@contoso.com', { availability: 'DoNotDisturb', activity: 'presenting' });
    await eventually(() => presence.values.at(-1)?.availability === 'DoNotDisturb');
    expect(presence.values.at(-1)).toEqual({ availability: 'DoNotDisturb', activity: 'presenting' });
  });

  it('refuses an availability the user cannot ask for before sending anything', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const error = await lastValueFrom(client.setMyPresence('IdleOnline' as 'Online')).catch((e: unknown) => e);
    expect(isUcwaErrorOfKind(error, 'invalidArgument')).toBe(true);
    expect(sim.state().applications).toEqual([]);
  });

  it('takes availabilities in any letter case, as the server does', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    await lastValueFrom(client.setMyPresence('berightback' as 'BeRightBack'), { defaultValue: undefined });
    expect(sim.userState(ALICE).preferredAvailability).toBe('BeRightBack');
  });

  it('a write alone makes the user available, and the application goes a grace period after it is accepted', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    await lastValueFrom(client.setMyPresence('DoNotDisturb'), { defaultValue: undefined });
    expect(sim.userState(ALICE).presence.availability).toBe('DoNotDisturb');
    await eventually(() => sim!.state().applications.length === 0);
    // Her last available application went: she is signed out (UCWA presence lives with the application).
    expect(sim.userState(ALICE).presence.availability).toBe('Offline');
  });

  it('a write is retried through transient failures and completes once accepted', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { retry: { transient: { baseDelayMs: 5, maxRetries: 0 } } });
    collect(client.myPresence$);
    await eventually(() => sim!.userState(ALICE).availableApplications.length === 1);
    sim.injectFault({ method: 'POST', path: '/me/presence', times: 2, fault: { kind: 'status', status: 503 } });
    sim.injectFault({ method: 'POST', path: '/me/presence', times: 1, fault: { kind: 'drop', when: 'before' } });
    await lastValueFrom(client.setMyPresence('Away'), { defaultValue: undefined });
    expect(sim.userState(ALICE).preferredAvailability).toBe('Away');
    expect(sim.requests.count({ method: 'POST', path: '/me/presence' })).toBe(4);
  });

  it('a refusal of a write errors it with the typed error of the page (400 for a location over 60 characters)', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const error = await lastValueFrom(client.setMyLocation('x'.repeat(61))).catch((e: unknown) => e);
    expect(isHttpError(error, 400)).toBe(true);
    expect(isHttpError(error) && error.code).toBe('BadRequest');
    expect(isHttpError(error) && error.subcode).toBe('ParameterValidationFailure');
  });

  it('a refused makeMeAvailable (modalities the pool does not allow) errors what needs availability with 403, not me$', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { me: { supportedModalities: ['Audio'] } });
    const me = collect(client.me$);
    const presence = collect(client.myPresence$);
    const write = await lastValueFrom(client.setMyNote('hello')).catch((e: unknown) => e);
    await eventually(() => presence.errors.length === 1);
    expect(isHttpError(presence.errors[0], 403)).toBe(true);
    expect(isHttpError(write, 403)).toBe(true);
    expect(me.errors).toEqual([]);
    expect(me.values).toHaveLength(1);
  });

  it('a second client of the same user sees her changes on her own presence stream', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const other = clientFor(sim, { endpointId: 'second-device' });
    try {
      const presence = collect(client.myPresence$);
      await eventually(() => presence.values.length > 0);
      await lastValueFrom(other.setMyPresence('BeRightBack'), { defaultValue: undefined });
      await eventually(() => presence.values.at(-1)?.availability === 'BeRightBack');
    } finally {
      await other.close();
    }
  });
});

describe('my note and location', () => {
  it('shows, sets and resets the personal note; the out-of-office note set elsewhere shows too', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const note = collect(client.myNote$);
    await eventually(() => note.values.length > 0);
    await lastValueFrom(client.setMyNote('Heads down today'), { defaultValue: undefined });
    await eventually(() => note.values.at(-1)?.message === 'Heads down today');
    expect(note.values.at(-1)).toEqual({ message: 'Heads down today', type: 'Personal' });
    sim.setNote('sip:alice@contoso.com', { message: 'On leave', type: 'OutOfOffice' });
    await eventually(() => note.values.at(-1)?.type === 'OutOfOffice');
    sim.setNote('sip:alice@contoso.com', undefined);
    await lastValueFrom(client.resetMyNote(), { defaultValue: undefined });
    await eventually(() => note.values.at(-1)?.message === undefined);
    expect(sim.userState(ALICE).note).toBeUndefined();
  });

  it('shows, sets and clears the location', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const location = collect(client.myLocation$);
    await eventually(() => location.values.length > 0);
    await lastValueFrom(client.setMyLocation('Building 7'), { defaultValue: undefined });
    await eventually(() => location.values.at(-1)?.location === 'Building 7');
    expect(sim.userState(ALICE).location).toBe('Building 7');
    await lastValueFrom(client.resetMyLocation(), { defaultValue: undefined });
    await eventually(() => location.values.at(-1)?.location === undefined);
  });
});

describe('my presence through a reset', () => {
  for (const [name, lose] of [
    ['a resume (the server dropped availability)', (s: Simulator) => s.forceResume()],
    ['an application expiry (the application is created again)', (s: Simulator) => s.expireApplication()],
    ['a resync', (s: Simulator) => s.forceResync()],
  ] as const) {
    it(`makes the user available again and sets what she chose again after ${name}`, async () => {
      sim = await startFastSimulator();
      client = clientFor(sim, { eventChannel: { retry: { baseDelayMs: 5, jitter: 0 } } });
      const presence = collect(client.myPresence$);
      await lastValueFrom(client.setMyPresence('Busy'), { defaultValue: undefined });
      await eventually(() => presence.values.at(-1)?.availability === 'Busy');
      const before = sim.requests.count({ method: 'POST', path: 'makeMeAvailable' });
      const reset = firstValueFrom(client.resets$);
      lose(sim);
      await reset;
      await eventually(() => sim!.userState(ALICE).availableApplications.length === 1 && sim!.userState(ALICE).preferredAvailability === 'Busy');
      expect(sim.userState(ALICE).presence.availability).toBe('Busy');
      // A resync keeps availability: nothing is made again.
      expect(sim.requests.count({ method: 'POST', path: 'makeMeAvailable' })).toBe(name === 'a resync' ? before : before + 1);
      sim.setPresence('sip:alice@contoso.com', { availability: 'DoNotDisturb' });
      await eventually(() => presence.values.at(-1)?.availability === 'DoNotDisturb');
      expect(presence.errors).toEqual([]);
    });
  }

  it('a write sent into a resume is sent again once the user is available again', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { eventChannel: { retry: { baseDelayMs: 5, jitter: 0 } } });
    const presence = collect(client.myPresence$);
    await eventually(() => presence.values.length > 0);
    sim.forceResume();
    // Until the client learns of the resume, a write gets 409 MakeMeAvailableRequired: it is not an error.
    await lastValueFrom(client.setMyNote('after the resume'), { defaultValue: undefined });
    expect(sim.userState(ALICE).note?.message).toBe('after the resume');
    expect(sim.userState(ALICE).availableApplications).toHaveLength(1);
  });
});

describe('my presence when the application changes', () => {
  it('a second client with the same endpointId joins the application as an instance of its own: no take-over, one application available, both go on', async () => {
    sim = await startFastSimulator();
    const urls: string[] = [];
    client = clientFor(sim, { endpointId: 'replica', onExchange: (e) => urls.push(e.url) });
    const other = clientFor(sim, { endpointId: 'replica' });
    try {
      const resets: string[] = [];
      client.resets$.subscribe((signal) => resets.push(signal.reason));
      const presence = collect(client.myPresence$);
      await eventually(() => presence.values.length > 0);
      const bob = collect(other.presence$('sip:bob@contoso.com')); // polls its own channel of the same application
      await eventually(() => bob.values.length > 0 && sim!.state().outstandingPgets === 2);
      const [app] = sim.state().applications;
      expect(sim.state().applications).toHaveLength(1);
      expect(app?.instances).toHaveLength(2);
      expect(app?.available).toBeDefined();
      const since = urls.length;
      await lastValueFrom(client.setMyNote('from the shared application'), { defaultValue: undefined });
      const mine = urls.slice(since).filter((url) => url.includes('/me'));
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((url) => url.includes(`/applications/${app?.id}/`))).toBe(true);
      expect(sim.userState(ALICE).note?.message).toBe('from the shared application');
      expect(resets).toEqual([]);
      expect(sim.log.count({ status: 409 })).toBe(0);
      expect(presence.errors).toEqual([]);
      expect(bob.errors).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('other forms of the me resource', () => {
  it("me_ref.md's form, with the makeMeAvailable link still there once available: made available once, not again and again", async () => {
    sim = await startFastSimulator();
    // me_ref.md's sample lists makeMeAvailable next to presence, note, location and reportMyActivity.
    const proxy = await startMutatingProxy(sim.origin, (exchange) => {
      if (exchange.method !== 'GET' || !/\/me$/.test(exchange.url) || exchange.status !== 200) return undefined;
      const me = JSON.parse(exchange.body.toString('utf8')) as { _links: Record<string, { href: string }> };
      me._links.makeMeAvailable = { href: `${exchange.url}/makeMeAvailable` };
      return { kind: 'replace', status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(me) };
    });
    try {
      client = clientFor(sim, { discoveryUrl: throughProxy(sim.discoveryUrl, proxy) });
      const presence = collect(client.myPresence$);
      await eventually(() => presence.values.length > 0);
      await lastValueFrom(client.setMyPresence('Busy'), { defaultValue: undefined });
      await eventually(() => presence.values.at(-1)?.availability === 'Busy');
      expect(sim.requests.count({ method: 'POST', path: 'makeMeAvailable' })).toBe(1);
      // The embedded me, then me read after makeMeAvailable and on its updated event: no more.
      expect(sim.requests.count({ method: 'GET', path: /\/me$/ })).toBeLessThanOrEqual(2);
    } finally {
      await client?.close();
      client = undefined;
      await proxy.close();
    }
  });
});

describe('values are replayed', () => {
  it('a second subscriber gets the last value at once', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const first = collect(client.myPresence$);
    await eventually(() => first.values.length > 0);
    const second: MyPresence[] = await firstValueFrom(client.myPresence$.pipe(take(1), toArray()));
    expect(second).toEqual([first.values.at(-1)]);
  });
});
