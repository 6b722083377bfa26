import { afterEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { generatedDirectory, personUri } from '../support/directory.js';
import { advanceUntil } from '../support/advance-until.js';

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
const uris = Array.from({ length: CONTACTS }, (_, i) => personUri(i));

interface Watched {
  readonly values: string[];
  readonly errors: unknown[];
  completed: boolean;
}

function watchAll(c: UcwaClient): Watched[] {
  return uris.map((uri) => {
    const watched: Watched = { values: [], errors: [], completed: false };
    streams.push(c.presence$(uri).subscribe({ next: (p) => watched.values.push(p.availability), error: (e: unknown) => watched.errors.push(e), complete: () => (watched.completed = true) }));
    return watched;
  });
}

/** Each application's endpointId, id and members. */
const applicationsOn = (s: Simulator) =>
  s.state().applications.map((a) => ({ endpointId: a.endpointId, id: a.id, members: a.presenceSubscriptions.flatMap((p) => p.members) }));

async function watchedOverThreeApplications(): Promise<{ clock: ManualClock; watched: Watched[] }> {
  const clock = new ManualClock();
  sim = await startFastSimulator({ clock, directory: generatedDirectory(CONTACTS), limits });
  client = clientFor(sim, { clock, gracePeriodMs: 2000, endpointId: 'service-1', presence: { maxContactsPerSubscription: 5 } });
  const watched = watchAll(client);
  await advanceUntil(clock, sim!, () => watched.every((w) => w.values.length > 0));
  expect(watched.flatMap((w) => w.errors)).toEqual([]);
  return { clock, watched };
}

describe('overflow applications share the sign-in and the limits learnt', () => {
  it('one discovery and one token for the three applications; contacts the first refuses go straight to applications with room, which never send a create past the limits', async () => {
    await watchedOverThreeApplications();
    const s = sim!;
    expect(s.log.count({ method: 'POST', path: '/webticket/oauthtoken', status: 200 })).toBe(1);
    expect(s.log.count({ method: 'GET', path: /autodiscoverservice\.svc\/root$/ })).toBe(1);
    expect(s.log.count({ method: 'POST', path: /\/applications$/ })).toBe(3);
    const apps = applicationsOn(s);
    expect(apps).toHaveLength(3);
    for (const app of apps.filter((a) => a.endpointId !== 'service-1')) {
      // Each overflow application creates what fits (the limits learnt on the first) and nothing more.
      expect(s.log.count({ method: 'POST', path: new RegExp(`${app.id}/people/presenceSubscriptions$`), status: 403 })).toBe(0);
      expect(app.members.length).toBeGreaterThan(0);
    }
    // The first application learnt the limit with the creates it had on the wire at once.
    const main = apps.find((a) => a.endpointId === 'service-1');
    const refusedOnMain = s.log.count({ method: 'POST', path: new RegExp(`${main?.id ?? '?'}/people/presenceSubscriptions$`), status: 403 });
    expect(refusedOnMain).toBeGreaterThan(0);
    expect(refusedOnMain).toBeLessThanOrEqual(3);
  });
});

describe('overflow contacts are packed back when room appears', () => {
  it('the main application\'s contacts leave: contacts of the last application move into the room, their streams go on, and the emptied application is deleted', async () => {
    const { clock, watched } = await watchedOverThreeApplications();
    const before = applicationsOn(sim!);
    const main = before.find((a) => a.endpointId === 'service-1')?.members ?? [];
    const last = before.find((a) => a.endpointId === 'service-1~2')?.members ?? [];
    expect(main).toHaveLength(10);
    expect(last).toHaveLength(5);
    for (const uri of main) streams[uris.indexOf(uri)]?.unsubscribe();

    // 10 left: the 5 of the last application and 5 of the second fill the room; the last goes.
    await advanceUntil(clock, sim!, () => sim!.state().applications.length === 2 && applicationsOn(sim!).every((a) => a.members.length === (a.endpointId === 'service-1' ? 10 : 5)));
    const after = applicationsOn(sim!);
    expect(after.map((a) => a.endpointId).sort()).toEqual(['service-1', 'service-1~1']);
    const members = after.flatMap((a) => a.members);
    const staying = uris.filter((uri) => !main.includes(uri));
    expect([...members].sort()).toEqual([...staying].sort());
    expect(after.find((a) => a.endpointId === 'service-1')?.members).toEqual(expect.arrayContaining(last));

    // The moved streams never ended and follow changes from their new application.
    for (const uri of staying) {
      const w = watched[uris.indexOf(uri)];
      expect(w?.errors).toEqual([]);
      expect(w?.completed).toBe(false);
    }
    for (const uri of staying) sim!.setPresence(uri, { availability: 'Busy' });
    await advanceUntil(clock, sim!, () => staying.every((uri) => watched[uris.indexOf(uri)]?.values.at(-1) === 'Busy'));
    expect(client!.status().watchedContacts).toBe(15);
  });

  it('a contact watched again while it is on an overflow application is served there: no second membership', async () => {
    const { clock } = await watchedOverThreeApplications();
    const onLast = applicationsOn(sim!).find((a) => a.endpointId === 'service-1~2')?.members[0] ?? '';
    const again: string[] = [];
    streams.push(client!.presence$(onLast).subscribe((p) => again.push(p.availability)));
    await advanceUntil(clock, sim!, () => again.length > 0);
    expect(applicationsOn(sim!).flatMap((a) => a.members).filter((m) => m === onLast)).toHaveLength(1);
  });
});

describe('the overflow applications\' trouble', () => {
  it('shows on the client\'s diagnostics$, also to a listener that came after the overflow application was created', async () => {
    const { clock, watched } = await watchedOverThreeApplications();
    const diagnostics: { kind: string }[] = [];
    streams.push(client!.diagnostics$.subscribe((error) => diagnostics.push(error)));
    const last = applicationsOn(sim!).find((a) => a.endpointId === 'service-1~2');
    sim!.injectFault({ method: 'GET', path: new RegExp(`/applications/${last?.id ?? '?'}/events`), fault: { kind: 'malformed', body: 'truncated-json' }, times: 1 });
    // An event releases the P-GET held now; the next one is answered with a truncated body.
    const uri = last?.members[0] ?? '';
    sim!.setPresence(uri, { availability: 'Away' });
    await advanceUntil(clock, sim!, () => diagnostics.some((d) => d.kind === 'decode'));
    // The channel goes on: a later change still arrives.
    sim!.setPresence(uri, { availability: 'Busy' });
    await advanceUntil(clock, sim!, () => watched[uris.indexOf(uri)]?.values.at(-1) === 'Busy');
  });
});

describe('packing when an application refuses what its limits said it could take', () => {
  it('a contact moved back and refused (403 LimitExceeded) goes on where there is room and is not offered back at once: no endless back and forth', async () => {
    const { clock, watched } = await watchedOverThreeApplications();
    const main = applicationsOn(sim!).find((a) => a.endpointId === 'service-1');
    const leaving = main?.members[0] ?? '';
    // Every add to the client's own application is refused for room from now on.
    sim!.injectFault({ method: 'POST', path: new RegExp(`/applications/${main?.id ?? '?'}/people/presenceSubscriptionMemberships\\?`), fault: { kind: 'status', status: 403, code: 'Forbidden', subcode: 'LimitExceeded' }, times: Number.POSITIVE_INFINITY });
    streams[uris.indexOf(leaving)]?.unsubscribe();
    // An add is a POST to the subscription's memberships (its addToPresenceSubscription link).
    const adds = () => sim!.log.count({ method: 'POST', path: /presenceSubscriptionMemberships\?/ });
    // The room the leaving contact made is offered, refused, and the moved contact stays live elsewhere.
    await advanceUntil(clock, sim!, () => sim!.log.count({ method: 'POST', path: /presenceSubscriptionMemberships\?/, status: 403 }) > 0);
    const staying = uris.filter((uri) => uri !== leaving);
    await advanceUntil(clock, sim!, () => {
      const members = applicationsOn(sim!).flatMap((a) => a.members).sort();
      return JSON.stringify(members) === JSON.stringify([...staying].sort());
    });
    for (const uri of staying) expect(watched[uris.indexOf(uri)]?.errors).toEqual([]);
    // Quiet for a simulated minute: the refused room is not offered again and again.
    const before = adds();
    for (let i = 0; i < 10; i++) await clock.advance(5_000, sim!.settle);
    expect(adds() - before).toBeLessThanOrEqual(1);
    for (const uri of staying) sim!.setPresence(uri, { availability: 'Away' });
    await advanceUntil(clock, sim!, () => staying.every((uri) => watched[uris.indexOf(uri)]?.values.at(-1) === 'Away'));
  });
});
