import { ReplaySubject } from 'rxjs';
import type { ContactRef } from './contact-ref.js';
import type { ServerSubscription } from './server-subscription.js';

/** One contact in the presence pool: how many `presence$` streams want it, and where it is subscribed. */
export class PoolEntry {
  /** Live `presence$` streams of this contact (after their grace period). */
  refs = 0;
  /** The server subscription the contact is a member of, once added. */
  subscription: ServerSubscription | undefined;
  /** The contact's ref; emits again after a reset (new hrefs, or the same ones to refetch). */
  readonly ref$ = new ReplaySubject<ContactRef>(1);
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
  resolved(ref: ContactRef): void {
    this.ref = ref;
    this.ref$.next(ref);
  }

  /** Ends every stream of this contact with `error`. */
  fail(error: unknown): void {
    this.failed = true;
    this.ref$.error(error);
  }
}
