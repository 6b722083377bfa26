import { afterEach, describe, expect, it } from '@jest/globals';
import type { Observable, Subscription } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { PinnedGroup } from '../../lib/resources/groups/pinned-group.js';
import { memoryStorage } from '../../lib/node/index.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const ALICE = 'alice@contoso.com';
const BOB = 'sip:bob@contoso.com';
const DAVE = 'sip:dave@contoso.com';

let sim: Simulator | undefined;
const clients: UcwaClient[] = [];
const held: Subscription[] = [];

afterEach(async () => {
  held.splice(0).forEach((subscription) => subscription.unsubscribe());
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await sim?.close();
  sim = undefined;
});

/** Everything a stream gave. */
interface Seen<T> {
  readonly values: T[];
  readonly errors: unknown[];
}

function watch<T>(stream: Observable<T>): Seen<T> {
  const seen: Seen<T> = { values: [], errors: [] };
  held.push(stream.subscribe({ next: (value) => seen.values.push(value), error: (error: unknown) => seen.errors.push(error) }));
  return seen;
}

const pinned = (seen: Seen<PinnedGroup>): string[] => seen.values.at(-1)?.contacts.map((contact) => contact.uri.toLowerCase()) ?? [];

describe('two clients of one profile (two tabs without sharing): instances of one application', () => {
  it('both watch presence, the pinned group and my presence on the shared application; when one closes, the other goes on', async () => {
    sim = await startFastSimulator();
    const storage = memoryStorage();
    const [a, b] = [clientFor(sim, { storage }), clientFor(sim, { storage })];
    clients.push(a, b);
    const seen = [a, b].map((client) => ({ bob: watch(client.presence$(BOB)), group: watch(client.pinnedGroup$), me: watch(client.myPresence$) }));
    await eventually(() => seen.every((s) => s.bob.values.length > 0 && s.group.values.length > 0 && s.me.values.length > 0));
    expect(sim.state().applications).toHaveLength(1);
    expect(sim.state().applications[0]?.instances).toHaveLength(2);

    sim.setPresence(BOB, { availability: 'Busy' });
    sim.addToPinnedGroup(ALICE, DAVE);
    await eventually(() => seen.every((s) => s.bob.values.at(-1)?.availability === 'Busy' && pinned(s.group).includes(DAVE)));
    // Each client keeps its own presence subscription (it never changes another instance's, which may be live).
    expect(sim.state().applications[0]?.presenceSubscriptions.map((s) => s.members.map((m) => m.toLowerCase()))).toEqual([[BOB], [BOB]]);

    const [closing, staying] = [a, b];
    clients.splice(0, 1);
    await closing.close();
    const [, rest] = seen;
    sim.setPresence(BOB, { availability: 'Away' });
    sim.removeFromPinnedGroup(ALICE, DAVE);
    await eventually(() => rest?.bob.values.at(-1)?.availability === 'Away' && !pinned(rest.group).includes(DAVE));
    await eventually(() => sim?.state().applications[0]?.instances.length === 1);
    await new Promise<void>((resolve, reject) => staying.setMyPresence('DoNotDisturb').subscribe({ complete: resolve, error: reject }));
    await eventually(() => rest?.me.values.at(-1)?.availability === 'DoNotDisturb');
    expect(seen.flatMap((s) => [...s.bob.errors, ...s.group.errors, ...s.me.errors])).toEqual([]);
    // The only 409: the second client's makeMeAvailable on an application already available (AlreadyExists, taken as done).
    expect(sim.log.entries({ status: 409 }).map((e) => `${e.method} ${e.path.replace(/applications\/\d+/, 'applications/N')}`)).toEqual(['POST /ucwa/oauth/v1/applications/N/me/makeMeAvailable']);
  });

  it('a client that joined later keeps presence flowing when the first one closes (the first deletes only its own subscription and instance)', async () => {
    sim = await startFastSimulator();
    const storage = memoryStorage();
    const first = clientFor(sim, { storage });
    clients.push(first);
    const early = watch(first.presence$(BOB));
    await eventually(() => early.values.length > 0);
    const later = clientFor(sim, { storage });
    clients.push(later);
    const bob = watch(later.presence$(BOB));
    await eventually(() => bob.values.length > 0);
    expect(sim.state().applications[0]?.presenceSubscriptions).toHaveLength(2);
    clients.splice(0, 1);
    await first.close();
    for (const availability of ['Busy', 'Away', 'Online'] as const) {
      sim.setPresence(BOB, { availability });
      await eventually(() => bob.values.at(-1)?.availability === availability);
    }
    expect(bob.errors).toEqual([]);
  });
});
