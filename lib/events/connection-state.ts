import type { UcwaError } from '../errors/guards.js';

/**
 * The state of the client's connection to the pool, as `client.connectionState$` reports it.
 * Transient trouble shows here as `reconnecting`; resource streams keep their last value.
 */
export type ConnectionState =
  /** Nothing needs the server: no application, no event channel. */
  | {
      /** Nothing needs the server. */
      readonly status: 'idle';
    }
  /** Signing in, creating the application, or sending the first P-GET. */
  | {
      /** Signing in or creating the application. */
      readonly status: 'connecting';
    }
  /** The application exists and a P-GET is waiting for events. */
  | {
      /** A P-GET is waiting for events. */
      readonly status: 'connected';
    }
  /** A failure the library is recovering from: retrying after `retryInMs`, or recreating the application. */
  | {
      /** Recovering from a failure. */
      readonly status: 'reconnecting';
      /** What went wrong. */
      readonly reason: UcwaError;
      /** Consecutive failures so far. */
      readonly attempt: number;
      /** Wait before the next attempt, ms. */
      readonly retryInMs: number;
    }
  /** Stopped for good: after `close()` (no error) or an unrecoverable error. */
  | {
      /** Stopped for good. */
      readonly status: 'closed';
      /** The unrecoverable error, absent after `close()`. */
      readonly error?: UcwaError | undefined;
    };

/** Why transient state was reset: every live subscription must be recreated. */
export type ResetReason =
  /** The server answered with `resume`: it dropped subscriptions during inactivity. */
  | 'resume'
  /** The server answered with `resync`: events may have been missed; refresh caches. */
  | 'resync'
  /** The application was gone (404) and was created anew: nothing of the old one exists. */
  | 'applicationRecreated'
  /**
   * Another client polled the event channel of this client's instance (409 PGetReplaced we did
   * not cause: the same instanceId elsewhere): the client joined the application again as a new
   * instance, with a fresh instanceId, and re-established its state there.
   */
  | 'channelTakenOver'
  /**
   * The client was suspended (the page was hidden: pagehide, the back/forward cache) and its
   * instance deleted, and now runs again: everything is re-established on the application.
   */
  | 'resumed';

/** A transient-state reset, as `client.resets$` reports it. */
export interface ResetSignal {
  /** What happened. */
  readonly reason: ResetReason;
  /** When it happened (clock time, ms). */
  readonly at: number;
}
