import { ReplaySubject } from 'rxjs';
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

/** One contact in the presence pool: how many `presence$` streams want it, and where it is subscribed. */
export class PoolEntry {
  /** Live `presence$` streams of this contact (after their grace period). */
  refs = 0;
  /** The server subscription the contact is a member of, once added. */
  subscription: ServerSubscription | undefined;
  /** The contact's membership; emits again after a reset (new hrefs, or the same ones to refetch). */
  readonly membership$ = new ReplaySubject<Membership>(1);
  /** The last ref emitted. */
  ref: ContactRef | undefined;
  /** Set when the contact cannot be subscribed; its streams error with it. */
  failed = false;

  constructor(
    /** The SIP URI as the user asked for it (normalised). */
    readonly uri: string,
    /** The pool key (lower-case URI). */
    readonly uriKey: string,
  ) {}

  /** Publishes where the contact lives now. */
  resolved(ref: ContactRef, sinceResponse: number): void {
    this.ref = ref;
    this.membership$.next({ ref, sinceResponse });
  }

  /** Ends every stream of this contact with `error`. */
  fail(error: unknown): void {
    this.failed = true;
    this.membership$.error(error);
  }
}
