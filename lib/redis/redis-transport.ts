import { Observable, Subject } from 'rxjs';
import { createClient, type RedisClientOptions } from 'redis';
import { InvalidArgumentError } from '../errors/argument-errors.js';
import type { Leadership, ShareTransport } from '../share/share-transport.js';
import { fleetKeys, type FleetKeys } from './fleet-keys.js';
import { fromJsonWire, toJsonWire } from './json-wire.js';
import { FENCED_PUBLISH } from './lease-scripts.js';
import { RedisLease } from './redis-lease.js';
import { valueUpdate } from './value-update.js';

/** The default lease TTL: 10 s (renewed every 3.3 s, given up after 5 s without a renewal). */
export const DEFAULT_LEASE_TTL_MS = 10_000;

/** The shortest lease TTL accepted, ms. */
export const MIN_LEASE_TTL_MS = 300;

/** How a replica reaches Redis and which shared client it joins. */
export interface RedisShareOptions {
  /** node-redis client options, e.g. `{ url: 'redis://redis:6379' }` (two connections are made from them). */
  readonly redis: RedisClientOptions;
  /** The identity whose client is shared: replicas with the same identity share one client. */
  readonly identity: string;
  /** The lease's TTL, ms (default {@link DEFAULT_LEASE_TTL_MS}); a dead leader is replaced after it. */
  readonly leaseTtlMs?: number | undefined;
  /** This replica's name in the lease (default: a random UUID). */
  readonly holder?: string | undefined;
  /** Told about Redis connection errors (the connections reconnect by themselves). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A Redis transport, with what operators and tests look at. */
export interface RedisShareTransport extends ShareTransport {
  /** The identity's Redis keys and channels. */
  readonly keys: FleetKeys;
  /** Resolves once both connections are up (rejects if the first connection fails). */
  readonly connected: Promise<void>;
}

/**
 * A {@link ShareTransport} over Redis, for replicas of a Node service: the lease is a key per
 * identity taken with `SET NX PX` and a fencing token from `INCR`, renewed every TTL/3 while Redis
 * answers (lib/redis/redis-lease.ts); the bus is a pub/sub channel per identity, with a hash of each
 * stream's current value that a replica reads when it (re)connects. A leader's messages (those
 * carrying a `term`) are published by a script only while the lease is still its own: a fenced
 * former leader cannot write. Two connections: one subscribed, one for commands.
 */
export function redisShareTransport(options: RedisShareOptions): RedisShareTransport {
  const keys = fleetKeys(options.identity);
  const ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  // Renewed every TTL/3 in whole milliseconds (PX); below that, renewals would outrun Redis's answers.
  if (!Number.isInteger(ttlMs) || ttlMs < MIN_LEASE_TTL_MS) throw new InvalidArgumentError('leaseTtlMs', `an integer number of milliseconds from ${MIN_LEASE_TTL_MS}`, String(ttlMs));
  const holder = options.holder ?? globalThis.crypto.randomUUID();
  // Commands fail at once while disconnected rather than run late, after the lease is gone.
  const commands = createClient({ ...options.redis, disableOfflineQueue: true });
  const subscriber = commands.duplicate();
  const incoming = new Subject<unknown>();
  const onError = (error: unknown): void => options.onError?.(error);
  commands.on('error', onError);
  subscriber.on('error', onError);
  let lease: RedisLease | undefined;
  /** Releasing the lease (and saying so) when the candidacy ends: awaited before disconnecting. */
  let releasing: Promise<unknown> = Promise.resolve();
  let closed = false;
  const withdraw = (mine: RedisLease): void => {
    if (lease === mine) lease = undefined;
    releasing = Promise.all([releasing, mine.stop().then((released) => (released ? commands.publish(keys.released, holder).catch(() => undefined) : undefined))]);
  };

  const deliver = (text: string): void => {
    let message: unknown;
    try {
      message = fromJsonWire(text);
    } catch {
      message = text; // not JSON: the shared client reports it as a malformed message
    }
    incoming.next(message);
  };
  /** The current values, as the leader last published them: for a replica that just (re)subscribed. */
  const replayValues = async (): Promise<void> => {
    const values = await commands.hGetAll(keys.values).catch(() => ({}) as Record<string, string>);
    for (const text of Object.values(values)) if (!closed) deliver(text);
  };
  const listener = (message: string, channel: string): void => {
    if (closed) return;
    if (channel === keys.released) lease?.wake();
    else deliver(message);
  };
  // After a reconnection the client subscribes again by itself; values published meanwhile were
  // missed: read them once both connections are back (the hash is read on the command one).
  let subscribedOnce = false;
  const onReady = (): void => {
    if (subscribedOnce && subscriber.isReady && commands.isReady) void replayValues();
  };
  subscriber.on('ready', onReady);
  commands.on('ready', onReady);
  const connected = (async () => {
    await Promise.all([commands.connect(), subscriber.connect()]);
    await subscriber.subscribe([keys.bus, keys.released], listener);
    subscribedOnce = true;
    await replayValues();
  })();
  connected.catch(onError);

  const leadership$ = new Observable<Leadership>((observer) => {
    const mine = new RedisLease(commands, keys, holder, ttlMs, (state) => observer.next(state), connected);
    lease = mine;
    mine.start();
    return () => withdraw(mine);
  });

  const publish = (message: unknown): void => {
    if (closed || !commands.isReady) return;
    let text: string;
    try {
      text = toJsonWire(message);
    } catch {
      return; // a value this code cannot encode (nested too deep): lost, as the interface allows
    }
    if (!hasTerm(message)) {
      void commands.publish(keys.bus, text).catch(onError);
      return;
    }
    const value = lease?.currentValue();
    if (value === undefined) return; // not leading (any more): a leader's message is not ours to send
    const update = valueUpdate(message);
    void commands
      .eval(FENCED_PUBLISH, { keys: [keys.lease, keys.values], arguments: [value, keys.bus, text, update?.op ?? '', update?.field ?? ''] })
      .catch(onError);
  };

  return {
    keys,
    connected,
    messages$: incoming.asObservable(),
    publish,
    leadership$,
    close: () => {
      if (closed) return;
      closed = true;
      incoming.complete();
      if (lease) withdraw(lease);
      // The lease's release goes out before the connections close (at once if Redis is unreachable);
      // a connected command connection closes after its pending replies (a goodbye sent just before).
      void releasing.finally(() => {
        const graceful = commands.isReady;
        for (const connection of [subscriber, commands]) {
          try {
            if (connection === commands && graceful) void commands.close().catch(() => commands.destroy());
            else connection.destroy();
          } catch {
            // never connected
          }
        }
      });
    },
  };
}

/** True for a leader's message: it carries the leader's term (fencing token). */
function hasTerm(message: unknown): boolean {
  return typeof message === 'object' && message !== null && typeof (message as { term?: unknown }).term === 'number';
}
