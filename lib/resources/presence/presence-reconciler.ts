import type { Subscription } from 'rxjs';
import type { Application } from '../../codecs/application.js';
import type { ClientContext } from '../../client-context.js';
import type { ResetSignal } from '../../events/connection-state.js';
import type { UcwaEvent } from '../../events/ucwa-event.js';
import { DecodeError } from '../../errors/decode-error.js';
import { isUcwaError } from '../../errors/guards.js';
import { routingKey } from '../../http/href.js';
import { readJson, type Located } from '../../http/read-resource.js';
import { DeadlineQueue } from '../../time/deadline-queue.js';
import { classifyFailure, type FailureClass } from '../reconcile/failure-class.js';
import { RetrySchedule } from '../reconcile/retry-schedule.js';
import { applicationKey } from '../resource-link.js';
import { isNewApplication } from '../application.js';
import type { ContactDirectory } from './contact-directory.js';
import { facetHref, type ContactRef } from './contact-ref.js';
import type { FacetKind } from './facet-kind.js';
import { ObservedSubscription } from './observed-subscription.js';
import { PresenceSteps } from './presence-steps.js';
import { PRESENCE } from './presence-value.js';
import { SubscriptionLimits } from './subscription-limits.js';
import { WatchedContact } from './watched-contact.js';
import type { LiveValue } from '../reconcile/live-value.js';

/** How the reconciler uses server presence subscriptions. */
export interface PresenceReconcilerOptions {
  /** Minutes asked for on create and extend (10-30; 30 means the fewest extensions). */
  readonly durationMinutes: number;
  /** Contacts put in one server subscription at most (the server may allow fewer: learnt on 403 LimitExceeded). */
  readonly maxContactsPerSubscription: number;
  /** Extend this long before the computed expiry at the latest, ms. */
  readonly refreshMarginMs: number;
}

/** Passes of the loop run back to back within one macrotask before it yields (a guard against livelock). */
const MAX_PASSES_PER_TURN = 200;

/** After the server's "about to expire" event, extend at most this often, ms. */
const EXPIRING_EXTEND_INTERVAL_MS = 60_000;

/**
 * Keeps the server's presence subscriptions equal to what `presence$` subscribers want, the
 * way a level-triggered controller does. Desired state: the watched contacts. Observed state:
 * the subscriptions of the current application and their members, as last known, each contact's
 * presence href, and whether its value is fresh. One loop compares the two and sends the
 * requests that close the gap: list what the server has when that is unknown, create and add
 * to subscriptions (batched, within the limits the server showed), remove memberships and
 * delete empty subscriptions, extend before expiry (or on the server's "about to expire"
 * event), resolve contact hrefs, and GET stale values (batched by the fetcher).
 *
 * A failure, a lost response or a reset never needs a recovery path of its own: it marks what
 * it touched unknown or stale and requeues it with jittered backoff; a request whose outcome is
 * unknown is followed by a read of what the server did, so nothing is created twice and nothing
 * is left behind. Only permanent conditions of one contact (a refusal of that contact, a person
 * that does not exist, no room left) end its streams.
 */
