import { afterEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import { createPresenceCore, type PresenceCore } from '../../lib/resources/presence/presence-core.js';
import { PRESENCE } from '../../lib/resources/presence/presence-value.js';
import { startFastSimulator } from '../support/simulator.js';
import { generatedDirectory, personUri } from '../support/directory.js';
import { advanceUntil } from '../support/advance-until.js';

let sim: Simulator | undefined;
let core: PresenceCore | undefined;
let streams: Subscription[] = [];
afterEach(async () => {
  streams.forEach((s) => s.unsubscribe());
  streams = [];
  core?.streams.close();
  await core?.context.session.close();
  core?.context.channel.close();
  core?.context.clock.dispose();
  await sim?.close();
});

describe('contacts that fail are forgotten', () => {
  it('a contact refused for room while its presence href is being looked up is not routed when the lookup answers', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock, directory: generatedDirectory(12), limits: { maxContactsPerPresenceSubscription: 5, maxPresenceSubscriptionsPerApplication: 1 } });
    // myContacts (where presence lives) answers only after the creates have been refused.
    sim.injectFault({ method: 'GET', path: /\/people\/contacts$/, fault: { kind: 'latency', ms: 5_000 } });
    core = createPresenceCore(
      { discoveryUrl: sim.discoveryUrl, credentials: { username: 'alice@contoso.com', password: 'password' }, clock, gracePeriodMs: 50 },
      0,
      { durationMinutes: 30, maxContactsPerSubscription: 5, refreshMarginMs: 60_000 },
    );
    const errors: unknown[] = [];
    const values: string[] = [];
    for (let i = 0; i < 12; i++) streams.push(core.streams.value$(PRESENCE, personUri(i)).subscribe({ next: (p) => values.push(p.availability), error: (e: unknown) => errors.push(e) }));
    const { reconciler } = core;
    await advanceUntil(clock, sim!, () => errors.length === 7);
    // The refused ones fail before the lookup answers (it is held 5 s of simulator time).
    expect(sim.log.count({ method: 'GET', path: /\/people\/contacts$/, status: 200 })).toBe(0);
    for (const error of errors) expect(error).toMatchObject({ kind: 'capacity' });
    await advanceUntil(clock, sim!, () => values.length === 5);
    expect(reconciler.contacts.size).toBe(5);
    // Only the 5 watched contacts are routed: the 7 that failed are not kept.
    expect(new Set(reconciler.byFacetKey.values()).size).toBe(5);
    for (const contact of reconciler.byFacetKey.values()) expect(contact.failed).toBe(false);
  });
});
