import { afterEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import { createPresenceCore, type PresenceCore } from '../../lib/resources/presence/presence-core.js';
import { OverflowApplications } from '../../lib/resources/presence/overflow-applications.js';
import { PRESENCE } from '../../lib/resources/presence/presence-value.js';
import { startFastSimulator } from '../support/simulator.js';
import { generatedDirectory, personUri } from '../support/directory.js';
import { advanceUntil } from '../support/advance-until.js';

let sim: Simulator | undefined;
let main: PresenceCore | undefined;
let applications: OverflowApplications | undefined;
let streams: Subscription[] = [];
afterEach(async () => {
  streams.forEach((s) => s.unsubscribe());
  streams = [];
  await applications?.close();
  main?.streams.close();
  await main?.context.session.close();
  main?.context.channel.close();
  main?.context.clock.dispose();
  await sim?.close();
});

const CONTACTS = 25;
const uris = Array.from({ length: CONTACTS }, (_, i) => personUri(i));

describe('packing meets an application that refuses the room its limits show', () => {
  it('the contact offered back and refused at once goes on to an application with room, and is not offered back again and again', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock, directory: generatedDirectory(CONTACTS), limits: { maxContactsPerPresenceSubscription: 5, maxPresenceSubscriptionsPerApplication: 2 } });
    const options = { discoveryUrl: sim.discoveryUrl, credentials: { username: 'alice@contoso.com', password: 'password' }, clock, gracePeriodMs: 1000, endpointId: 'svc' };
    const reconcilerOptions = { durationMinutes: 30, maxContactsPerSubscription: 5, refreshMarginMs: 60_000 };
    main = createPresenceCore(options, 0, reconcilerOptions);
    applications = new OverflowApplications(options, reconcilerOptions, main, 4);
    const values = uris.map(() => [] as string[]);
    const errors: unknown[] = [];
    uris.forEach((uri, i) => streams.push(applications!.value$(PRESENCE, uri).subscribe({ next: (p) => values[i]?.push(p.availability), error: (e: unknown) => errors.push(e) })));
    await advanceUntil(clock, sim, () => values.every((v) => v.length > 0));
    expect(applications.cores).toHaveLength(3);

    // The client's own application stops taking contacts without telling its limits: each of its
    // subscriptions takes no more (its own view of its room), so a contact offered to it is
    // refused at once, with no request; the limits the applications share still show room.
    for (const subscription of main.reconciler.subscriptions.values()) subscription.addSize = 0;
    // Count the contacts the client's own application lets go (each refusal is one).
    let forgotten = 0;
    const packOnForget = main.reconciler.onForget;
    main.reconciler.onForget = () => {
      forgotten += 1;
      packOnForget?.();
    };
    const onMain = [...main.reconciler.contacts.keys()];
    const leaving = uris.findIndex((uri) => uri.toLowerCase() === onMain[0]);
    streams[leaving]?.unsubscribe();
    // Packing offers the room to a contact of the last application; it is refused and goes back
    // to room elsewhere. Time goes on: the same room is not offered in a loop (a loop never lets
    // the clock's advance return).
    for (let i = 0; i < 20; i++) await clock.advance(5_000, sim.settle);
    // 100 simulated seconds: the contact that left, and a refused offer about once a minute (not thousands).
    expect(forgotten).toBeGreaterThanOrEqual(2);
    expect(forgotten).toBeLessThanOrEqual(4);
    expect(errors).toEqual([]);
    const members = sim.state().applications.flatMap((a) => a.presenceSubscriptions.flatMap((p) => p.members)).sort();
    expect(members).toEqual(uris.filter((_, i) => i !== leaving).sort());
    const staying = uris.filter((_, i) => i !== leaving);
    // The application takes contacts again (nothing leaves to say so): once its refusal is
    // forgotten, packing looks again and fills the room.
    for (const subscription of main.reconciler.subscriptions.values()) subscription.addSize = Number.POSITIVE_INFINITY;
    const own = () => sim!.state().applications.find((a) => a.endpointId === 'svc')?.presenceSubscriptions.flatMap((p) => p.members).length;
    expect(own()).toBe(9);
    await advanceUntil(clock, sim, () => own() === 10);
    for (const uri of staying) sim.setPresence(uri, { availability: 'Away' });
    await advanceUntil(clock, sim, () => staying.every((uri) => values[uris.indexOf(uri)]?.at(-1) === 'Away'));
  });
});