export class PresenceReconciler {
  /** Every contact the reconciler knows: wanted ones, and unwanted ones still on the server. */
  readonly contacts = new Map<string, WatchedContact>();
  /** Observed: the application's subscriptions, by self routing key. */
  readonly subscriptions = new Map<string, ObservedSubscription>();
  /** Contacts by the routing keys of their presence (note, ...) hrefs: events carry them. */
  readonly byFacetKey = new Map<string, WatchedContact>();
  /** The kinds of value contacts may be watched for: presence, and those registered later (note, ...). */
  private readonly kinds: FacetKind<unknown>[] = [PRESENCE];
  /** The application the observed state belongs to. */
  application: Located<Application> | undefined;
  /** Whether `subscriptions` is what the server has (false until listed, and after a reset or a lost create). */
  collectionKnown = false;
  /** Increases with every reset and application change: answers to older requests are not trusted. */
  epoch = 0;
  /** Creates on the wire. */
  pendingCreates = 0;
  readonly limits: SubscriptionLimits;
  readonly retries: RetrySchedule<object>;
  /** The retry item of listing the collection. */
  readonly collection = {};
  extensions = 0;
  /** Expiry of each subscription of this application the client extended or created (kept across a reset's re-listing). */
  readonly expiries = new Map<string, number>();
  /**
   * The subscriptions of this application that are this client's (by self routing key): those it
   * created, and those it found by listing as the answer to a create it lost. Other instances of
   * the same application (a replica with the same endpointId, another tab, a page that crashed)
   * have theirs: the reconciler never changes, extends or deletes those; nobody extending them, a
   * dead instance's expire.
   */
  readonly owned = new Set<string>();
  /** The contacts (lower-case URIs) of each create whose outcome is unknown: a listed subscription with exactly these members is the answer. */
  readonly createsInDoubt: ReadonlySet<string>[] = [];
  /** The last 403 LimitExceeded (the cause of a CapacityError). */
  lastLimitError: unknown;
  /** Contacts left since the subscriptions were last packed: they may fit in fewer. */
  packDue = false;
  readonly toPlace = new Set<WatchedContact>();
  readonly toResolve = new Set<WatchedContact>();
  readonly toFetch = new Set<WatchedContact>();
  /** Told when a contact is forgotten (gone from the server, or failed): the application may have room again. */
  onForget: (() => void) | undefined;
  private readonly waiting: DeadlineQueue<WatchedContact>;
  private readonly steps: PresenceSteps;
  private hold: Subscription | undefined;
  private failAll: ((error: unknown) => void) | undefined;
  private scheduled = false;
  private cancelWake: (() => void) | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private closed = false;
  private passesThisTurn = 0;

  constructor(
    readonly context: ClientContext,
    readonly directory: ContactDirectory,
    readonly options: PresenceReconcilerOptions,
    /** The limits as learnt so far: an overflow application shares those of the client's own (one pool, one policy). */
    limits?: SubscriptionLimits,
  ) {
    this.limits = limits ?? new SubscriptionLimits(options.maxContactsPerSubscription);
    this.retries = new RetrySchedule(() => context.clock.now(), context.requeueBackoff);
    this.waiting = new DeadlineQueue(context.clock, (due) => {
      for (const contact of due) this.requeue(contact);
      this.schedule();
    });
    this.steps = new PresenceSteps(this);
  }

  /**
   * A stream wants the value of `kind` of `uri`: the contact (the same object while it is known)
   * becomes wanted, and so does that value. Returns both; the stream adds its subscriber.
   */
  want<T>(uri: string, uriKey: string, kind: FacetKind<T>): { readonly contact: WatchedContact; readonly value: LiveValue<T> } {
    this.register(kind);
    let contact = this.contacts.get(uriKey);
    if (!contact || contact.failed) {
      contact = new WatchedContact(uri, uriKey);
      this.contacts.set(uriKey, contact);
    }
    contact.wanted = true;
    const value = contact.facet(kind);
    this.requeue(contact);
    this.holdServer();
    this.schedule();
    return { contact, value };
  }

  /**
   * The grace period of a stream of the contact is over: values nobody listens to are dropped, and
   * when no stream is left the contact leaves its subscription.
   */
  release(contact: WatchedContact): void {
    if (!contact.wanted) return;
    contact.dropIdleFacets();
    if (contact.subscriberCount > 0) return;
    contact.wanted = false;
    contact.stopFetching();
    this.requeue(contact);
    this.schedule();
  }

  /** Makes values of `kind` watchable (their events are listened to from now on). */
  register(kind: FacetKind<unknown>): void {
    if (this.kinds.includes(kind)) return;
    this.kinds.push(kind);
    this.listen(kind);
    for (const contact of this.contacts.values()) if (contact.ref) this.located(contact, contact.ref);
  }

  /** Stops everything; the application's deletion removes the server side. */
  close(): void {
    this.closed = true;
    this.cancelWake?.();
    this.waiting.clear();
    this.hold?.unsubscribe();
    this.hold = undefined;
    for (const contact of this.contacts.values()) contact.complete();
    this.contacts.clear();
    this.subscriptions.clear();
    this.byFacetKey.clear();
  }

  // ---- what the steps report back -------------------------------------------------------------

