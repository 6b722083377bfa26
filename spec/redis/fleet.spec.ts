import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import type { Subscription } from 'rxjs';
import { createUcwaClient } from '../../lib/client.js';
import type { UcwaClient } from '../../lib/client.js';
import { createClient } from 'redis';
import { createFleetClient, fleetKeys, type FleetClient } from '../../lib/redis/index.js';
import type { Simulator, SimulatorOptions } from '../../lib/simulator/index.js';
import { bundleReplicaScript, spawnReplica, type BundledScript, type ChildReplica } from './replica-process.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const BOB = 'sip:bob@contoso.com';
const CAROL = 'sip:carol@contoso.com';
const CONTACTS = [BOB, CAROL];
/** Short, so that the fault tests take seconds; tests wait on it with `eventually` only (no speed assertion). */
const LEASE_TTL_MS = 3000;
const SHARE_TIMING = { heartbeatMs: 100, participantTimeoutMs: 1000 };

let redis: TestRedis;
let sim: Simulator | undefined;
let identity = 0;
let replicaScript: BundledScript;
const clients: UcwaClient[] = [];
const subscriptions: Subscription[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  replicaScript = await bundleReplicaScript('spec/redis/fleet-replica.ts');
}, 120_000);
afterAll(async () => {
  await redis.stop();
  await replicaScript.remove();
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim?.close();
  sim = undefined;
});

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await startFastSimulator(options);
  return sim;
}

/** A replica in this process: its own fleet client, with its own two Redis connections (to `url`, Redis's by default). */
function replica(server: Simulator, name: string, url = redis.url): FleetClient {
  const client = createFleetClient({
    discoveryUrl: server.discoveryUrl,
    credentials: { username: 'alice@contoso.com', password: 'password' },
    gracePeriodMs: 50,
    redis: { url },
    identity: name,
    leaseTtlMs: LEASE_TTL_MS,
    shareTiming: SHARE_TIMING,
  });
  clients.push(client);
  return client;
}

/** What a replica's presence$ delivered for each contact, and any stream error. */
interface Watch {
  readonly values: Map<string, string[]>;
  readonly errors: string[];
}

function watch(client: UcwaClient, uris: readonly string[] = CONTACTS): Watch {
  const seen: Watch = { values: new Map(), errors: [] };
  for (const uri of uris) {
    seen.values.set(uri, []);
    subscriptions.push(
      client.presence$(uri).subscribe({ next: (p) => seen.values.get(uri)?.push(p.availability), error: (e: unknown) => seen.errors.push(`${uri}: ${String(e)}`), complete: () => seen.errors.push(`${uri}: completed`) }),
    );
  }
  return seen;
}

const current = (seen: Watch, uri: string): string | undefined => seen.values.get(uri)?.at(-1);
const shows = (seen: Watch, truth: Record<string, string>): boolean => Object.entries(truth).every(([uri, availability]) => current(seen, uri) === availability);
const fresh = (): string => `fleet-${process.pid}-${++identity}`;

/** The contacts the server holds in presence subscriptions, over every application (a contact twice is a duplicate). */
function subscribed(server: Simulator): string[] {
  return server
    .state()
    .applications.flatMap((app) => app.presenceSubscriptions.flatMap((subscription) => subscription.members))
    .sort();
}

/**
 * Requests by route, without the event channel's (how many P-GETs go out depends on how long a
 * test runs). A contact's details are read alone or in a batch with others, by how requests happen
 * to group in time: both count as one route.
 */
function requestsBesidesEvents(server: Simulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [route, count] of Object.entries(server.log.countsByRoute())) {
    if (/\/events$/.test(route)) continue;
    const kind = /^POST .*\/batch$/.test(route) || /^GET .*\/people\/[^/]+@[^/]+$/.test(route) ? 'contact details, alone or batched' : route;
    counts[kind] = (counts[kind] ?? 0) + count;
  }
  return counts;
}

/** A read of a contact's presence or details: requests a single client itself sends once or twice, by timing. */
const isContactRead = (route: string): boolean => /^GET .*\/presence$/.test(route) || route === 'contact details, alone or batched';

/**
 * The fleet's requests against a single client's: the same routes, each as many times, except a
 * contact's reads (presence, details), which differ by at most one: a single client itself reads a
 * contact once more or not, run to run, when a value changes right as its subscription starts or
 * the contact list arrives during a lookup. Everything that creates server state (sign-in,
 * application, subscriptions, memberships) is compared exactly. Three clients without sharing
 * would send each request at least three times.
 */
function sameRequests(fleet: Record<string, number>, single: Record<string, number>): string[] {
  const routes = [...new Set([...Object.keys(fleet), ...Object.keys(single)])].sort();
  return routes.filter((route) => {
    const [f, s] = [fleet[route] ?? 0, single[route] ?? 0];
    return isContactRead(route) ? s === 0 || Math.abs(f - s) > 1 : f !== s;
  }).map((route) => `${route}: fleet ${fleet[route] ?? 0}, single client ${single[route] ?? 0}`);
}

