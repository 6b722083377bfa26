/** The Redis keys and channels of one identity's shared client. */
export interface FleetKeys {
  /** The lease: `<holder>:<token>` while a replica leads, with the lease's TTL. */
  readonly lease: string;
  /** The fencing-token counter (INCR on every new lease). */
  readonly token: string;
  /** The hash of current values: stream key -> the leader's last message for it. */
  readonly values: string;
  /** The pub/sub channel of the share protocol's messages. */
  readonly bus: string;
  /**
   * The pub/sub channel on which a leader that lets go says so (candidates try at once); the
   * message names the replica the lease was handed over to, or is empty.
   */
  readonly released: string;
  /** A lease handed over: the replica it is reserved for, for one lease TTL (balancing). */
  readonly handover: string;
}

/**
 * The keys of an identity, under `ucwa-rx:{<identity>}:` (the braces make them one Redis Cluster
 * hash slot, which the scripts that touch several of them need; the identity is URI-encoded, so a
 * brace in it cannot end the tag).
 */
export function fleetKeys(identity: string): FleetKeys {
  const prefix = `ucwa-rx:{${encodeURIComponent(identity)}}:`;
  return { lease: `${prefix}lease`, token: `${prefix}token`, values: `${prefix}values`, bus: `${prefix}bus`, released: `${prefix}released`, handover: `${prefix}handover` };
}
