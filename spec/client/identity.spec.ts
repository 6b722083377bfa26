import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { firstValueFrom, filter, type Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { fileStorage, memoryStorage } from '../../lib/node/index.js';
import { endpointIdKey, storedEndpointId } from '../../lib/identity/endpoint-id.js';
import type { UcwaStorage } from '../../lib/identity/storage.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const BOB = 'sip:bob@contoso.com';
const CAROL = 'sip:carol@contoso.com';
const DAVE = 'sip:dave@contoso.com';

let sim: Simulator | undefined;
const clients: UcwaClient[] = [];
const dirs: string[] = [];
const held: Subscription[] = [];

afterEach(async () => {
  held.splice(0).forEach((subscription) => subscription.unsubscribe());
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  await sim?.close();
  sim = undefined;
});

function client(simulator: Simulator, options: Parameters<typeof clientFor>[1]): UcwaClient {
  const made = clientFor(simulator, options);
  clients.push(made);
  return made;
}

const firstPresence = (of: UcwaClient, uri: string): Promise<unknown> => firstValueFrom(of.presence$(uri).pipe(filter((p) => p.availability !== undefined)));

describe('a stable endpointId (the storage option)', () => {
  it('a client started again with the same storage registers with the same endpointId, kept under the pool and the user', async () => {
    sim = await startFastSimulator();
    const storage = memoryStorage();
    const first = client(sim, { storage });
    await firstPresence(first, BOB);
    const [app] = sim.state().applications;
    await first.close();
    await eventually(() => sim?.state().applications.length === 0);
    const again = client(sim, { storage });
    await firstPresence(again, BOB);
    expect(sim.state().applications.map((a) => a.endpointId)).toEqual([app?.endpointId]);
    const key = endpointIdKey({ discoveryUrl: sim.discoveryUrl, username: 'Alice@Contoso.com' });
    expect(key).toContain(new URL(sim.discoveryUrl).origin);
    expect(key).toContain('alice@contoso.com');
    expect(await storage.get(key)).toBe(app?.endpointId);
  });

  it('an explicit endpointId wins over the storage; without storage (Node) each client makes its own', async () => {
    sim = await startFastSimulator();
    const storage = memoryStorage();
    const held = [client(sim, { storage, endpointId: 'chosen' }), client(sim, {}), client(sim, {})].map((each) => each.presence$(BOB).subscribe());
    await eventually(() => sim?.state().applications.length === 3);
    held.forEach((subscription) => subscription.unsubscribe());
    const ids = sim.state().applications.map((a) => a.endpointId);
    expect(ids).toHaveLength(3);
    expect(ids).toContain('chosen');
    expect(new Set(ids).size).toBe(3);
    expect(await storage.get(endpointIdKey({ discoveryUrl: sim.discoveryUrl, username: 'alice@contoso.com' }))).toBeUndefined();
  });

  it('fileStorage keeps the endpointId across a restart of the service (a new storage on the same file)', async () => {
    sim = await startFastSimulator();
    await mkdir(join(process.cwd(), '.tmp'), { recursive: true });
    const dir = await mkdtemp(join(process.cwd(), '.tmp', 'identity-'));
    dirs.push(dir);
    const path = join(dir, 'state', 'ucwa.json');
    const first = client(sim, { storage: fileStorage(path) });
    await firstPresence(first, BOB);
    const endpointId = sim.state().applications[0]?.endpointId;
    await first.close();
    const stored = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    expect(Object.values(stored)).toEqual([endpointId]);
    const restarted = client(sim, { storage: fileStorage(path) });
    await firstPresence(restarted, BOB);
    expect(sim.state().applications.map((a) => a.endpointId)).toEqual([endpointId]);
  });

  it('a page that went without deleting its instance: the next one joins the same application and leaves the leftover alone (it may be a live tab; nobody extends it, so it expires)', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    const storage = memoryStorage();
    const tracking = trackingFetch();
    const settle = settleBoth(sim, tracking);
    const crashed = client(sim, { storage, clock, fetch: tracking.fetch });
    const early = [crashed.presence$(BOB).subscribe(), crashed.presence$(CAROL).subscribe()];
    await eventually(() => sim?.state().applications[0]?.presenceSubscriptions[0]?.members.length === 2);
    // It goes away without its DELETE reaching the server (a crash, a lost request).
    const refused = sim.injectFault({ method: 'DELETE', times: Number.POSITIVE_INFINITY, fault: { kind: 'status', status: 403 } });
    early.forEach((subscription) => subscription.unsubscribe());
    await crashed.close();
    refused.cancel();
    const [left] = sim.state().applications;
    const leftover = left?.presenceSubscriptions[0];
    expect(left?.instances).toHaveLength(1);
    expect([...(leftover?.members ?? [])].sort()).toEqual([BOB, CAROL]);

    const next = client(sim, { storage, clock, fetch: tracking.fetch });
    const bob: string[] = [];
    const dave: string[] = [];
    held.push(next.presence$(BOB).subscribe((p) => bob.push(p.availability)), next.presence$(DAVE).subscribe((p) => dave.push(p.availability)));
    await eventually(() => bob.length > 0 && dave.length > 0);
    const [app] = sim.state().applications;
    expect(sim.state().applications).toHaveLength(1);
    expect(app?.id).toBe(left?.id);
    expect(app?.instances).toHaveLength(2);
    // Its own subscription for what it wants; the leftover untouched (no member removed, not deleted).
    expect(app?.presenceSubscriptions.map((s) => [...s.members].sort())).toEqual([[BOB, CAROL], [BOB, DAVE]]);
    expect(sim.log.count({ method: 'DELETE', path: `/${leftover?.id ?? 'none'}` })).toBe(0);
    // Half an hour on: the new page extended its own, nobody extended the leftover, which expired; the crashed instance expired too.
    for (let minute = 0; minute < 31; minute++) await clock.advance(60_000, settle);
    await eventually(() => sim?.state().applications[0]?.presenceSubscriptions.length === 1);
    expect(sim.state().applications[0]?.presenceSubscriptions.map((s) => [...s.members].sort())).toEqual([[BOB, DAVE]]);
    expect(sim.state().applications[0]?.instances).toHaveLength(1);
    sim.setPresence(BOB, { availability: 'Busy' });
    await clock.advance(5_000, settle);
    await eventually(() => bob.at(-1) === 'Busy');
  });
});

