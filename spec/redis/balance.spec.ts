import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { createClient } from 'redis';
import type { Subscription } from 'rxjs';
import { createFleetClient, fleetKeys, type FleetClient } from '../../lib/redis/index.js';
import type { DirectorySpec, Simulator, SimulatorOptions } from '../../lib/simulator/index.js';
import { bundleReplicaScript, spawnReplica, type BundledScript, type ChildReplica } from './replica-process.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

/*
 * Several identities balanced over the replicas of a service (docs/fleet.md, "Balancing"): six
 * users, each watched by one fleet client per replica. Waits are hang guards only: how long the
 * fleet takes to converge (one hand-over per lease TTL per replica) is never asserted.
 */

const IDENTITIES = 6;
/** Short, so that the tests take seconds; waited on with hang guards only. */
const LEASE_TTL_MS = 3000;
const SHARE_TIMING = { heartbeatMs: 100, participantTimeoutMs: 1000 };
/** Convergence takes several hand-overs, each a sign-in: a generous guard against hangs. */
const GUARD_MS = 120_000;

const userOf = (i: number): string => `user${i}@contoso.com`;
const contactsOf = (i: number): [string, string] => [`sip:person${i}a@contoso.com`, `sip:person${i}b@contoso.com`];

/** Six users, each with two contacts of their own (first Online, second Busy). */
function directory(): DirectorySpec {
  const indices = Array.from({ length: IDENTITIES }, (_, i) => i);
  return {
    people: indices.flatMap((i) => {
      const [first, second] = contactsOf(i);
      return [
        { uri: `sip:${userOf(i)}`, name: `User ${i}`, presence: { availability: 'Online' as const } },
        { uri: first, name: `Person ${i}a`, presence: { availability: 'Online' as const } },
        { uri: second, name: `Person ${i}b`, presence: { availability: 'Busy' as const } },
      ];
    }),
    accounts: indices.map((i) => ({ uri: `sip:${userOf(i)}`, password: 'password', defaultGroup: contactsOf(i) })),
  };
}

let redis: TestRedis;
let admin: ReturnType<typeof createClient>;
let sim: Simulator | undefined;
let services = 0;
let replicaScript: BundledScript;
const fleetClients: FleetClient[] = [];
const subscriptions: Subscription[] = [];
const children: ChildProcess[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  redis = await startRedis();
  admin = createClient({ url: redis.url });
  admin.on('error', () => undefined);
  await admin.connect();
  replicaScript = await bundleReplicaScript('spec/redis/balance-replica.ts');
}, 120_000);
afterAll(async () => {
  admin.destroy();
  await redis.stop();
  await replicaScript.remove();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await Promise.all(fleetClients.splice(0).map((c) => c.close()));
  await sim?.close();
  sim = undefined;
});

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startFastSimulator({ directory: directory(), ...options });
  return sim;
}

/** A fresh service per test, with its own identities: nothing of another test counts. */
function freshService(): { readonly service: string; readonly identities: readonly string[] } {
  const service = `balance-${process.pid}-${++services}`;
  return { service, identities: Array.from({ length: IDENTITIES }, (_, i) => `${service}:${userOf(i)}`) };
}

type Fleet = ReturnType<typeof freshService>;

/** What one fleet client's presence$ delivered per contact, and any stream error or end. */
interface Watch {
  readonly values: Map<string, string[]>;
  readonly errors: string[];
}

/** A replica in this process: one fleet client per identity, each watching its user's contacts. */
interface Replica {
  readonly name: string;
  readonly clients: readonly FleetClient[];
  readonly seen: readonly Watch[];
}

