import { Observable, Subject } from 'rxjs';
import { createClient, type RedisClientOptions } from 'redis';
import { InvalidArgumentError } from '../errors/argument-errors.js';
import type { Leadership, ShareTransport } from '../share/share-transport.js';
import { fleetKeys, type FleetKeys } from './fleet-keys.js';
import { fromJsonWire, toJsonWire } from './json-wire.js';
import { FENCED_PUBLISH } from './lease-scripts.js';
import { RedisLease } from './redis-lease.js';
import { ReplicaBalancer } from './replica-balancer.js';
import { serviceKeys } from './service-keys.js';
import { valueUpdate } from './value-update.js';

/** The default lease TTL: 10 s (renewed every 3.3 s, given up after 5 s without a renewal). */
export const DEFAULT_LEASE_TTL_MS = 10_000;

/** The shortest lease TTL accepted, ms. */
export const MIN_LEASE_TTL_MS = 300;

/** This process's replica name when none is given: one per process, so its fleet clients count as one replica. */
const PROCESS_REPLICA = globalThis.crypto.randomUUID();

/** How a replica reaches Redis and which shared client it joins. */
export interface RedisShareOptions {
  /** node-redis client options, e.g. `{ url: 'redis://redis:6379' }` (two connections are made from them). */
  readonly redis: RedisClientOptions;
  /** The identity whose client is shared: replicas with the same identity share one client. */
  readonly identity: string;
  /** The lease's TTL, ms (default {@link DEFAULT_LEASE_TTL_MS}); a dead leader is replaced after it. */
  readonly leaseTtlMs?: number | undefined;
  /**
   * The replica this runs on: the fleet clients of one replica count as one when identities are
   * balanced over the replicas (default: one random name per process).
   */
  readonly replica?: string | undefined;
  /** This fleet client's name in the lease value and the registry, unique per fleet client (default: `<replica>/<random>`). */
  readonly holder?: string | undefined;
  /** The service whose replicas balance their identities between them (default `default`). */
  readonly service?: string | undefined;
  /**
   * Resolves once the real client this replica ran as leader has closed: a lease handed over is
   * released after it (at most TTL/3 later), so that the next leader starts on a clean server.
   */
  readonly settled?: (() => Promise<unknown>) | undefined;
  /**
   * Whether the real client this replica leads with is steady (its application created): a lease
   * is only handed over then, so that closing the client does not cut the creation of an
   * application short (it would stay on the server until it expires). Default: always.
   */
  readonly steady?: (() => boolean) | undefined;
  /** Told about Redis connection errors (the connections reconnect by themselves). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A Redis transport, with what operators and tests look at. */
export interface RedisShareTransport extends ShareTransport {
  /** The identity's Redis keys and channels. */
  readonly keys: FleetKeys;
  /** This fleet client's name in the lease value and the registry. */
  readonly holder: string;
  /** Resolves once both connections are up (rejects if the first connection fails). */
  readonly connected: Promise<void>;
}

/**
 * A {@link ShareTransport} over Redis, for replicas of a Node service: the lease is a key per
 * identity taken with `SET NX PX` and a fencing token from `INCR`, renewed every TTL/3 while Redis
 * answers (lib/redis/redis-lease.ts); the bus is a pub/sub channel per identity, with a hash of each
 * stream's current value that a replica reads when it (re)connects. A leader's messages (those
 * carrying a `term`) are published by a script only while the lease is still its own: a fenced
 * former leader cannot write. While it stands for the lease it is registered in the service's
 * registry, which balances the identities over the live replicas (lib/redis/replica-balancer.ts).
 * Two connections: one subscribed, one for commands.
 */
export function redisShareTransport(options: RedisShareOptions): RedisShareTransport {
  const keys = fleetKeys(options.identity);
  const ttlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
  // Renewed every TTL/3 in whole milliseconds (PX); below that, renewals would outrun Redis's answers.
  if (!Number.isInteger(ttlMs) || ttlMs < MIN_LEASE_TTL_MS) throw new InvalidArgumentError('leaseTtlMs', `an integer number of milliseconds from ${MIN_LEASE_TTL_MS}`, String(ttlMs));
  const replica = options.replica ?? PROCESS_REPLICA;
  const holder = options.holder ?? `${replica}/${globalThis.crypto.randomUUID().slice(0, 8)}`;
  const service = options.service ?? 'default';
  const registry = serviceKeys(service);
  // Commands fail at once while disconnected rather than run late, after the lease is gone.
  const commands = createClient({ ...options.redis, disableOfflineQueue: true });
  const subscriber = commands.duplicate();
  const incoming = new Subject<unknown>();
  const onError = (error: unknown): void => options.onError?.(error);
  commands.on('error', onError);
  subscriber.on('error', onError);
  /** The lease this replica stands for and its balancer, while leadership$ is subscribed. */
  let candidacy: { readonly lease: RedisLease; readonly balancer: ReplicaBalancer } | undefined;
  /** Leaving the registry and releasing the lease (and saying so) when the candidacy ends: awaited before disconnecting. */
  let releasing: Promise<unknown> = Promise.resolve();
  let closed = false;
  const withdraw = (mine: NonNullable<typeof candidacy>): void => {
    if (candidacy === mine) candidacy = undefined;
    // Out of the registry first (sent first on the same connection): the others count one replica fewer when they hear of the release.
    const leaving = mine.balancer.stop();
    releasing = Promise.all([releasing, leaving, mine.lease.stop().then((released) => (released ? commands.publish(keys.released, '').catch(() => undefined) : undefined))]);
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
    if (channel === keys.released) candidacy?.lease.wake(message);
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
    let balancer: ReplicaBalancer | undefined;
    const mine = new RedisLease({
      redis: commands,
      keys,
      holder,
      replica,
      ttlMs,
      ready: connected,
      emit: (state) => {
        balancer?.leadershipChanged();
        observer.next(state);
      },
      acquireDelayMs: () => balancer?.acquireDelayMs() ?? 0,
      settled: options.settled,
      announce: (target) => void commands.publish(keys.released, target).catch(() => undefined),
    });
    balancer = new ReplicaBalancer(commands, registry, { service, holder, replica, identity: options.identity }, ttlMs, mine, connected, options.steady);
    const standing = { lease: mine, balancer };
    candidacy = standing;
    balancer.start();
    mine.start();
    return () => withdraw(standing);
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
    const value = candidacy?.lease.currentValue();
    if (value === undefined) return; // not leading (any more): a leader's message is not ours to send
    const update = valueUpdate(message);
    void commands
      .eval(FENCED_PUBLISH, { keys: [keys.lease, keys.values], arguments: [value, keys.bus, text, update?.op ?? '', update?.field ?? ''] })
      .catch(onError);
  };

  return {
    keys,
    holder,
    connected,
    messages$: incoming.asObservable(),
    publish,
    leadership$,
    close: () => {
      if (closed) return;
      closed = true;
      incoming.complete();
      if (candidacy) withdraw(candidacy);
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
