/** The Redis keys of a service's registry of fleet clients (balancing, docs/fleet.md). */
export interface ServiceKeys {
  /** Sorted set: each fleet client's holder name, scored by when it expires (Redis time, ms). */
  readonly alive: string;
  /** Hash: each fleet client's holder name -> its entry (replica, identity, leading) as JSON. */
  readonly members: string;
  /** The key a replica sets for one lease TTL when it hands a lease over: one hand-over per TTL. */
  handoverSlot(replica: string): string;
  /** How many leases were handed over to a replica within the last lease TTL. */
  incoming(replica: string): string;
}

/**
 * The registry keys of a service, under `ucwa-rx:service:{<service>}:` (one Redis Cluster hash
 * slot; the service name is URI-encoded, so a brace in it cannot end the tag). Separate from the
 * identities' keys: no script touches both.
 */
export function serviceKeys(service: string): ServiceKeys {
  const prefix = `ucwa-rx:service:{${encodeURIComponent(service)}}:`;
  return {
    alive: `${prefix}alive`,
    members: `${prefix}members`,
    handoverSlot: (replica) => `${prefix}handover:${encodeURIComponent(replica)}`,
    incoming: (replica) => `${prefix}incoming:${encodeURIComponent(replica)}`,
  };
}
