import type { Observable } from 'rxjs';

/**
 * What a participant holds while it leads: a fencing token that grows with every new leadership
 * (a Redis `INCR`, or the time the lock was granted for tabs). Messages of a leader carry it, so
 * that everyone ignores a former leader that wakes up after losing the lease.
 */
export interface Leadership {
  /** True while this participant holds the lease. */
  readonly leading: boolean;
  /** The lease's fencing token while leading (0 otherwise). */
  readonly token: number;
}

/**
 * How the participants of one shared client (tabs of a browser profile, replicas of a service)
 * elect a leader and talk: a leadership lease and a broadcast bus. The shared client is written
 * against this interface only; browser tabs use Web Locks + BroadcastChannel, tests an in-memory
 * hub, and a fleet may use a Redis lease (TTL + fencing token) with pub/sub.
 */
export interface ShareTransport {
  /**
   * Every message published by any participant, this one's own included, as structured-cloned
   * plain data (never trusted: the shared client validates each one).
   */
  readonly messages$: Observable<unknown>;
  /** Sends a message to every participant (this one included). Fire and forget; may be lost. */
  publish(message: unknown): void;
  /**
   * Subscribing stands for election: emits `{ leading: true, token }` when this participant gets
   * the lease and `{ leading: false }` when it loses it (it may get it again later). Unsubscribing
   * withdraws and releases the lease.
   */
  readonly leadership$: Observable<Leadership>;
  /** Stops listening and releases everything the transport holds. */
  close(): void;
}
