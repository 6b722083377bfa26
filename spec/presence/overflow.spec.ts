import { afterEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { generatedDirectory, personUri } from '../support/directory.js';
import { advanceUntil } from '../support/advance-until.js';
import { eventually } from '../support/test-server.js';
import { overflowEndpointId } from '../../lib/client-context.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
let streams: Subscription[] = [];
afterEach(async () => {
  streams.forEach((s) => s.unsubscribe());
  streams = [];
  await client?.close();
  await sim?.close();
});

// 2 subscriptions of 5 contacts per application: 25 contacts need 3 applications.
const limits = { maxContactsPerPresenceSubscription: 5, maxPresenceSubscriptionsPerApplication: 2 };
const CONTACTS = 25;

interface Watched {
  readonly values: string[];
  readonly errors: unknown[];
}

/** Watches contacts 0..24; returns what each stream got. */
function watchAll(c: UcwaClient): Watched[] {
  return Array.from({ length: CONTACTS }, (_, i) => {
    const watched: Watched = { values: [], errors: [] };
    streams.push(c.presence$(personUri(i)).subscribe({ next: (p) => watched.values.push(p.availability), error: (e: unknown) => watched.errors.push(e) }));
    return watched;
  });
}

const applicationsOn = (s: Simulator) => s.state().applications.map((a) => ({ endpointId: a.endpointId, members: a.presenceSubscriptions.flatMap((p) => p.members) }));

describe('contacts beyond one application go to overflow applications of the user', () => {
  it('25 contacts on 3 applications: every one gets its value and follows changes; the overflow applications go when their contacts leave; close leaves nothing', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock, directory: generatedDirectory(CONTACTS), limits });
    client = clientFor(sim, { clock, gracePeriodMs: 2000, endpointId: 'service-1', presence: { maxContactsPerSubscription: 5 } });
    const watched = watchAll(client);
    await advanceUntil(clock, sim!, () => watched.every((w) => w.values.length > 0));
    expect(watched.flatMap((w) => w.errors)).toEqual([]);
    const apps = applicationsOn(sim);
    // Derived endpointIds: a restart with the same endpointId finds the same overflow applications.
    expect(apps.map((a) => a.endpointId).sort()).toEqual(['service-1', 'service-1~1', 'service-1~2']);
    expect(apps.flatMap((a) => a.members).sort()).toEqual(Array.from({ length: CONTACTS }, (_, i) => personUri(i)).sort());
    expect(client.status().watchedContacts).toBe(CONTACTS);
    expect(client.status().presenceSubscriptions).toHaveLength(5);

    // Changes reach contacts on every application.
    const overflowMembers = apps.filter((a) => a.endpointId !== 'service-1').flatMap((a) => a.members);
    const mainMembers = apps.find((a) => a.endpointId === 'service-1')?.members ?? [];
    expect(overflowMembers).toHaveLength(15);
    for (const uri of [...mainMembers, ...overflowMembers]) sim.setPresence(uri, { availability: 'Busy' });
    await advanceUntil(clock, sim!, () => watched.every((w) => w.values.at(-1) === 'Busy'));

    // The overflow contacts leave: their applications are deleted after the grace period; the others stay live.
    const index = (uri: string) => Array.from({ length: CONTACTS }, (_, i) => personUri(i)).indexOf(uri);
    for (const uri of overflowMembers) streams[index(uri)]?.unsubscribe();
    await advanceUntil(clock, sim!, () => sim!.state().applications.length === 1);
    expect(applicationsOn(sim)).toEqual([{ endpointId: 'service-1', members: expect.arrayContaining(mainMembers) as unknown }]);
    expect(client.status().watchedContacts).toBe(10);
    sim.setPresence(mainMembers[0] ?? '', { availability: 'Away' });
    await advanceUntil(clock, sim!, () => watched[index(mainMembers[0] ?? '')]?.values.at(-1) === 'Away');

    await client.close();
    client = undefined;
    expect(sim.state().applications).toEqual([]);
  });

  it('with maxApplications 2 the contacts that fit in no application end with a CapacityError saying so; the others live', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock, directory: generatedDirectory(CONTACTS), limits });
    client = clientFor(sim, { clock, gracePeriodMs: 2000, presence: { maxContactsPerSubscription: 5, maxApplications: 2 } });
    const watched = watchAll(client);
    await advanceUntil(clock, sim!, () => watched.every((w) => w.values.length + w.errors.length > 0));
    expect(watched.filter((w) => w.errors.length === 0)).toHaveLength(20);
    const failed = watched.filter((w) => w.errors.length === 1);
    expect(failed).toHaveLength(5);
    for (const w of failed) {
      expect(w.values).toEqual([]);
      expect(w.errors[0]).toMatchObject({ kind: 'capacity', applications: 2, subscriptions: 2, contactsPerSubscription: 5 });
      expect((w.errors[0] as Error).message).toMatch(/no room is left in any of the 2 applications/);
    }
    expect(sim.state().applications).toHaveLength(2);
  });

  it('the pool refuses a further application (409 TooManyApplications): those contacts end with a CapacityError, not a wait, and the client stops asking', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock, directory: generatedDirectory(CONTACTS), limits: { ...limits, maxApplicationsPerUser: 2 } });
    client = clientFor(sim, { clock, gracePeriodMs: 2000, presence: { maxContactsPerSubscription: 5 } });
    const watched = watchAll(client);
    await advanceUntil(clock, sim!, () => watched.every((w) => w.values.length + w.errors.length > 0));
    const live = watched.filter((w) => w.errors.length === 0);
    expect(live).toHaveLength(20);
    const failed = watched.filter((w) => w.errors.length === 1);
    expect(failed).toHaveLength(5);
    for (const w of failed) {
      expect(w.errors[0]).toMatchObject({ kind: 'capacity', applications: 3, cause: { kind: 'tooManyApplications' } });
    }
    // The refused application is given up a grace period later: no endless 409s.
    const refusals = () => sim!.log.count({ method: 'POST', path: /\/applications$/, status: 409 });
    for (let i = 0; i < 10; i++) await clock.advance(2_000, sim.settle);
    const settled = refusals();
    expect(settled).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) await clock.advance(30_000, sim.settle);
    expect(refusals()).toBe(settled);
    // The contacts that fit still follow changes.
    const first = watched.findIndex((w) => w.errors.length === 0);
    sim.setPresence(personUri(first), { availability: 'DoNotDisturb' });
    await advanceUntil(clock, sim!, () => watched[first]?.values.at(-1) === 'DoNotDisturb');
    expect(sim.state().applications).toHaveLength(2);
  });

  it('a client that retries nothing (eventChannel.retry.maxRetries 0) gets the same CapacityError for a refused overflow application', async () => {
    sim = await startFastSimulator({ directory: generatedDirectory(CONTACTS), limits: { ...limits, maxApplicationsPerUser: 2 } });
    client = clientFor(sim, { eventChannel: { retry: { maxRetries: 0 } }, presence: { maxContactsPerSubscription: 5 } });
    const watched = watchAll(client);
    await eventually(() => watched.every((w) => w.values.length + w.errors.length > 0));
    expect(watched.filter((w) => w.errors.length === 0)).toHaveLength(20);
    const errors = watched.flatMap((w) => w.errors);
    expect(errors).toHaveLength(5);
    for (const error of errors) expect(error).toMatchObject({ kind: 'capacity', applications: 3, cause: { kind: 'tooManyApplications' } });
  });
});

describe('overflow application identities and the option', () => {
  it('the endpointId of overflow application n is the client\'s + ~n, within the 100 characters an endpointId may have', () => {
    expect(overflowEndpointId('service-1', 0)).toBe('service-1');
    expect(overflowEndpointId('service-1', 3)).toBe('service-1~3');
    const long = 'x'.repeat(100);
    expect(overflowEndpointId(long, 2)).toBe(`${'x'.repeat(98)}~2`);
    expect(overflowEndpointId(long, 2)).not.toBe(overflowEndpointId(long, 1));
  });

  it.each([0, 11, 1.5, Number.NaN])('presence.maxApplications %p is refused before anything is sent', async (maxApplications) => {
    sim = await startFastSimulator();
    let thrown: unknown;
    try {
      clientFor(sim, { presence: { maxApplications } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ kind: 'invalidArgument', argument: 'presence.maxApplications' });
    expect(sim.log.count({})).toBe(0);
  });
});
