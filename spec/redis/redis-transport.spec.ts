import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient } from 'redis';
import type { Subscription } from 'rxjs';
import { redisShareTransport, type RedisShareTransport } from '../../lib/redis/redis-transport.js';
import type { Leadership } from '../../lib/share/share-transport.js';
import { startRedis, type TestRedis } from '../support/redis-server.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { eventually } from '../support/test-server.js';

let redis: TestRedis;
let admin: ReturnType<typeof createClient>;
let identity = 0;
const transports: RedisShareTransport[] = [];
const subscriptions: Subscription[] = [];

beforeAll(async () => {
  redis = await startRedis();
  admin = createClient({ url: redis.url });
  admin.on('error', () => undefined);
  await admin.connect();
});
afterAll(async () => {
  admin.destroy();
  await redis.stop();
});
afterEach(() => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  for (const t of transports.splice(0)) t.close();
});

/** A replica's transport for `name` (a fresh identity per test unless shared on purpose). */
function replica(name: string, leaseTtlMs = 60_000, url = redis.url): RedisShareTransport {
  const transport = redisShareTransport({ redis: { url }, identity: name, leaseTtlMs });
  transports.push(transport);
  return transport;
}

/** Stands for the lease and records every change of leadership. */
function stand(transport: RedisShareTransport): Leadership[] {
  const seen: Leadership[] = [];
  subscriptions.push(transport.leadership$.subscribe((state) => seen.push(state)));
  return seen;
}

/** Records every message the transport delivers. */
function listen(transport: RedisShareTransport): unknown[] {
  const seen: unknown[] = [];
  subscriptions.push(transport.messages$.subscribe((message) => seen.push(message)));
  return seen;
}

const leading = (seen: readonly Leadership[]): boolean => seen.at(-1)?.leading === true;
const fresh = (): string => `alice-${++identity}@contoso.com`;

describe('the Redis lease', () => {
  it('elects exactly one of three replicas, with a fencing token from INCR, and keeps it while renewing', async () => {
    const name = fresh();
    const replicas = [replica(name, 1500), replica(name, 1500), replica(name, 1500)];
    await Promise.all(replicas.map((r) => r.connected));
    const seen = replicas.map(stand);
    await eventually(() => seen.some(leading));
    const leader = seen.findIndex(leading);
    expect(seen[leader]).toEqual([{ leading: true, token: 1 }]);
    const lease = await admin.get(replicas[0]!.keys.lease);
    expect(lease).toMatch(/:1$/);
    // Renewed (every 500 ms): the key's remaining TTL goes up again, three times (without renewals it only falls, then the key is gone).
    let previous = Number.POSITIVE_INFINITY;
    let raises = 0;
    let reading = false;
    let vanished = false;
    await eventually(() => {
      if (!reading) {
        reading = true;
        void admin.pTTL(replicas[0]!.keys.lease).then((ttl) => {
          if (ttl <= 0) vanished = true;
          if (ttl > previous) raises++;
          previous = ttl;
          reading = false;
        });
      }
      return raises >= 3 || vanished;
    });
    expect(vanished).toBe(false);
    expect(await admin.get(replicas[0]!.keys.lease)).toBe(lease);
    expect(seen.map((states) => states.filter((s) => s.leading).length)).toEqual(seen.map((_, i) => (i === leader ? 1 : 0)));
  });

  it('gives every new lease a greater token: a replica that withdraws hands over at once', async () => {
    const name = fresh();
    const [a, b] = [replica(name), replica(name)];
    await Promise.all([a.connected, b.connected]);
    const seenA = stand(a);
    await eventually(() => leading(seenA));
    const seenB = stand(b);
    subscriptions.shift()?.unsubscribe(); // a withdraws: releases the key and says so on the released channel
    // The TTL is a minute: only the release can explain a takeover before the hang guard.
    await eventually(() => leading(seenB));
    expect(seenA).toEqual([{ leading: true, token: 1 }]);
    expect(seenB).toEqual([{ leading: true, token: 2 }]);
  });

  it('loses leadership at once when a renewal finds the key gone or someone else’s', async () => {
    const name = fresh();
    const a = replica(name, 900);
    await a.connected;
    const seen = stand(a);
    await eventually(() => leading(seen));
    await admin.set(a.keys.lease, 'intruder:99', { expiration: { type: 'PX', value: 60_000 } });
    await eventually(() => seen.length === 2);
    expect(seen).toEqual([
      { leading: true, token: 1 },
      { leading: false, token: 0 },
    ]);
    await admin.del(a.keys.lease);
    await eventually(() => seen.length === 3);
    expect(seen[2]).toEqual({ leading: true, token: 2 });
  });

  it('keeps one lease per identity: a replica may lead several identities, and another replica the others', async () => {
    const [first, second] = [fresh(), fresh()];
    const one = [replica(first), replica(second)];
    await Promise.all(one.map((t) => t.connected));
    const oneSeen = one.map(stand);
    await eventually(() => oneSeen.every(leading)); // one replica leads both identities
    const other = [replica(first), replica(second)];
    const otherSeen = other.map(stand);
    subscriptions[1]?.unsubscribe(); // the first replica lets the second identity go
    await eventually(() => leading(otherSeen[1]!));
    expect(leading(oneSeen[0]!)).toBe(true);
    expect(leading(otherSeen[0]!)).toBe(false);
    expect(await admin.get(one[0]!.keys.lease)).not.toBeNull();
    expect(one[0]!.keys.lease).not.toBe(one[1]!.keys.lease);
  });
});

