import type { Subscriber, Subscription } from 'rxjs';
import { CapacityError } from '../../errors/capacity-error.js';
import { TooManyApplicationsError } from '../../errors/too-many-applications-error.js';
import type { FacetKind } from './facet-kind.js';
import type { PresenceCore } from './presence-core.js';

/** What a {@link PlacedStream} asks of the applications it may be placed on. */
export interface Placement {
  /** Applications the client may use, its own included. */
  readonly max: number;
  /** The core of application `index`, created on first need. */
  core(index: number): PresenceCore;
  /** The first application after `index` that may have room for a contact, if any. */
  nextWithRoom(index: number): number | undefined;
  /** Application `index` refused a contact for room (CapacityError): it is full at what it holds now. */
  refusedForRoom(index: number): void;
  /** The stream is on application `index` now (undefined: it left every application). */
  moved(stream: PlacedStream<unknown>, from: number | undefined, to: number | undefined): void;
}

/**
 * One subscriber's stream of a value of one contact, served by whichever application it is
 * placed on. It moves on when that application has no room (a CapacityError from its loop),
 * and may be moved back to an application that has room again ({@link moveTo}): the new
 * application's stream is subscribed before the old one is left, so the subscriber keeps its
 * last value and sees no gap; the old application lets the contact go after its grace period.
 */
export class PlacedStream<T> {
  /** The application serving the stream. */
  index: number | undefined;
  private inner: Subscription | undefined;
  /** Counts attachments: a late error of an application left behind is ignored. */
  private generation = 0;
  /**
   * The limits named by the refusal that sent the stream past an application (they go into the
   * final error). Only the numbers: thousands of moved streams must not each keep an error.
   */
  private previous: { readonly subscriptions: number; readonly contactsPerSubscription: number } | undefined;

  constructor(
    private readonly placement: Placement,
    /** The contact's lower-case URI (undefined for a malformed URI: its stream errors at once). */
    readonly key: string | undefined,
    private readonly kind: FacetKind<T>,
    private readonly uri: string,
    private readonly subscriber: Subscriber<T>,
  ) {}

  /** Serves the stream from application `index` (leaving the one that served it so far). */
  moveTo(index: number): void {
    if (this.subscriber.closed || index === this.index) return;
    const from = this.index;
    const old = this.inner;
    const generation = ++this.generation;
    const core = this.placement.core(index);
    this.index = index;
    this.placement.moved(this, from, index);
    const inner = core.streams.value$(this.kind, this.uri).subscribe({
      next: (value) => this.subscriber.next(value),
      error: (error: unknown) => {
        if (generation === this.generation) this.failed(error, index);
      },
      complete: () => this.subscriber.complete(),
    });
    if (generation === this.generation) this.inner = inner;
    else inner.unsubscribe();
    old?.unsubscribe();
  }

  /** The pool refused the application serving the stream (409 TooManyApplications): no room anywhere, not a wait. */
  refused(refusal: unknown): void {
    const index = this.index;
    if (index !== undefined && index > 0) this.end(this.capacityError(refusal, index + 1));
  }

  /** The subscriber left: the application serving it is left too. */
  close(): void {
    this.generation += 1;
    this.inner?.unsubscribe();
    this.inner = undefined;
    const from = this.index;
    this.index = undefined;
    this.placement.moved(this, from, undefined);
  }

  private failed(error: unknown, index: number): void {
    // Refused with no retry left (eventChannel.retry): the same as a refusal retried.
    if (index > 0 && error instanceof TooManyApplicationsError) return this.end(this.capacityError(error, index + 1));
    if (!(error instanceof CapacityError) || error.applications > 1) return this.end(error);
    this.previous = { subscriptions: error.subscriptions, contactsPerSubscription: error.contactsPerSubscription };
    this.placement.refusedForRoom(index);
    const next = this.placement.nextWithRoom(index);
    if (next !== undefined) return this.moveTo(next);
    const max = this.placement.max;
    this.end(max === 1 ? error : new CapacityError(error.uri, error.subscriptions, error.contactsPerSubscription, error.cause, max));
  }

  private capacityError(cause: unknown, applications: number): CapacityError {
    return new CapacityError(this.uri, this.previous?.subscriptions ?? 0, this.previous?.contactsPerSubscription ?? 0, cause, applications);
  }

  private end(error: unknown): void {
    this.close();
    this.subscriber.error(error);
  }
}