describe('storedEndpointId (what is read and written)', () => {
  const identity = { discoveryUrl: 'https://lyncdiscover.contoso.com/autodiscover/autodiscoverservice.svc/root?x=1', username: ' Alice@Contoso.com ' };

  it('keys by the discovery origin and path and the user in lower case; stores a new one once and finds it again', async () => {
    expect(endpointIdKey(identity)).toBe('ucwa-rx.endpointId https://lyncdiscover.contoso.com/autodiscover/autodiscoverservice.svc/root alice@contoso.com');
    const storage = memoryStorage();
    const made = await storedEndpointId(storage, identity);
    expect(await storage.get(endpointIdKey(identity))).toBe(made);
    expect(await storedEndpointId(storage, identity)).toBe(made);
    expect(await storedEndpointId(storage, { ...identity, username: 'bob@contoso.com' })).not.toBe(made);
  });

  it('replaces a stored value that cannot be an endpointId (empty, over 100 characters)', async () => {
    for (const bad of ['', '   ', 'x'.repeat(101)]) {
      const storage = memoryStorage({ [endpointIdKey(identity)]: bad });
      const chosen = await storedEndpointId(storage, identity);
      expect(chosen).not.toBe(bad);
      expect(await storage.get(endpointIdKey(identity))).toBe(chosen);
    }
  });

  it('a storage that throws or rejects gives a random one each time, never an error', async () => {
    const throwing: UcwaStorage = {
      get: () => {
        throw new Error('SecurityError');
      },
      set: () => undefined,
    };
    const rejecting: UcwaStorage = { get: () => Promise.resolve(undefined), set: () => Promise.reject(new Error('disk full')) };
    for (const storage of [throwing, rejecting]) {
      const [one, two] = [await storedEndpointId(storage, identity), await storedEndpointId(storage, identity)];
      expect(one).toMatch(/^[0-9a-f-]{36}$/);
      expect(one).not.toBe(two);
    }
  });

  it('two tabs making one at the same moment both use the one stored last', async () => {
    const storage = memoryStorage();
    const [first, second] = await Promise.all([storedEndpointId(storage, identity), storedEndpointId(storage, identity)]);
    expect(first).toBe(second);
    expect(await storage.get(endpointIdKey(identity))).toBe(first);
  });
});
