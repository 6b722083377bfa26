import type { RedisClientOptions } from 'redis';
import { createUcwaClient, type UcwaClient } from '../client.js';
import type { UcwaClientOptions } from '../client-options.js';
import { InvalidArgumentError } from '../errors/argument-errors.js';
import type { ShareTiming } from '../share/share-host.js';
import { createSharedClient } from '../share/shared-client.js';
import { redisShareTransport } from './redis-transport.js';

/** Options of {@link createFleetClient}: the client's own, plus where Redis is and whose client this is. */
export interface FleetClientOptions extends UcwaClientOptions {
  /** node-redis client options, e.g. `{ url: 'redis://redis:6379' }`; each fleet client makes two connections from them. */
  readonly redis: RedisClientOptions;
  /**
   * Replicas with the same identity share one real client (default: the discovery origin and the
   * user name of `credentials`; required with a `token`, whose user is not known before signing in).
   */
  readonly identity?: string | undefined;
  /** The lease's TTL, ms (default 10 000): a replica that dies is replaced after it. */
  readonly leaseTtlMs?: number | undefined;
  /** The share protocol's heartbeat and participant timeout (default: 1 s and 10 s). */
  readonly shareTiming?: ShareTiming | undefined;
  /**
   * This replica's name, in the lease value and the registry of live replicas: the fleet clients
   * of one replica (one per identity) count as one replica when the identities are balanced over
   * the replicas (default: one random name per process). Give each replica its own.
   */
  readonly replica?: string | undefined;
  /** The service whose replicas balance their identities between them (default `default`): one per Redis is enough unless several services share it. */
  readonly service?: string | undefined;
  /** Told about Redis connection errors (the connections reconnect by themselves). */
  readonly onRedisError?: ((error: unknown) => void) | undefined;
}

/** A replica's client in a fleet: the ordinary client API, plus whether this replica leads. */
export interface FleetClient extends UcwaClient {
  /** True while this replica holds the identity's lease and runs the real client. */
  readonly leading: boolean;
  /** Resolves once this replica's Redis connections are up (rejects if the first connection fails). */
  readonly connected: Promise<void>;
}

/**
 * A client shared by the replicas of a Node service through Redis (docs/fleet.md): the replica
 * that holds the identity's lease runs the one real client (one application, one event channel,
 * one set of server subscriptions) for the union of every replica's streams; every replica,
 * the leader's included, gets the same {@link UcwaClient} API, backed by Redis. When the leader
 * dies or loses Redis, another takes the lease after its TTL and re-establishes the server state;
 * the streams go on with their last values. Several identities on one replica: one fleet client
 * each, each with its own lease; the replicas of a service balance the leases between them (a
 * replica that leads two more than another hands one over to it: docs/fleet.md, "Balancing").
 */
export function createFleetClient(options: FleetClientOptions): FleetClient {
  const { redis, identity, leaseTtlMs, shareTiming, replica, service, onRedisError, ...clientOptions } = options;
  const name = identity ?? defaultIdentity(clientOptions);
  /** The close of the last real client this replica ran: a lease handed over is released after it. */
  let ownClosed: Promise<unknown> = Promise.resolve();
  /** The real client this replica leads with, if any. */
  let current: UcwaClient | undefined;
  const createOwn = (ownOptions: UcwaClientOptions): UcwaClient => {
    const own = createUcwaClient(ownOptions);
    current = own;
    return new Proxy(own, {
      get: (target, property, receiver) =>
        property === 'close' ? () => (ownClosed = target.close()) : (Reflect.get(target, property, receiver) as unknown),
    });
  };
  // Handed over only once connected: the application exists (a close during its creation would orphan it).
  const steady = (): boolean => current?.status().connection.status === 'connected';
  const transport = redisShareTransport({ redis, identity: name, leaseTtlMs, replica, service, onError: onRedisError, settled: () => ownClosed, steady });
  const shared = createSharedClient({ ...clientOptions, share: false }, { transport, createOwn, id: transport.holder, timing: shareTiming });
  return Object.defineProperty(shared, 'connected', { value: transport.connected }) as unknown as FleetClient;
}

/** The discovery origin and the user: what makes two replicas' clients the same client. */
function defaultIdentity(options: UcwaClientOptions): string {
  const user = options.credentials?.username.trim().toLowerCase();
  if (!user) throw new InvalidArgumentError('identity', 'a string (required when signing in with a token)', 'undefined');
  return `${new URL(options.discoveryUrl).origin}:${user}`;
}