function startReplica(server: Simulator, fleet: Fleet, name: string): Replica {
  const clients = fleet.identities.map((identity, i) => {
    const client = createFleetClient({
      discoveryUrl: server.discoveryUrl,
      credentials: { username: userOf(i), password: 'password' },
      gracePeriodMs: 50,
      redis: { url: redis.url },
      identity,
      service: fleet.service,
      replica: name,
      leaseTtlMs: LEASE_TTL_MS,
      shareTiming: SHARE_TIMING,
    });
    fleetClients.push(client);
    return client;
  });
  const seen = clients.map((client, i) => {
    const watch: Watch = { values: new Map(), errors: [] };
    for (const uri of contactsOf(i)) {
      watch.values.set(uri, []);
      subscriptions.push(
        client.presence$(uri).subscribe({
          next: (p) => watch.values.get(uri)?.push(p.availability),
          error: (e: unknown) => watch.errors.push(`${uri}: ${String(e)}`),
          complete: () => watch.errors.push(`${uri}: completed`),
        }),
      );
    }
    return watch;
  });
  return { name, clients, seen };
}

async function closeReplica(replica: Replica): Promise<void> {
  await Promise.all(replica.clients.map((client) => client.close()));
}

/** A replica as a child process (spec/redis/balance-replica.ts), its NDJSON output parsed line by line. */
function childReplica(server: Simulator, fleet: Fleet, name: string): ChildReplica {
  const config = {
    discoveryUrl: server.discoveryUrl,
    redisUrl: redis.url,
    service: fleet.service,
    replica: name,
    leaseTtlMs: LEASE_TTL_MS,
    identities: fleet.identities.map((identity, i) => ({ identity, username: userOf(i), contacts: contactsOf(i) })),
  };
  return spawnReplica(replicaScript.path, { UCWA_BALANCE: JSON.stringify(config) }, children);
}

/** The truth: each contact's availability on the server. */
type Truth = Map<string, string>;

function initialTruth(): Truth {
  return new Map(Array.from({ length: IDENTITIES }, (_, i) => contactsOf(i)).flatMap(([first, second]) => [[first, 'Online'], [second, 'Busy']]));
}

/** Sets a contact of every user to `availability`, on the server and in `truth`. */
function change(server: Simulator, truth: Truth, which: 0 | 1, availability: 'Away' | 'DoNotDisturb' | 'Online'): void {
  for (let i = 0; i < IDENTITIES; i++) {
    const uri = contactsOf(i)[which];
    server.setPresence(uri, { availability });
    truth.set(uri, availability);
  }
}

const replicaShows = (replica: Replica, truth: Truth): boolean => replica.seen.every((watch) => [...watch.values].every(([uri, values]) => values.at(-1) === truth.get(uri)));

/** The child's last value of each of its contacts equals the truth. */
const childShows = (lines: readonly Record<string, unknown>[], truth: Truth): boolean =>
  [...truth].every(([uri, availability]) => lines.filter((line) => line['uri'] === uri && 'availability' in line).at(-1)?.['availability'] === availability);

/** Every identity's two watched contacts went through exactly these values on each replica, with no stream error. */
function expectEveryChangeOnce(replicas: readonly Replica[], [first, second]: readonly [readonly string[], readonly string[]]): void {
  for (const replica of replicas) {
    replica.seen.forEach((watch, i) => {
      expect(watch.errors).toEqual([]);
      expect(watch.values.get(contactsOf(i)[0])).toEqual(first);
      expect(watch.values.get(contactsOf(i)[1])).toEqual(second);
    });
  }
}

const leads = (replica: Replica): number => replica.clients.filter((client) => client.leading).length;

/** Each identity's lease holder's replica, as Redis says (the lease value is `<replica>/<id>:<token>`). */
async function leaseReplicas(fleet: Fleet): Promise<(string | undefined)[]> {
  const values = await Promise.all(fleet.identities.map((identity) => admin.get(fleetKeys(identity).lease)));
  return values.map((value) => value?.split('/')[0]);
}

/** How many leases each replica holds, as Redis says: `a2 b2 c2` (by name; replicas without a lease left out). */
async function leaseCounts(fleet: Fleet): Promise<string> {
  const counts = new Map<string, number>();
  for (const replica of await leaseReplicas(fleet)) if (replica !== undefined) counts.set(replica, (counts.get(replica) ?? 0) + 1);
  return [...counts].sort(([x], [y]) => (x < y ? -1 : 1)).map(([replica, n]) => `${replica}${n}`).join(' ');
}