describe('the Redis bus', () => {
  it('delivers every message to every replica, the sender included, keeping dates, bytes and undefined', async () => {
    const name = fresh();
    const [a, b] = [replica(name), replica(name)];
    await Promise.all([a.connected, b.connected]);
    const [seenA, seenB] = [listen(a), listen(b)];
    const message = { v: 1, type: 'wishes', tab: 'x', when: new Date(1_700_000_000_000), bytes: new Uint8Array([1, 2, 255]), gone: undefined, nan: Number.NaN, '@t': 'mine' };
    a.publish(message);
    await eventually(() => seenA.length === 1 && seenB.length === 1);
    expect(seenB[0]).toEqual(message);
    expect(seenA[0]).toEqual(message);
    expect((seenB[0] as { when: unknown }).when).toBeInstanceOf(Date);
  });

  it('publishes a leader’s messages (those with a term) only while its lease is still its own', async () => {
    const name = fresh();
    const [a, b] = [replica(name), replica(name)];
    await Promise.all([a.connected, b.connected]);
    const seen = listen(b);
    const leadershipA = stand(a);
    await eventually(() => leading(leadershipA));
    const value = (availability: string): unknown => ({ v: 1, type: 'stream', term: 1, key: 'presence$|sip:bob@contoso.com', signal: { kind: 'next', value: { availability } } });
    a.publish(value('Online'));
    await eventually(() => seen.length === 1);
    // Another replica's lease now (a takeover a's renewals have not noticed yet: they run every 20 s).
    await admin.set(a.keys.lease, 'other:7', { expiration: { type: 'PX', value: 60_000 } });
    a.publish(value('Busy'));
    a.publish({ v: 1, type: 'wishes', tab: 'a', wishes: [] }); // a follower's message: not fenced
    await eventually(() => seen.length === 2);
    expect(seen).toEqual([value('Online'), { v: 1, type: 'wishes', tab: 'a', wishes: [] }]);
    expect(Object.keys(await admin.hGetAll(a.keys.values))).toEqual(['presence$|sip:bob@contoso.com']);
    expect(JSON.parse((await admin.hGet(a.keys.values, 'presence$|sip:bob@contoso.com')) ?? '')).toMatchObject({ signal: { value: { availability: 'Online' } } });
  });

  it('hands the current values to a replica that connects later, at once, and forgets an ended stream', async () => {
    const name = fresh();
    const a = replica(name);
    await a.connected;
    const leadershipA = stand(a);
    await eventually(() => leading(leadershipA));
    const stream = (key: string, signal: unknown): unknown => ({ v: 1, type: 'stream', term: 1, key, signal });
    const ownSeen = listen(a);
    a.publish(stream('presence$|sip:bob@contoso.com', { kind: 'next', value: { availability: 'Away' } }));
    a.publish(stream('presence$|sip:carol@contoso.com', { kind: 'next', value: { availability: 'Busy' } }));
    a.publish(stream('presence$|sip:carol@contoso.com', { kind: 'complete' }));
    a.publish(stream('events$', { kind: 'next', value: { sender: 'x' } }));
    await eventually(() => ownSeen.length === 4);
    const late = replica(name);
    const seen = listen(late);
    await late.connected;
    expect(seen).toEqual([stream('presence$|sip:bob@contoso.com', { kind: 'next', value: { availability: 'Away' } })]);
  });

  it('hands the current values again to a replica that reconnects after being cut off, without a new publish', async () => {
    const name = fresh();
    const proxy = await startTcpProxy(redis.port);
    try {
      const a = replica(name);
      const cut = replica(name, 60_000, `redis://127.0.0.1:${proxy.port}`);
      await Promise.all([a.connected, cut.connected]);
      const leadershipA = stand(a);
      await eventually(() => leading(leadershipA));
      const seenA = listen(a);
      const seen = listen(cut);
      proxy.cut();
      const value = { v: 1, type: 'stream', term: 1, key: 'presence$|sip:bob@contoso.com', signal: { kind: 'next', value: { availability: 'Away' } } };
      a.publish(value);
      await eventually(() => seenA.length === 1); // published (and stored) while the other was cut off
      expect(seen).toEqual([]);
      proxy.heal();
      await eventually(() => seen.length === 1);
      expect(seen).toEqual([value]);
    } finally {
      await proxy.close();
    }
  });

  it('survives a redis-server restart: the leader gives up within the TTL, someone leads again, and messages flow', async () => {
    const name = fresh();
    const [a, b] = [replica(name, 1200), replica(name, 1200)];
    await Promise.all([a.connected, b.connected]);
    const [la, lb] = [stand(a), stand(b)];
    await eventually(() => leading(la) || leading(lb));
    const first = leading(la) ? la : lb;
    await redis.kill();
    // No renewal can succeed: leadership is given up (after TTL/2 without one).
    await eventually(() => !leading(first));
    await redis.restart();
    await eventually(() => leading(la) || leading(lb));
    const seen = listen(b);
    await eventually(() => {
      a.publish({ v: 1, type: 'bye', tab: 'a' });
      return seen.length > 0;
    });
    expect(seen[0]).toEqual({ v: 1, type: 'bye', tab: 'a' });
    // The counter went with the data (nothing persisted): tokens start again, which the shared client copes with (it raises the term above every one it saw).
    expect([...la, ...lb].filter((s) => s.leading).length).toBeGreaterThanOrEqual(2);
  });
});
