import type { ContactRef } from './contact-ref.js';
import type { ServerSubscription } from './server-subscription.js';

/** Where a pooled contact lives, and since when it is a member of a server subscription. */
export interface Membership {
  readonly ref: ContactRef;
  /**
   * How many event channel responses had arrived when the membership was created: the first
   * response after it carries the server's first presence event for the contact.
   */
  readonly sinceResponse: number;
}

/** Who is told where a pooled contact lives (the contact's presence stream). */
export interface MembershipListener {
  /** The contact is a member of a server subscription now (again, after a reset). */
  membership(membership: Membership): void;
  /** The contact cannot be subscribed. */
  fail(error: unknown): void;
}

/** One contact in the presence pool: how many streams want it, and where it is subscribed. */
export class PoolEntry {
  /** Live streams of this contact. */
  refs = 0;
  /** The server subscription the contact is a member of, once added. */
  subscription: ServerSubscription | undefined;
  /** The last ref published. */
  ref: ContactRef | undefined;
  /** Set when the contact cannot be subscribed. */
  failed = false;

  constructor(
    /** The SIP URI as the user asked for it (normalised). */
    readonly uri: string,
    /** The pool key (lower-case URI). */
    readonly uriKey: string,
    /** Told of every membership and of a failure. */
    private readonly listener: MembershipListener,
  ) {}

  /** Publishes where the contact lives now. */
  resolved(ref: ContactRef, sinceResponse: number): void {
    this.ref = ref;
    this.listener.membership({ ref, sinceResponse });
  }

  /** The contact cannot be subscribed: its stream errors with `error`. */
  fail(error: unknown): void {
    this.failed = true;
    this.listener.fail(error);
  }
}
