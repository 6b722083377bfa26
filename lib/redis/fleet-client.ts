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
  /** This replica's name in the lease, for operators reading Redis (default: a random UUID). */
  readonly replica?: string | undefined;
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
 * each, each with its own lease.
 */
export function createFleetClient(options: FleetClientOptions): FleetClient {
  const { redis, identity, leaseTtlMs, shareTiming, replica, onRedisError, ...clientOptions } = options;
  const name = identity ?? defaultIdentity(clientOptions);
  const holder = replica ?? globalThis.crypto.randomUUID();
  const transport = redisShareTransport({ redis, identity: name, leaseTtlMs, holder, onError: onRedisError });
  const shared = createSharedClient({ ...clientOptions, share: false }, { transport, createOwn: createUcwaClient, id: holder, timing: shareTiming });
  return Object.defineProperty(shared, 'connected', { value: transport.connected }) as unknown as FleetClient;
}

/** The discovery origin and the user: what makes two replicas' clients the same client. */
function defaultIdentity(options: UcwaClientOptions): string {
  const user = options.credentials?.username.trim().toLowerCase();
  if (!user) throw new InvalidArgumentError('identity', 'a string (required when signing in with a token)', 'undefined');
  return `${new URL(options.discoveryUrl).origin}:${user}`;
}
