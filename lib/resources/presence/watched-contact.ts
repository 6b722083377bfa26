import { LiveValue } from '../reconcile/live-value.js';
import type { ContactRef } from './contact-ref.js';
import type { FacetKind } from './facet-kind.js';
import type { ObservedSubscription } from './observed-subscription.js';

/**
 * One contact watched through the presence subscriptions: what its subscribers want (desired
 * state: its presence, and perhaps its note, location or capabilities, each a {@link LiveValue}),
 * and what the client knows of it on the server (observed state): which server subscription holds
 * it and where its resources are. Plain state with no pipeline of its own, so that watching
 * thousands of contacts stays cheap; the reconciler acts on it.
 */
export class WatchedContact {
  /** The values its streams want, by kind. */
  readonly facets = new Map<FacetKind<unknown>, LiveValue<unknown>>();
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

  /** The value of `kind`, created (stale) on first use. */
  facet<T>(kind: FacetKind<T>): LiveValue<T> {
    let value = this.facets.get(kind) as LiveValue<T> | undefined;
    if (!value) {
      value = new LiveValue<T>(kind.same);
      this.facets.set(kind, value as LiveValue<unknown>);
    }
    return value;
  }

  /** Subscribers of all its streams. */
  get subscriberCount(): number {
    let count = 0;
    for (const value of this.facets.values()) count += value.subscribers.size;
    return count;
  }

  /** Some value needs a GET and has none in flight. */
  get due(): boolean {
    for (const value of this.facets.values()) if (value.due) return true;
    return false;
  }

  /** Every value is stale (joined a subscription, or after a reset); `cancel` drops the GETs in flight. */
  markStale(cancel: boolean): void {
    for (const value of this.facets.values()) value.markStale(cancel);
  }

  /** Forgets the values nobody listens to any more (after the grace period). */
  dropIdleFacets(): void {
    for (const [kind, value] of this.facets) {
      if (value.subscribers.size > 0) continue;
      value.stopFetching();
      this.facets.delete(kind);
    }
  }

  /** Cancels every GET in flight. */
  stopFetching(): void {
    for (const value of this.facets.values()) value.stopFetching();
  }

  /** Ends every subscriber with `error` (a permanent condition of this contact). */
  fail(error: unknown): void {
    this.failure = error;
    for (const value of this.facets.values()) value.fail(error);
  }

  /** Ends every subscriber. */
  complete(): void {
    for (const value of this.facets.values()) value.complete();
  }
}
