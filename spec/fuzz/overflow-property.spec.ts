import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { generatedDirectory, personUri } from '../support/directory.js';
import { advanceUntil } from '../support/advance-until.js';
import { checkAsyncProperty } from '../support/fuzz.js';

/**
 * Contacts spread over applications, under any sequence of watching and leaving: with 2
 * subscriptions of 3 contacts per application (6 contacts each) and up to 4 applications, after
 * each step settles, every watched contact has its current value and exactly one membership on
 * the server, nothing else is a member, no stream ended, and the applications are as few as the
 * contacts need (ceil(watched / 6)): contacts of the last applications move into the room that
 * leaving contacts made in earlier ones, and emptied applications are deleted.
 */
const CONTACTS = 20;
const PER_APPLICATION = 6;
const limits = { maxContactsPerPresenceSubscription: 3, maxPresenceSubscriptionsPerApplication: 2 };

let sim: Simulator;
let clock: ManualClock;
beforeAll(async () => {
  clock = new ManualClock();
  sim = await startFastSimulator({ clock, directory: generatedDirectory(CONTACTS), limits });
});
afterAll(async () => {
  await sim.close();
});

const membersOn = () => sim.state().applications.map((a) => a.presenceSubscriptions.flatMap((p) => p.members));

/** A step: watch these contacts, or leave them (indices into the directory). */
const step = fc.record({ watch: fc.boolean(), contacts: fc.uniqueArray(fc.integer({ min: 0, max: CONTACTS - 1 }), { minLength: 1, maxLength: 8 }) });

describe('overflow placement and packing (property)', () => {
  it('after any sequence of watching and leaving, every watched contact is live on exactly one application, and emptied applications go', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const client = clientFor(sim, { clock, gracePeriodMs: 1000, presence: { maxContactsPerSubscription: 3, maxApplications: 4 } });
        const live = new Map<number, { sub: Subscription; values: string[]; ended: boolean }>();
        try {
          for (const { watch, contacts } of steps) {
            for (const i of contacts) {
              if (watch && !live.has(i)) {
                const entry = { sub: undefined as unknown as Subscription, values: [] as string[], ended: false };
                entry.sub = client.presence$(personUri(i)).subscribe({ next: (p) => entry.values.push(p.availability), error: () => (entry.ended = true), complete: () => (entry.ended = true) });
                live.set(i, entry);
              } else if (!watch && live.has(i)) {
                live.get(i)?.sub.unsubscribe();
                live.delete(i);
              }
            }
            const watched = [...live.keys()].map((i) => personUri(i)).sort();
            const settled = (): boolean => {
              const members = membersOn().flat().sort();
              return JSON.stringify(members) === JSON.stringify(watched) && [...live.values()].every((e) => e.values.length > 0);
            };
            await advanceUntil(clock, sim, settled);
            expect([...live.values()].filter((e) => e.ended)).toEqual([]);
            // Packed: contacts of the last applications move into earlier ones' room, and emptied
            // applications are deleted after their grace period: no more applications than needed.
            const needed = Math.ceil(watched.length / PER_APPLICATION);
            await advanceUntil(clock, sim, () => membersOn().length === needed && membersOn().every((members) => members.length > 0));
            expect(membersOn().flat().sort()).toEqual(watched);
          }
          // The values are the server's: a change reaches every watched contact.
          for (const i of live.keys()) sim.setPresence(personUri(i), { availability: 'Busy' });
          await advanceUntil(clock, sim, () => [...live.values()].every((e) => e.values.at(-1) === 'Busy'));
          for (const i of live.keys()) sim.setPresence(personUri(i), { availability: 'Online' });
        } finally {
          live.forEach((e) => e.sub.unsubscribe());
          await client.close();
        }
        expect(sim.state().applications).toEqual([]);
      }),
      8,
    );
  });
});