/** The tokens handed out per identity: how many leaderships there have been. */
async function tokens(fleet: Fleet): Promise<number[]> {
  return Promise.all(fleet.identities.map(async (identity) => Number((await admin.get(fleetKeys(identity).token)) ?? 0)));
}

/** Polls an async condition; the guard only catches hangs. */
async function until(condition: () => Promise<boolean> | boolean, guardMs = GUARD_MS): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > guardMs) throw new Error('condition not met in time (hang guard)');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Samples the in-process fleet clients all along: at no moment may two of them lead the same
 * identity (a leader stops before its lease is released or handed over).
 */
function watchSingleLeader(replicas: () => readonly Replica[]): { readonly violations: string[] } {
  const violations: string[] = [];
  const timer = setInterval(() => {
    for (let i = 0; i < IDENTITIES; i++) {
      const leaders = replicas().filter((replica) => replica.clients[i]?.leading);
      if (leaders.length > 1) violations.push(`identity ${i}: ${leaders.map((r) => r.name).join(', ')}`);
    }
  }, 2);
  cleanups.push(() => clearInterval(timer));
  return { violations };
}

/**
 * The terms of every leader message on each identity's bus, in Redis's order: the fence holds
 * when no message of a term comes after one of a higher term.
 */
async function monitorTerms(fleet: Fleet): Promise<{ readonly terms: number[][]; readonly fenceBreaks: () => string[] }> {
  const monitor = createClient({ url: redis.url });
  monitor.on('error', () => undefined);
  await monitor.connect();
  cleanups.push(() => monitor.destroy());
  const terms: number[][] = fleet.identities.map(() => []);
  await Promise.all(
    fleet.identities.map((identity, i) =>
      monitor.subscribe(fleetKeys(identity).bus, (text) => {
        const term = (JSON.parse(text) as { term?: unknown }).term;
        if (typeof term === 'number') terms[i]!.push(term);
      }),
    ),
  );
  const fenceBreaks = (): string[] =>
    terms.flatMap((list, i) => list.flatMap((term, k) => (k > 0 && term < Math.max(...list.slice(0, k)) ? [`identity ${i}: term ${term} after ${Math.max(...list.slice(0, k))}`] : [])));
  return { terms, fenceBreaks };
}

/** Each user has one application, holding a P-GET and watching exactly that user's contacts once. */
function oneClientPerIdentity(server: Simulator): boolean {
  const { applications, outstandingPgets } = server.state();
  if (applications.length !== IDENTITIES || outstandingPgets !== IDENTITIES) return false;
  return Array.from({ length: IDENTITIES }, (_, i) => i).every((i) => {
    const mine = applications.filter((app) => app.user.toLowerCase() === `sip:${userOf(i)}`);
    const members = mine.flatMap((app) => app.presenceSubscriptions.flatMap((subscription) => subscription.members)).map((uri) => uri.toLowerCase());
    return mine.length === 1 && JSON.stringify(members.sort()) === JSON.stringify([...contactsOf(i)].sort());
  });
}

/** Every application the fleet created came with a lease: never two clients for one leadership. */
async function applicationsPerLeadership(server: Simulator, fleet: Fleet): Promise<{ readonly created: number; readonly leaderships: number }> {
  const leaderships = (await tokens(fleet)).reduce((sum, n) => sum + n, 0);
  return { created: server.log.count({ method: 'POST', path: /\/applications$/ }), leaderships };
}

