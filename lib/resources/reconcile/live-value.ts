import type { Subscriber, Subscription } from 'rxjs';

/**
 * One value a reconcile loop keeps fresh for its subscribers (a contact's presence or note, my
 * presence, ...): who listens, the last value (replayed to late subscribers), whether it is
 * stale (a GET is due: first value, an event, a reset), and the GET in flight. Plain state
 * without a pipeline of its own; the loop acts on it.
 */
export class LiveValue<T> {
  /** Subscribers of the value's stream. */
  readonly subscribers = new Set<Subscriber<T>>();
  /** The last value emitted. */
  last: T | undefined;
  /** The value may be out of date: a GET is due. */
  stale = true;
  /** The GET in flight. */
  fetching: Subscription | undefined;
  /** 404s in a row on it (the loop looks its href up afresh once, then gives up). */
  notFound = 0;

  constructor(private readonly same: (a: T, b: T) => boolean) {}

  /** A GET is due and none is in flight. */
  get due(): boolean {
    return this.stale && !this.fetching;
  }

  /** Adds a subscriber; it gets the last value at once. */
  add(subscriber: Subscriber<T>): void {
    this.subscribers.add(subscriber);
    if (this.last !== undefined) subscriber.next(this.last);
  }

  /** Emits `value` unless it equals the last one. */
  emit(value: T): void {
    if (this.last !== undefined && this.same(this.last, value)) return;
    this.last = value;
    for (const subscriber of [...this.subscribers]) subscriber.next(value);
  }

  /** Marks the value stale; `cancel` also drops the GET in flight (its answer may predate the change). */
  markStale(cancel = true): void {
    this.stale = true;
    if (cancel) this.stopFetching();
  }

  /** Cancels the GET in flight. */
  stopFetching(): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
  }

  /** Ends every subscriber with `error`. */
  fail(error: unknown): void {
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
