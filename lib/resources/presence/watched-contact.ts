import { LiveValue } from '../reconcile/live-value.js';
import type { ContactRef } from './contact-ref.js';
import type { FacetKind } from './facet-kind.js';
import type { ObservedSubscription } from './observed-subscription.js';

/** A {@link LiveValue} of a watched contact, with its kind. */
export class FacetValue<T> extends LiveValue<T> {
  constructor(readonly kind: FacetKind<T>) {
    super(kind.same);
  }
}

/**
 * One contact watched through the presence subscriptions: what its subscribers want (desired
 * state: its presence, and perhaps its note, location or capabilities, each a {@link LiveValue}),
 * and what the client knows of it on the server (observed state): which server subscription holds
 * it and where its resources are. Plain state with no pipeline of its own, so that watching
 * thousands of contacts stays cheap; the reconciler acts on it.
 */
export class WatchedContact {
  /** The values its streams want, one per kind (a short array, exactly as long as needed: a contact has a few kinds at most). */
  facets: readonly FacetValue<unknown>[] = [];
  /** Desired: some subscriber wants it (or its grace period runs). */
  wanted = true;
  /** Observed: the server subscription that holds it, as last known. */
  subscription: ObservedSubscription | undefined;
  /** A create or add request that names it is out (its outcome decides `subscription`). */
  placing = false;
  /** A request naming it with others was refused: it is placed on its own, to find which one is refused. */
  alone = false;
  /** Observed: where its contact resource (and the resources it links) are in the current application. */
  ref: ContactRef | undefined;
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

  /** The value of `kind`, if wanted. */
  value<T>(kind: FacetKind<T>): FacetValue<T> | undefined {
    return this.facets.find((value) => value.kind === kind) as FacetValue<T> | undefined;
  }

  /** The value of `kind`, created (stale) on first use. */
  facet<T>(kind: FacetKind<T>): FacetValue<T> {
    let value = this.value(kind);
    if (!value) {
      value = new FacetValue(kind);
      // An array literal is allocated at its length; a spread or push would reserve room for 17.
      this.facets = this.facets.length === 0 ? [value as FacetValue<unknown>] : this.facets.concat(value as FacetValue<unknown>);
    }
    return value;
  }

  /** Forgets the value of `kind` (its streams ended or failed). */
  remove(kind: FacetKind<unknown>): void {
    this.value(kind)?.stopFetching();
    this.facets = this.facets.filter((value) => value.kind !== kind);
  }

  /** Subscribers of all its streams. */
  get subscriberCount(): number {
    let count = 0;
    for (const value of this.facets) count += value.subscribers.size;
    return count;
  }

  /** Some value needs a GET and has none in flight. */
  get due(): boolean {
    return this.facets.some((value) => value.due);
  }

  /** Every value is stale (joined a subscription, or after a reset); `cancel` drops the GETs in flight. */
  markStale(cancel: boolean): void {
    for (const value of this.facets) value.markStale(cancel);
  }

  /** Forgets the values nobody listens to any more (after the grace period). */
  dropIdleFacets(): void {
    for (const value of this.facets.filter((v) => v.subscribers.size === 0)) this.remove(value.kind);
  }

  /** Cancels every GET in flight. */
  stopFetching(): void {
    for (const value of this.facets) value.stopFetching();
  }

  /** Ends every subscriber with `error` (a permanent condition of this contact). */
  fail(error: unknown): void {
    this.failure = error;
    for (const value of this.facets) value.fail(error);
  }

  /** Ends every subscriber. */
  complete(): void {
    for (const value of this.facets) value.complete();
  }
}
