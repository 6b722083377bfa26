import type { ConnectionState } from './events/connection-state.js';

/** One server presence subscription as {@link ClientStatus} shows it. */
export interface PresenceSubscriptionStatus {
  /** The server's id for it. */
  readonly id: string | undefined;
  /** Contacts in it. */
  readonly members: number;
  /** When it expires unless extended (it is extended ahead of that while watched). */
  readonly expiresAt: Date;
}

/** A snapshot of what the client is doing, for status lines and health checks. */
export interface ClientStatus {
  /** The connection state (as `connectionState$` last emitted it). */
  readonly connection: ConnectionState;
  /** Server presence subscriptions kept by `presence$`. */
  readonly presenceSubscriptions: readonly PresenceSubscriptionStatus[];
  /** Contacts watched through `presence$`. */
  readonly watchedContacts: number;
  /** Running totals since the client was created. */
  readonly counters: {
    /** Events delivered by the event channel. */
    readonly events: number;
    /** Transient-state resets (resume, resync, application recreated). */
    readonly resets: number;
    /** Presence subscription extensions sent. */
    readonly presenceExtensions: number;
    /** HTTP requests answered or failed (P-GETs included). */
    readonly requests: number;
  };
}
