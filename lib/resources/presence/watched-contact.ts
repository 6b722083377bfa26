import type { Subscriber, Subscription } from 'rxjs';
import type { ContactPresence } from '../../codecs/presence.js';
import type { ContactRef } from './contact-ref.js';
import type { ObservedSubscription } from './observed-subscription.js';
import { samePresence } from './presence-value.js';

/**
 * One contact of `presence$`: what its subscribers want (desired state), and what the client
 * knows of it on the server (observed state): which server subscription holds it, where its
 * presence lives, and whether the last value is fresh. Plain state with no pipeline of its own,
 * so that watching thousands of contacts stays cheap; the reconciler acts on it.
 */
export class WatchedContact {
  /** Subscribers of `presence$` for this contact. */
  readonly subscribers = new Set<Subscriber<ContactPresence>>();
  /** Desired: some subscriber wants it (or its grace period runs). */
  wanted = true;
  /** The last value emitted. */
  last: ContactPresence | undefined;
  /** Observed: the server subscription that holds it, as last known. */
  subscription: ObservedSubscription | undefined;
  /** A create or add request that names it is out (its outcome decides `subscription`). */
  placing = false;
  /** A request naming it with others was refused: it is placed on its own, to find which one is refused. */
  alone = false;
  /** Observed: where its contact and presence resources are in the current application. */
  ref: ContactRef | undefined;
  /** The value may be out of date: a GET is due (first value, an event, a reset). */
  stale = true;
  /** The GET in flight. */
  fetching: Subscription | undefined;
  /** 404s in a row on its presence (a second one after re-resolving means it does not exist). */
  notFound = 0;
  /** Set when it cannot be watched (a permanent refusal): its streams error with it. */
  failure: unknown;

  constructor(
    /** The SIP URI as asked for (normalised). */
    readonly uri: string,
    /** Lower-case URI: the key everything is pooled under. */
    readonly uriKey: string,
  ) {}

  /** True once it failed for good. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Adds a subscriber; it gets the last value at once. */
  add(subscriber: Subscriber<ContactPresence>): void {
    this.subscribers.add(subscriber);
    if (this.last) subscriber.next(this.last);
  }

  /** Emits `value` unless it equals the last one. */
  emit(value: ContactPresence): void {
    if (this.last && samePresence(this.last, value)) return;
    this.last = value;
    for (const subscriber of [...this.subscribers]) subscriber.next(value);
  }

  /** Cancels the GET in flight. */
  stopFetching(): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
  }

  /** Ends every subscriber with `error` (a permanent condition of this contact). */
  fail(error: unknown): void {
    this.failure = error;
    this.stopFetching();
    for (const subscriber of [...this.subscribers]) subscriber.error(error);
    this.subscribers.clear();
  }

  /** Ends every subscriber. */
  complete(): void {
    this.stopFetching();
    for (const subscriber of [...this.subscribers]) subscriber.complete();
    this.subscribers.clear();
  }
}