  /** Puts a contact in the work set its state calls for (or forgets it when nothing is left to do). */
  requeue(contact: WatchedContact): void {
    this.toPlace.delete(contact);
    this.toResolve.delete(contact);
    this.toFetch.delete(contact);
    if (contact.failed || this.contacts.get(contact.uriKey) !== contact) return;
    if (!contact.wanted) {
      if (contact.subscription) contact.subscription.dirty = true;
      else if (!contact.placing) this.forget(contact);
      return;
    }
    if (this.waiting.has(contact)) return;
    // Where its presence lives is looked up while it is being placed: the first GET need not wait for it.
    if (!contact.ref) this.toResolve.add(contact);
    if (contact.placing) return;
    if (!contact.subscription) this.toPlace.add(contact);
    else if (!contact.ref) return;
    else if (contact.due) this.toFetch.add(contact);
  }

  /** A step for `contact` failed in a way worth another try: it waits a jittered backoff first. */
  later(contact: WatchedContact, error: unknown): void {
    this.report(error);
    this.waiting.add(contact, this.retries.failed(contact, error));
    this.requeue(contact);
  }

  /** The contact cannot be watched, for good: its streams error. */
  fail(contact: WatchedContact, error: unknown): void {
    contact.fail(error);
    if (contact.subscription) contact.subscription.dirty = true;
    this.forget(contact);
  }

  /** The server no longer has `subscription`: its contacts go elsewhere. */
  dropSubscription(subscription: ObservedSubscription): void {
    if (this.subscriptions.get(subscription.key) !== subscription) return;
    this.subscriptions.delete(subscription.key);
    this.owned.delete(subscription.key);
    this.packDue = true;
    for (const contact of this.contacts.values()) {
      if (contact.subscription !== subscription) continue;
      contact.subscription = undefined;
      this.requeue(contact);
    }
  }

  /** Records a recovered or skipped problem on `diagnostics$`. */
  report(error: unknown): void {
    if (isUcwaError(error)) this.context.channel.diagnose(error);
  }

