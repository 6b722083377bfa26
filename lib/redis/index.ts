/**
 * `ucwa-rx/redis` (Node only): replicas of a service share one client per identity through Redis
 * (docs/fleet.md). {@link createFleetClient} gives each replica the ordinary client API; the
 * replica holding the identity's lease runs the real client. Needs the `redis` package (an
 * optional peer dependency of ucwa-rx).
 *
 * @module ucwa-rx/redis
 */

export { createFleetClient, type FleetClient, type FleetClientOptions } from './fleet-client.js';
export { redisShareTransport, DEFAULT_LEASE_TTL_MS, MIN_LEASE_TTL_MS, type RedisShareOptions, type RedisShareTransport } from './redis-transport.js';
export { fleetKeys, type FleetKeys } from './fleet-keys.js';
export type { ShareTransport, Leadership } from '../share/share-transport.js';
export type { ShareTiming } from '../share/share-host.js';