/** A replica as a child process (spec/redis/fleet-replica.ts), its NDJSON output parsed line by line. */
function childReplica(server: Simulator, name: string): ChildReplica {
  const env = { UCWA_DISCOVERY_URL: server.discoveryUrl, UCWA_REDIS_URL: redis.url, UCWA_IDENTITY: name, UCWA_LEASE_TTL_MS: String(LEASE_TTL_MS), UCWA_CONTACTS: CONTACTS.join(',') };
  return spawnReplica(replicaScript.path, env, children);
}

/** The terms of every leader message on an identity's bus, in the order Redis delivered them. */
async function monitorTerms(name: string): Promise<{ readonly terms: number[]; stop(): void }> {
  const monitor = createClient({ url: redis.url });
  monitor.on('error', () => undefined);
  await monitor.connect();
  const terms: number[] = [];
  await monitor.subscribe(fleetKeys(name).bus, (text) => {
    const term = (JSON.parse(text) as { term?: unknown }).term;
    if (typeof term === 'number') terms.push(term);
  });
  return { terms, stop: () => monitor.destroy() };
}

describe('replicas sharing one client through Redis', () => {
  it('three replicas: one application and one P-GET on the server, the requests of a single client, and every replica shows the truth', async () => {
    // A single client, for the baseline.
    const alone = await simulator();
    const single = createUcwaClient({ discoveryUrl: alone.discoveryUrl, credentials: { username: 'alice@contoso.com', password: 'password' }, gracePeriodMs: 50, share: false });
    clients.push(single);
    const singleSeen = watch(single);
    await eventually(() => shows(singleSeen, { [BOB]: 'Online', [CAROL]: 'Busy' }));
    alone.setPresence(BOB, { availability: 'Away' });
    await eventually(() => shows(singleSeen, { [BOB]: 'Away' }));
    const baseline = requestsBesidesEvents(alone);
    await single.close();
    clients.splice(0);
    await alone.close();

    const server = await simulator();
    const name = fresh();
    const replicas = [replica(server, name), replica(server, name), replica(server, name)];
    await Promise.all(replicas.map((r) => r.connected));
    const seen = replicas.map((r) => watch(r));
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Online', [CAROL]: 'Busy' })));
    expect(replicas.filter((r) => r.leading)).toHaveLength(1);
    server.setPresence(BOB, { availability: 'Away' });
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Away' })));

    expect(server.state().applications).toHaveLength(1);
    expect(server.state().outstandingPgets).toBe(1);
    expect(subscribed(server)).toEqual([BOB, CAROL]);
    expect(sameRequests(requestsBesidesEvents(server), baseline)).toEqual([]);
    expect(server.log.count({ method: 'POST', path: /\/applications$/ })).toBe(1);
    for (const s of seen) {
      expect(s.errors).toEqual([]);
      expect(s.values.get(BOB)).toEqual(['Online', 'Away']);
      expect(s.values.get(CAROL)).toEqual(['Busy']);
    }
  });

  it('the leader SIGKILLed: another replica leads after the TTL, presence keeps flowing, no stream errors, and the dead leader’s application expires', async () => {
    const server = await simulator({ limits: { applicationInactivityMs: 2000 } });
    const name = fresh();
    const dead = childReplica(server, name);
    await eventually(() => dead.lines.some((line) => line['leading'] === true));
    const replicas = [replica(server, name), replica(server, name)];
    const seen = replicas.map((r) => watch(r));
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Online', [CAROL]: 'Busy' })));
    expect(replicas.filter((r) => r.leading)).toHaveLength(0);
    expect(server.state().applications).toHaveLength(1);

    dead.child.kill('SIGKILL');
    server.setPresence(BOB, { availability: 'DoNotDisturb' }); // while no one leads
    await eventually(() => replicas.some((r) => r.leading));
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'DoNotDisturb' })));
    server.setPresence(CAROL, { availability: 'Online' });
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'DoNotDisturb', [CAROL]: 'Online' })));

    // The dead leader's application (its P-GET's connection gone) expires; the new leader's is the only one, watching each contact once.
    await eventually(() => server.state().applications.length === 1 && server.state().outstandingPgets === 1);
    expect(server.state().counters.applicationsExpired).toBe(1);
    expect(subscribed(server)).toEqual([BOB, CAROL]);
    expect(replicas.filter((r) => r.leading)).toHaveLength(1);
    for (const s of seen) {
      expect(s.errors).toEqual([]);
      expect(s.values.get(BOB)).toEqual(['Online', 'DoNotDisturb']);
      expect(s.values.get(CAROL)).toEqual(['Busy', 'Online']);
    }
  });

  it('redis-server restarted: the leader steps down, one leads again, and every replica shows the truth', async () => {
    const server = await simulator();
    const name = fresh();
    const replicas = [replica(server, name), replica(server, name), replica(server, name)];
    await Promise.all(replicas.map((r) => r.connected));
    const seen = replicas.map((r) => watch(r));
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Online', [CAROL]: 'Busy' })));

    await redis.kill();
    // With Redis gone no renewal succeeds: the leader gives up (and stops its real client) before the key could expire.
    await eventually(() => replicas.every((r) => !r.leading));
    server.setPresence(BOB, { availability: 'BeRightBack' }); // while Redis is down
    await redis.restart();
    await eventually(() => replicas.some((r) => r.leading));
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'BeRightBack', [CAROL]: 'Busy' })));
    server.setPresence(CAROL, { availability: 'Away' });
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'BeRightBack', [CAROL]: 'Away' })));

    await eventually(() => server.state().applications.length === 1 && server.state().outstandingPgets === 1);
    expect(subscribed(server)).toEqual([BOB, CAROL]);
    expect(replicas.filter((r) => r.leading)).toHaveLength(1);
    for (const s of seen) {
      expect(s.errors).toEqual([]);
      expect(s.values.get(BOB)).toEqual(['Online', 'BeRightBack']);
      expect(s.values.get(CAROL)).toEqual(['Busy', 'Away']);
    }
  });

  it('the leader paused (SIGSTOP) past the lease: another leads, and when it wakes it follows without a word of its own getting through', async () => {
    const server = await simulator();
    const name = fresh();
    const bus = await monitorTerms(name);
    const paused = childReplica(server, name);
    await eventually(() => paused.lines.some((line) => line['leading'] === true));
    const replicas = [replica(server, name), replica(server, name)];
    const seen = replicas.map((r) => watch(r));
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Online', [CAROL]: 'Busy' })));

    paused.child.kill('SIGSTOP');
    await eventually(() => replicas.some((r) => r.leading));
    server.setPresence(BOB, { availability: 'Away' });
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Away', [CAROL]: 'Busy' })));
    const leader = replicas.find((r) => r.leading);

    paused.child.kill('SIGCONT');
    // It finds its lease gone (or its deadline passed), steps down and closes its real client; its streams follow the new leader.
    await eventually(() => paused.lines.some((line) => line['leading'] === false));
    server.setPresence(CAROL, { availability: 'Online' });
    const childShows = (uri: string): unknown => paused.lines.filter((line) => line['uri'] === uri).at(-1)?.['availability'];
    await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Away', [CAROL]: 'Online' })) && childShows(BOB) === 'Away' && childShows(CAROL) === 'Online');
    await eventually(() => server.state().applications.length === 1 && server.state().outstandingPgets === 1);
    expect(replicas.find((r) => r.leading)).toBe(leader); // the woken replica did not take over again
    // Fenced: once the new leader spoke, nothing of the former one's term reached the bus.
    bus.stop();
    const firstOfNew = bus.terms.findIndex((term) => term > bus.terms[0]!);
    expect(firstOfNew).toBeGreaterThan(0);
    expect(bus.terms.slice(firstOfNew).filter((term) => term < bus.terms[firstOfNew]!)).toEqual([]);
    expect(subscribed(server)).toEqual([BOB, CAROL]);
    expect(paused.lines.filter((line) => 'error' in line)).toEqual([]);
    for (const s of seen) {
      expect(s.errors).toEqual([]);
      expect(s.values.get(BOB)).toEqual(['Online', 'Away']);
      expect(s.values.get(CAROL)).toEqual(['Busy', 'Online']);
    }
  });

  it('the leader cut off from Redis (a partition): another leads, and once healed the cut-off replica shows the truth again', async () => {
    const server = await simulator();
    const name = fresh();
    const proxy = await startTcpProxy(redis.port);
    try {
      const cutOff = replica(server, name, `redis://127.0.0.1:${proxy.port}`);
      await cutOff.connected;
      await eventually(() => cutOff.leading);
      const others = [replica(server, name), replica(server, name)];
      const [seenCut, ...seen] = [cutOff, ...others].map((r) => watch(r));
      await eventually(() => [seenCut!, ...seen].every((s) => shows(s, { [BOB]: 'Online', [CAROL]: 'Busy' })));

      proxy.cut();
      await eventually(() => !cutOff.leading);
      await eventually(() => others.some((r) => r.leading));
      server.setPresence(BOB, { availability: 'Away' });
      await eventually(() => seen.every((s) => shows(s, { [BOB]: 'Away', [CAROL]: 'Busy' })));
      expect(current(seenCut!, BOB)).toBe('Online'); // cut off: its last value, no error

      proxy.heal();
      // It reconnects, reads the current values from the hash, and follows the new leader.
      await eventually(() => shows(seenCut!, { [BOB]: 'Away', [CAROL]: 'Busy' }));
      server.setPresence(CAROL, { availability: 'Online' });
      await eventually(() => [seenCut!, ...seen].every((s) => shows(s, { [BOB]: 'Away', [CAROL]: 'Online' })));
      await eventually(() => server.state().applications.length === 1 && server.state().outstandingPgets === 1);
      expect(subscribed(server)).toEqual([BOB, CAROL]);
      expect(cutOff.leading).toBe(false);
      for (const s of [seenCut!, ...seen]) {
        expect(s.errors).toEqual([]);
        expect(s.values.get(BOB)).toEqual(['Online', 'Away']);
        expect(s.values.get(CAROL)).toEqual(['Busy', 'Online']);
      }
    } finally {
      await proxy.close();
    }
  });
});