  /**
   * Runs a pass of the loop at the end of this tick (many changes, one pass). Passes that keep
   * scheduling each other without ever waiting for I/O would starve the process: past
   * {@link MAX_PASSES_PER_TURN} in one turn the next pass waits for the next macrotask.
   */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    const run = (): void => {
      this.scheduled = false;
      this.pass();
    };
    if (this.passesThisTurn === 0) globalThis.setTimeout(() => (this.passesThisTurn = 0), 0);
    this.passesThisTurn += 1;
    if (this.passesThisTurn > MAX_PASSES_PER_TURN) globalThis.setTimeout(run, 0);
    else queueMicrotask(run);
  }

  /** Sets where a contact's resources are (routes the events of its presence, note, ...). */
  located(contact: WatchedContact, ref: ContactRef | undefined): void {
    this.unroute(contact);
    contact.ref = ref;
    if (!ref) return;
    for (const kind of this.kinds) {
      const href = facetHref(ref, kind);
      if (href !== undefined) this.byFacetKey.set(routingKey(href, ref.base), contact);
    }
  }

  private unroute(contact: WatchedContact): void {
    const ref = contact.ref;
    if (!ref) return;
    for (const kind of this.kinds) {
      const href = facetHref(ref, kind);
      if (href === undefined) continue;
      const key = routingKey(href, ref.base);
      if (this.byFacetKey.get(key) === contact) this.byFacetKey.delete(key);
    }
  }

  /**
   * Contacts the application holds or is about to: those the loop knows (wanted, or still on the
   * server), or the members its subscriptions have, if more (members it could not name count too).
   */
  get heldContacts(): number {
    let members = 0;
    for (const subscription of this.subscriptions.values()) members += subscription.members.size;
    return Math.max(this.contacts.size, members);
  }

  /** Server subscriptions alive now (for status displays). */
  get serverSubscriptions(): readonly { readonly id: string | undefined; readonly members: number; readonly expiresAt: number }[] {
    return [...this.subscriptions.values()].map((s) => ({ id: s.resource.value.id, members: s.members.size, expiresAt: s.expiresAt }));
  }

  // ---- the loop ------------------------------------------------------------------------------

  private pass(): void {
    if (this.closed) return;
    const application = this.application;
    if (application) {
      if (!this.collectionKnown) this.steps.list(application);
      else {
        for (const subscription of [...this.subscriptions.values()]) this.steps.tend(subscription);
        this.steps.place(application);
        this.steps.resolve();
        this.fetch();
      }
    }
    this.releaseIfIdle();
    this.arm();
  }

  /** GETs every stale value that may be fetched now; the fetcher batches those of one tick. */
  private fetch(): void {
    for (const contact of [...this.toFetch]) {
      this.toFetch.delete(contact);
      const ref = contact.ref;
      if (!ref || !contact.wanted || !contact.subscription) continue;
      for (const value of [...contact.facets]) if (value.due) this.fetchValue(contact, ref, value.kind, value);
    }
  }

  private fetchValue(contact: WatchedContact, ref: ContactRef, kind: FacetKind<unknown>, value: LiveValue<unknown>): void {
    const href = facetHref(ref, kind);
    if (href === undefined) {
      // The server does not offer this resource for the contact: its stream cannot be served.
      return this.failValue(contact, kind, new DecodeError(`contact ${contact.uri}`, [{ path: `_links.${kind.rels[0]}`, expected: 'Link', actual: 'undefined' }]));
    }
    value.stale = false;
    const epoch = this.epoch;
    const done = (): void => {
      value.fetching = undefined;
      this.requeue(contact);
      this.schedule();
    };
    value.fetching = this.context.fetcher.get(href, ref.base, true).subscribe({
      next: (response) => {
        value.fetching = undefined;
        try {
          value.emit(kind.read(contact.uri, readJson(response, kind.rels[0]), response.url));
          value.notFound = 0;
          this.retries.succeeded(contact);
        } catch (error) {
          value.stale = true;
          this.later(contact, error);
        }
      },
      error: (error: unknown) => {
        value.stale = true;
        if (epoch === this.epoch) this.fetchFailed(contact, kind, value, error, classifyFailure(error));
        done();
      },
      complete: done,
    });
  }

  private fetchFailed(contact: WatchedContact, kind: FacetKind<unknown>, value: LiveValue<unknown>, error: unknown, failure: FailureClass): void {
    if (failure === 'notFound') {
      // Looked up afresh once; a second 404 with a fresh href means there is no such person (or resource).
      value.notFound += 1;
      if (value.notFound >= 2) return this.failValue(contact, kind, error);
      this.directory.forget(contact.uriKey);
      this.located(contact, undefined);
      return;
    }
    if (failure === 'refused' || failure === 'limit') return this.failValue(contact, kind, error);
    this.later(contact, error);
  }

  /** One value of the contact cannot be served, for good: its streams error; without another value the contact goes. */
  private failValue(contact: WatchedContact, kind: FacetKind<unknown>, error: unknown): void {
    contact.value(kind)?.fail(error);
    contact.remove(kind);
    if (contact.facets.length === 0) this.fail(contact, error);
  }

  private forget(contact: WatchedContact): void {
    if (this.contacts.get(contact.uriKey) === contact) this.contacts.delete(contact.uriKey);
    this.unroute(contact);
    this.waiting.delete(contact);
    this.toPlace.delete(contact);
    this.toResolve.delete(contact);
    this.toFetch.delete(contact);
    contact.stopFetching();
    this.onForget?.();
  }

  // ---- what the server tells ------------------------------------------------------------------

  private holdServer(): void {
    if (this.hold || this.closed) return;
    const { session, channel } = this.context;
    const failAll = (error: unknown): void => {
      for (const contact of [...this.contacts.values()]) this.fail(contact, error);
      this.releaseHold();
    };
    // The channel first: its loop hears of a sign-in failure before the streams are ended with it.
    this.hold = channel.onRel('presenceSubscription').subscribe({ next: (event) => this.onSubscriptionEvent(event), error: failAll });
    this.failAll = failAll;
    for (const kind of this.kinds) this.listen(kind);
    this.hold.add(channel.resets$.subscribe((signal) => this.onReset(signal)));
    this.hold.add(session.observe(0).subscribe({ next: (application) => this.onApplication(application), error: failAll }));
  }

  /** Routes the `updated` events of values of `kind` while the server is held. */
  private listen(kind: FacetKind<unknown>): void {
    this.hold?.add(this.context.channel.onRel(kind.rels[0]).subscribe({ next: (event) => this.onValueEvent(kind, event), error: this.failAll }));
  }

  private releaseHold(): void {
    const hold = this.hold;
    this.hold = undefined;
    hold?.unsubscribe();
    this.application = undefined;
    this.subscriptions.clear();
    this.collectionKnown = false;
  }

  /** Nothing wanted and nothing left on the server: let the application go (after its grace). */
  private releaseIfIdle(): void {
    if (!this.hold || this.contacts.size > 0 || this.pendingCreates > 0) return;
    if (this.application && (!this.collectionKnown || this.subscriptions.size > 0)) return;
    this.releaseHold();
  }

  private onApplication(application: Located<Application>): void {
    if (applicationKey(this.application) === applicationKey(application)) {
      this.application = application;
      return;
    }
    // A different application: nothing observed of the old one exists in it.
    this.application = application;
    this.expiries.clear();
    this.owned.clear();
    this.createsInDoubt.length = 0;
    this.retries.reset();
    for (const contact of this.waiting.drain()) this.requeue(contact);
    this.forgetObserved();
    // An application the server created just now (201) has no subscription yet: nothing to list.
    // (A hold given up and taken again finds the same application: it was left with none.)
    if (isNewApplication(application)) this.collectionKnown = true;
    for (const contact of this.contacts.values()) this.located(contact, undefined);
    this.requeueAll();
    this.schedule();
  }

  private onReset(_signal: ResetSignal): void {
    this.forgetObserved();
    this.requeueAll();
    this.schedule();
  }

  /**
   * What the server has is not known any more (a create's answer was lost, an answer came after a
   * reset): the collection is listed again before anything else is done. Requests in flight end
   * on their own; their answers are not trusted.
   */
  markCollectionUnknown(): void {
    this.epoch += 1;
    this.collectionKnown = false;
    this.subscriptions.clear();
    for (const contact of this.contacts.values()) contact.subscription = undefined;
    this.requeueAll();
    this.schedule();
  }

  /** After a reset: the collection is listed again and every value is stale. */
  private forgetObserved(): void {
    this.markCollectionUnknown();
    for (const contact of this.contacts.values()) contact.markStale(true);
  }

  private requeueAll(): void {
    for (const contact of [...this.contacts.values()]) this.requeue(contact);
  }

  /** A contact's presence (note, ...) changed: the embedded value is taken, or the value is fetched again. */
  private onValueEvent(kind: FacetKind<unknown>, event: UcwaEvent): void {
    if (event.type !== 'updated') return;
    const contact = this.byFacetKey.get(event.key);
    const value = contact?.value(kind);
    if (!contact || !value || !contact.wanted || !contact.subscription) return;
    if (event.resource !== undefined) {
      try {
        const read = kind.read(contact.uri, event.resource, event.base);
        value.stopFetching();
        value.stale = false;
        value.emit(read);
        this.requeue(contact);
        return;
      } catch (error) {
        this.report(error);
      }
    }
    value.markStale();
    this.requeue(contact);
    this.schedule();
  }

  private onSubscriptionEvent(event: UcwaEvent): void {
    const subscription = this.subscriptions.get(event.key);
    if (!subscription) return;
    if (event.type === 'deleted') this.dropSubscription(subscription);
    else if (event.type === 'updated') subscription.expiring = true;
    this.schedule();
  }

  // ---- time ----------------------------------------------------------------------------------

  /** When `subscription` must be extended (clock ms). */
  extendDue(subscription: ObservedSubscription): number {
    const byExpiry = subscription.expiresAt - this.options.refreshMarginMs;
    const bySignal = subscription.expiring ? subscription.extendedAt + EXPIRING_EXTEND_INTERVAL_MS : Number.POSITIVE_INFINITY;
    return Math.min(byExpiry, bySignal);
  }

  /** One timer for the loop: the next extension, or the end of a subscription's or the listing's backoff. */
  private arm(): void {
    let next = Number.POSITIVE_INFINITY;
    const now = this.context.clock.now();
    if (!this.application) next = Number.POSITIVE_INFINITY;
    else if (!this.collectionKnown) next = this.steps.listing ? next : this.retries.notBefore(this.collection);
    else {
      for (const subscription of this.subscriptions.values()) {
        if (subscription.busy) continue;
        const retryAt = this.retries.notBefore(subscription);
        next = Math.min(next, retryAt > now ? retryAt : this.extendDue(subscription));
      }
    }
    if (next === this.wakeAt) return;
    this.cancelWake?.();
    this.cancelWake = undefined;
    this.wakeAt = next;
    if (next === Number.POSITIVE_INFINITY || this.closed) return;
    this.cancelWake = this.context.clock.setTimer(() => {
      this.cancelWake = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.pass();
    }, Math.max(0, next - now));
  }
}
