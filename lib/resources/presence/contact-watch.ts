import type { Subscriber, Subscription } from 'rxjs';
import type { ContactPresence } from '../../codecs/presence.js';
import type { ContactRef } from './contact-ref.js';
import type { Membership, MembershipListener, PoolEntry } from './pool-entry.js';

/** What a {@link ContactWatch} asks of the streams that own it. */
export interface ContactWatchHost {
  /** The contact has a (new) membership: start watching its presence href. */
  watching(watch: ContactWatch, previous: ContactRef | undefined): void;
  /** The contact cannot be watched: forget it. */
  failed(watch: ContactWatch): void;
}

function samePresence(a: ContactPresence, b: ContactPresence): boolean {
  return (
    a.availability === b.availability &&
    a.activity === b.activity &&
    a.deviceType === b.deviceType &&
    a.lastActive?.getTime() === b.lastActive?.getTime()
  );
}

/**
 * One watched contact: its subscribers, its last value and where its presence lives. Plain
 * state with no pipeline of its own, so that watching thousands of contacts stays cheap; the
 * routing, batching and timers are shared by {@link PresenceStreams}.
 */
export class ContactWatch implements MembershipListener {
  /** Subscribers of `presence$` for this contact. */
  readonly subscribers = new Set<Subscriber<ContactPresence>>();
  /** The last value emitted. */
  last: ContactPresence | undefined;
  /** Where the contact's presence lives, once its membership is known. */
  ref: ContactRef | undefined;
  /** Responses that had arrived when the membership was made. */
  sinceResponse = 0;
  /** The GET in flight, if any. */
  fetching: Subscription | undefined;
  /** Its place in the presence pool. */
  entry: PoolEntry | undefined;

  constructor(
    /** The SIP URI as asked for (normalised). */
    readonly uri: string,
    /** Lower-case URI. */
    readonly uriKey: string,
    private readonly host: ContactWatchHost,
  ) {}

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

  /** Ends every subscriber with `error`. */
  error(error: unknown): void {
    for (const subscriber of [...this.subscribers]) subscriber.error(error);
    this.subscribers.clear();
  }

  /** Ends every subscriber. */
  complete(): void {
    for (const subscriber of [...this.subscribers]) subscriber.complete();
    this.subscribers.clear();
  }

  /** Cancels the GET in flight. */
  stopFetching(): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
  }

  membership(membership: Membership): void {
    const previous = this.ref;
    this.ref = membership.ref;
    this.sinceResponse = membership.sinceResponse;
    this.host.watching(this, previous);
  }

  fail(error: unknown): void {
    this.stopFetching();
    this.error(error);
    this.host.failed(this);
  }
}