describe('identities balanced over the replicas of a service', () => {
  it('six identities all led by replica a: once b and c join, each leads two, the followers show the truth, and the server holds one client per identity', async () => {
    const server = await simulator();
    const fleet = freshService();
    const bus = await monitorTerms(fleet);
    const truth = initialTruth();
    const replicas: Replica[] = [];
    const single = watchSingleLeader(() => replicas);
    const a = startReplica(server, fleet, 'a');
    replicas.push(a);
    await eventually(() => leads(a) === IDENTITIES && replicaShows(a, truth)); // alone, it leads everything
    expect(await tokens(fleet)).toEqual(fleet.identities.map(() => 1));

    const [b, c] = [startReplica(server, fleet, 'b'), startReplica(server, fleet, 'c')];
    replicas.push(b, c);
    await until(() => replicas.every((r) => leads(r) === 2), GUARD_MS);
    const balanced = await tokens(fleet);
    expect(await leaseCounts(fleet)).toBe('a2 b2 c2');

    change(server, truth, 0, 'Away');
    await eventually(() => replicas.every((r) => replicaShows(r, truth)));
    await eventually(() => oneClientPerIdentity(server));
    // Converged: no hand-over since, and Redis agrees with the replicas.
    expect(await tokens(fleet)).toEqual(balanced);
    expect(replicas.map(leads)).toEqual([2, 2, 2]);
    const holders = await leaseReplicas(fleet);
    for (let i = 0; i < IDENTITIES; i++) expect(replicas.filter((r) => r.clients[i]!.leading).map((r) => r.name)).toEqual([holders[i]]);
    const { created, leaderships } = await applicationsPerLeadership(server, fleet);
    expect(created).toBeLessThanOrEqual(leaderships);
    expect(single.violations).toEqual([]);
    expect(bus.fenceBreaks()).toEqual([]);
    for (const replica of replicas) {
      replica.seen.forEach((watch, i) => {
        expect(watch.errors).toEqual([]);
        // Each change exactly once, through four hand-overs: no value lost, none repeated.
        expect(watch.values.get(contactsOf(i)[0])).toEqual(['Online', 'Away']);
        expect(watch.values.get(contactsOf(i)[1])).toEqual(['Busy']);
      });
    }
  }, 240_000);

  it('a replica SIGKILLed: its identities go to the other two (3 and 3); back, it gets its share again, with fencing tokens that only grow', async () => {
    const server = await simulator({ limits: { applicationInactivityMs: 2000 } });
    const fleet = freshService();
    const bus = await monitorTerms(fleet);
    const truth = initialTruth();
    const [a, b] = [startReplica(server, fleet, 'a'), startReplica(server, fleet, 'b')];
    const single = watchSingleLeader(() => [a, b]);
    let c = childReplica(server, fleet, 'c');
    await until(async () => (await leaseCounts(fleet)) === 'a2 b2 c2' && leads(a) === 2 && leads(b) === 2);
    await eventually(() => [a, b].every((r) => replicaShows(r, truth)) && childShows(c.lines, truth));

    c.child.kill('SIGKILL');
    change(server, truth, 1, 'Away'); // maybe while the identities c led have no leader
    await until(async () => leads(a) === 3 && leads(b) === 3 && (await leaseCounts(fleet)) === 'a3 b3');
    await eventually(() => [a, b].every((r) => replicaShows(r, truth)));

    c = childReplica(server, fleet, 'c');
    await until(async () => (await leaseCounts(fleet)) === 'a2 b2 c2' && leads(a) === 2 && leads(b) === 2);
    change(server, truth, 0, 'DoNotDisturb');
    await eventually(() => [a, b].every((r) => replicaShows(r, truth)) && childShows(c.lines, truth));
    // The killed replica's applications expire (their P-GETs' connections gone); one client per identity remains.
    await eventually(() => oneClientPerIdentity(server));

    expect(single.violations).toEqual([]);
    expect(bus.fenceBreaks()).toEqual([]);
    // Each leadership has a new, greater token: the last term on each bus is the identity's latest token.
    const latest = await tokens(fleet);
    bus.terms.forEach((terms, i) => expect(Math.max(...terms)).toBeLessThanOrEqual(latest[i]!));
    const { created, leaderships } = await applicationsPerLeadership(server, fleet);
    expect(created).toBeLessThanOrEqual(leaderships);
    expect(c.lines.filter((line) => 'error' in line)).toEqual([]);
    expectEveryChangeOnce([a, b], [['Online', 'DoNotDisturb'], ['Busy', 'Away']]);
  }, 300_000);

  it('a replica that closes hands its identities over at once (3 and 3); a new one gets its share again', async () => {
    const server = await simulator();
    const fleet = freshService();
    const bus = await monitorTerms(fleet);
    const truth = initialTruth();
    const replicas = [startReplica(server, fleet, 'a'), startReplica(server, fleet, 'b'), startReplica(server, fleet, 'c')];
    const single = watchSingleLeader(() => replicas);
    await until(() => replicas.every((r) => leads(r) === 2));
    await eventually(() => replicas.every((r) => replicaShows(r, truth)));

    const closing = replicas.pop()!;
    await closeReplica(closing);
    const [a, b] = replicas as [Replica, Replica];
    await until(async () => leads(a) === 3 && leads(b) === 3 && (await leaseCounts(fleet)) === 'a3 b3');
    change(server, truth, 1, 'Away');
    await eventually(() => replicas.every((r) => replicaShows(r, truth)));

    replicas.push(startReplica(server, fleet, 'c'));
    await until(async () => replicas.every((r) => leads(r) === 2) && (await leaseCounts(fleet)) === 'a2 b2 c2');
    change(server, truth, 0, 'DoNotDisturb');
    await eventually(() => replicas.every((r) => replicaShows(r, truth)));
    await eventually(() => oneClientPerIdentity(server)); // the closed replica's applications were deleted as it closed

    expect(single.violations).toEqual([]);
    expect(bus.fenceBreaks()).toEqual([]);
    const { created, leaderships } = await applicationsPerLeadership(server, fleet);
    expect(created).toBeLessThanOrEqual(leaderships);
    expectEveryChangeOnce([a, b], [['Online', 'DoNotDisturb'], ['Busy', 'Away']]);
  }, 300_000);
  it('a fourth replica joins a balanced fleet: one hand-over, not one from each replica at once (no overshoot, nothing to undo)', async () => {
    const server = await simulator();
    const fleet = freshService();
    const bus = await monitorTerms(fleet);
    const truth = initialTruth();
    const replicas = [startReplica(server, fleet, 'a'), startReplica(server, fleet, 'b'), startReplica(server, fleet, 'c')];
    const single = watchSingleLeader(() => replicas);
    await until(() => replicas.every((r) => leads(r) === 2));
    const before = (await tokens(fleet)).reduce((sum, n) => sum + n, 0);

    // 6 identities on 4 replicas: 2, 2, 1, 1. Each of a, b and c leads two more than d when it
    // joins; only one of them may give d a lease, or d ends with three and gives two back.
    replicas.push(startReplica(server, fleet, 'd'));
    await until(() => leads(replicas[3]!) >= 1);
    // Every hand-over sets its giver's slot for one TTL, and a, b and c all see d within TTL/3 of
    // its first heartbeat: once no slot is left, every hand-over d's arrival set off is done.
    await until(async () => (await admin.keys(`ucwa-rx:service:{${fleet.service}}:handover:*`)).length === 0);
    change(server, truth, 0, 'Away');
    await eventually(() => replicas.every((r) => replicaShows(r, truth)));
    await eventually(() => oneClientPerIdentity(server));
    expect(replicas.map(leads).sort()).toEqual([1, 1, 2, 2]);
    expect((await tokens(fleet)).reduce((sum, n) => sum + n, 0)).toBe(before + 1);
    expect(single.violations).toEqual([]);
    expect(bus.fenceBreaks()).toEqual([]);
    for (const replica of replicas) for (const watch of replica.seen) expect(watch.errors).toEqual([]);
  }, 300_000);
  it('a leader whose real client is still creating its application hands it over only once it exists (a close then would leave it on the server)', async () => {
    const server = await simulator();
    const fleet = freshService();
    const truth = initialTruth();
    // a's six applications take 5 s (simulator time) to create; b joins meanwhile.
    server.injectFault({ method: 'POST', path: /\/applications$/, times: IDENTITIES, fault: { kind: 'latency', ms: 5000 } });
    const a = startReplica(server, fleet, 'a');
    await eventually(() => leads(a) === IDENTITIES);
    const b = startReplica(server, fleet, 'b');
    await until(() => leads(a) === 3 && leads(b) === 3);
    await eventually(() => [a, b].every((r) => replicaShows(r, truth)));
    // Every application created is deleted when its leader hands over: none is left to expire.
    await eventually(() => oneClientPerIdentity(server));
    for (const replica of [a, b]) for (const watch of replica.seen) expect(watch.errors).toEqual([]);
  }, 300_000);
});
