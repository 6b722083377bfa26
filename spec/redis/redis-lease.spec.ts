import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from 'redis';
import { fleetKeys } from '../../lib/redis/fleet-keys.js';
import { RedisLease } from '../../lib/redis/redis-lease.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { eventually } from '../support/test-server.js';

/*
 * The hand-over of a lease (balancing) on a real Redis, one lease object per replica. With a TTL
 * of a minute, candidates only try when woken (their loop runs every 20 s): what happens is what
 * the hand-over does, not a timer.
 */

let redis: TestRedis;
let connection: ReturnType<typeof createClient>;
let identity = 0;
const leases: RedisLease[] = [];

beforeAll(async () => {
  redis = await startRedis();
  connection = createClient({ url: redis.url });
  connection.on('error', () => undefined);
  await connection.connect();
});
afterAll(async () => {
  connection.destroy();
  await redis.stop();
});
afterEach(async () => {
  await Promise.all(leases.splice(0).map((lease) => lease.stop()));
});

/** Every change of leadership of every lease of a test, in order: `a+2` (a leads with token 2), `a-`. */
type Journal = string[];

interface Candidate {
  readonly lease: RedisLease;
  readonly replica: string;
}

function candidate(name: string, replica: string, journal: Journal, options: { ttlMs?: number; settled?: () => Promise<unknown>; announce?: (target: string) => void } = {}): Candidate {
  const lease = new RedisLease({
    redis: connection,
    keys: fleetKeys(name),
    holder: `${replica}/1`,
    replica,
    ttlMs: options.ttlMs ?? 60_000,
    ready: Promise.resolve(),
    emit: (state) => journal.push(state.leading ? `${replica}+${state.token}` : `${replica}-`),
    settled: options.settled,
    announce: options.announce,
  });
  leases.push(lease);
  return { lease, replica };
}

const fresh = (): string => `lease-${process.pid}-${++identity}`;

describe('a lease handed over', () => {
  it('goes to its target only, with the next token, after the giver stopped leading and its real client closed', async () => {
    const name = fresh();
    const keys = fleetKeys(name);
    const journal: Journal = [];
    let closeRealClient: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (closeRealClient = resolve));
    const announced: string[] = [];
    const a = candidate(name, 'a', journal, { settled: () => closed, announce: (target) => announced.push(target) });
    a.lease.start();
    await eventually(() => journal.includes('a+1'));
    const [b, c] = [candidate(name, 'b', journal), candidate(name, 'c', journal)];
    b.lease.start();
    c.lease.start();

    const handing = a.lease.handOver('c');
    expect(journal).toEqual(['a+1', 'a-']); // a stops leading before anything else
    // Its real client has not closed yet: the key is still a's, and the target cannot take it.
    c.lease.wake('c');
    expect(await connection.get(keys.lease)).toBe('a/1:1');
    closeRealClient();
    expect(await handing).toBe(true);
    expect(announced).toEqual(['c']);
    expect(await connection.get(keys.lease)).toBeNull();
    expect(await connection.get(keys.handover)).toBe('c');

    // Reserved: b, woken as by the released channel, is refused; the target takes it. Both try
    // at once, b first: one connection, so Redis runs b's attempt first.
    b.lease.wake('c');
    c.lease.wake('c');
    await eventually(() => journal.includes('c+2'));
    expect(journal).toEqual(['a+1', 'a-', 'c+2']);
    expect(await connection.get(keys.lease)).toBe('c/1:2');
    expect(await connection.get(keys.handover)).toBeNull(); // the reservation goes with the acquisition
    expect(b.lease.leading).toBe(false);
  });

  it('lapses after one TTL if the target never takes it: then anyone may', async () => {
    const name = fresh();
    const keys = fleetKeys(name);
    const journal: Journal = [];
    const a = candidate(name, 'a', journal, { ttlMs: 900 });
    a.lease.start();
    await eventually(() => journal.includes('a+1'));
    expect(await a.lease.handOver('gone')).toBe(true);
    expect(await connection.get(keys.handover)).toBe('gone');
    const b = candidate(name, 'b', journal, { ttlMs: 900 });
    b.lease.start(); // tries at once (refused while reserved), then every TTL/3
    await eventually(() => journal.some((entry) => entry === 'a+2' || entry === 'b+2'));
    expect(await connection.get(keys.handover)).toBeNull();
    expect(journal.slice(0, 2)).toEqual(['a+1', 'a-']);
  });

  it('does nothing once the lease is no longer the giver’s', async () => {
    const name = fresh();
    const keys = fleetKeys(name);
    const journal: Journal = [];
    const a = candidate(name, 'a', journal);
    a.lease.start();
    await eventually(() => journal.includes('a+1'));
    await connection.set(keys.lease, 'other/1:7', { expiration: { type: 'PX', value: 60_000 } });
    expect(await a.lease.handOver('b')).toBe(false);
    expect(await connection.get(keys.lease)).toBe('other/1:7');
    expect(await connection.get(keys.handover)).toBeNull();
  });
});
