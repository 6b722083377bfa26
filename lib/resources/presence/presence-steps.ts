import type * as t from 'io-ts';
import { Observable, concat, defer, finalize, forkJoin, map, of, switchMap, tap, type Subscription } from 'rxjs';
import type { Application } from '../../codecs/application.js';
import { hrefOf } from '../../codecs/link.js';
import {
  MembershipsCodec,
  PresenceSubscriptionsCodec,
  type MembershipResource,
  type MembershipsResource,
  type PresenceSubscriptionResource,
} from '../../codecs/subscriptions.js';
import { CapacityError } from '../../errors/capacity-error.js';
import { DecodeError } from '../../errors/decode-error.js';
import { routingKey } from '../../http/href.js';
import { decodeResponse, type Located } from '../../http/read-resource.js';
import { peopleLink, type HrefRef } from '../people.js';
import { classifyFailure, type FailureClass } from '../reconcile/failure-class.js';
import { SUBSCRIPTION_CAP_MINUTES } from '../duration.js';
import { applicationKey, selfKey } from '../resource-link.js';
import { ObservedSubscription } from './observed-subscription.js';
import type { PresenceReconciler } from './presence-reconciler.js';
import { PresenceRequests } from './presence-requests.js';
import type { WatchedContact } from './watched-contact.js';
import type { ContactRef } from './contact-ref.js';

const MINUTE = 60_000;

/**
 * Creates one application has on the wire at most. A pool bounds the requests it takes at once,
 * and while the number of subscriptions it allows is unknown, every create past it is refused:
 * a few at a time, the first refusal is learnt before many more are sent.
 */
const MAX_CREATES_IN_FLIGHT = 8;

/** Handlers of one step's outcome. */
interface StepHandlers<T> {
  /** The answer, when it can be trusted. */
  readonly next?: (value: T) => void;
  /** The failure, when it can be trusted. */
  readonly error: (error: unknown, failure: FailureClass) => void;
  /** Runs when the step ends, trusted or not, before the next pass is scheduled. */
  readonly always?: () => void;
}

/** Memberships with the lower-case URI of their contact (a contact that could not be read gets a key no contact has). */
type KeyedMemberships = ReadonlyArray<{ readonly uriKey: string; readonly membership: Located<MembershipResource>; readonly subscriptionKey: string | undefined }>;

/**
 * The steps of the presence reconciler, one request (or a short sequence on one subscription)
 * each, and what each outcome means for the observed state. A step that touches a subscription
 * holds it busy; a step whose answer comes after a reset or an application change is not
 * trusted (a mutating one makes the collection be listed again).
 */
export class PresenceSteps {
  /** The listing in flight. */
  listing: Subscription | undefined;
  private resolving = false;
  private readonly requests: PresenceRequests;

  constructor(private readonly host: PresenceReconciler) {
    this.requests = new PresenceRequests(host.context.send);
  }

  // ---- listing ---------------------------------------------------------------------------------

  /** Reads what the server has: the subscriptions and every membership, in one batch. */
  list(application: Located<Application>): void {
    const { host } = this;
    if (this.listing || !host.retries.ready(host.collection)) return;
    const epoch = host.epoch;
    const { fetcher } = host.context;
    const get = <A, O>(rel: string, codec: t.Type<A, O, unknown>): Observable<Located<A> | undefined> =>
      defer(() => {
        let at: HrefRef;
        try {
          at = peopleLink(application, rel);
        } catch {
          return of(undefined);
        }
        return fetcher.get(at.href, at.base, true).pipe(map((response) => decodeResponse(response, codec, rel)));
      });
    this.listing = forkJoin([get('presenceSubscriptions', PresenceSubscriptionsCodec), get('presenceSubscriptionMemberships', MembershipsCodec)])
      .pipe(
        switchMap(([collection, memberships]) => {
          if (!collection) throw new DecodeError('application', [{ path: '_embedded.people._links.presenceSubscriptions', expected: 'Link', actual: 'undefined' }]);
          const subscriptions = (collection.value._embedded?.presenceSubscription ?? []).map((value) => ({ value, url: collection.url }));
          return this.keyed(memberships).pipe(map((keyed) => ({ subscriptions, keyed, complete: memberships !== undefined })));
        }),
        finalize(() => {
          this.listing = undefined;
          host.schedule();
        }),
      )
      .subscribe({
        next: ({ subscriptions, keyed, complete }) => {
          if (epoch !== host.epoch) return;
          host.retries.succeeded(host.collection);
          this.adopt(subscriptions, keyed, complete);
        },
        error: (error: unknown) => {
          if (epoch !== host.epoch) return;
          host.report(error);
          host.retries.failed(host.collection, error);
        },
      });
  }

  /**
   * Makes the listing the observed state: subscriptions not listed are gone, members are as
   * listed. Only this client's subscriptions are observed ({@link PresenceReconciler.owned}); a
   * listed one becomes this client's only when it has exactly the contacts of a create whose
   * answer was lost (that create's). The others belong to other instances of the application (a
   * live tab or replica, or one that went): the client never changes, extends or deletes them, so
   * it cannot take a contact from a live one; a dead one's expire, nobody extending them.
   */
  private adopt(listed: readonly Located<PresenceSubscriptionResource>[], keyed: KeyedMemberships, complete: boolean): void {
    const { host } = this;
    const now = host.context.clock.now();
    const previous = new Map(host.subscriptions);
    host.subscriptions.clear();
    const membersOf = new Map<string, Set<string>>();
    for (const { uriKey, subscriptionKey } of keyed) {
      if (subscriptionKey === undefined) continue;
      const members = membersOf.get(subscriptionKey) ?? new Set<string>();
      members.add(uriKey);
      membersOf.set(subscriptionKey, members);
    }
    for (const resource of listed) {
      const key = selfKey(resource);
      if (!host.owned.has(key) && !(complete && this.claimCreateInDoubt(membersOf.get(key)))) continue;
      host.owned.add(key);
      // A subscription whose expiry is not known is extended at once.
      const subscription = new ObservedSubscription(resource, previous.get(key)?.expiresAt ?? host.expiries.get(key) ?? now);
      subscription.known = complete;
      subscription.dirty = true;
      host.subscriptions.set(subscription.key, subscription);
    }
    for (const { uriKey, membership, subscriptionKey } of keyed) {
      const subscription = subscriptionKey === undefined ? undefined : host.subscriptions.get(subscriptionKey);
      if (subscription) subscription.members.set(uriKey, membership);
    }
    for (const contact of host.contacts.values()) contact.subscription = undefined;
    for (const subscription of host.subscriptions.values()) this.claimMembers(subscription);
    host.collectionKnown = true;
    host.packDue = true;
    for (const contact of [...host.contacts.values()]) host.requeue(contact);
  }

  /** Whether `members` are exactly the contacts of a create in doubt (which is then settled). */
  private claimCreateInDoubt(members: ReadonlySet<string> | undefined): boolean {
    const doubts = this.host.createsInDoubt;
    if (!members || members.size === 0) return false;
    const index = doubts.findIndex((contacts) => contacts.size === members.size && [...members].every((uriKey) => contacts.has(uriKey)));
    if (index < 0) return false;
    doubts.splice(index, 1);
    return true;
  }

  /** Contacts without a subscription that `subscription` holds become its members. */
  private claimMembers(subscription: ObservedSubscription): void {
    const { host } = this;
    for (const uriKey of subscription.members.keys()) {
      const contact = host.contacts.get(uriKey);
      if (contact && !contact.subscription && !contact.placing) contact.subscription = subscription;
    }
  }

  /** The lower-case URI of each membership's contact, reading contact resources the directory does not know. */
  private keyed(memberships: Located<MembershipsResource> | undefined): Observable<KeyedMemberships> {
    const list = (memberships?.value._embedded?.presenceSubscriptionMembership ?? []).map((value) => ({ value, url: memberships?.url ?? '' }));
    const contactAt = (membership: Located<MembershipResource>): { href: string; base: string } | undefined => {
      const href = hrefOf(membership.value, 'contact');
      return href === undefined ? undefined : { href, base: membership.url };
    };
    const hrefs = list.flatMap((membership) => contactAt(membership) ?? []);
    const { directory } = this.host;
    const refs$: Observable<ReadonlyMap<string, ContactRef>> = hrefs.length === 0 ? of(new Map<string, ContactRef>()) : directory.resolveHrefs(hrefs);
    return refs$.pipe(
      map((refs) =>
        list.map((membership) => {
          const at = contactAt(membership);
          const contactKey = at ? routingKey(at.href, at.base) : `membership:${hrefOf(membership.value, 'self') ?? ''}`;
          const subscriptionHref = hrefOf(membership.value, 'presenceSubscription');
          return {
            uriKey: refs.get(contactKey)?.uriKey ?? `unknown:${contactKey}`,
            membership,
            subscriptionKey: subscriptionHref === undefined ? undefined : routingKey(subscriptionHref, membership.url),
          };
        }),
      ),
    );
  }

  // ---- one subscription --------------------------------------------------------------------------

  /** Does what `subscription` needs next: read it, remove unwanted members, delete it, or extend it. */
  tend(subscription: ObservedSubscription): void {
    const { host } = this;
    if (subscription.busy || !host.retries.ready(subscription)) return;
    if (!subscription.known) return this.read(subscription);
    if (subscription.draining) this.moveOut(subscription);
    if (subscription.dirty) {
      const doomed = this.doomed(subscription);
      if (doomed.length > 0 && doomed.length === subscription.members.size) return this.delete(subscription);
      if (doomed.length > 0) return this.removeMembers(subscription, doomed);
      // A draining subscription stays dirty until its last contact has moved.
      if (!subscription.draining || subscription.members.size === 0) subscription.dirty = false;
    }
    if (subscription.members.size === 0) return this.delete(subscription);
    if (host.context.clock.now() >= host.extendDue(subscription)) this.extend(subscription);
  }

  /** The wanted contacts still held by a draining subscription (a read gave them back to it) go to be placed elsewhere. */
  private moveOut(subscription: ObservedSubscription): void {
    for (const uriKey of subscription.members.keys()) {
      const contact = this.host.contacts.get(uriKey);
      if (!contact || contact.subscription !== subscription || contact.placing) continue;
      contact.subscription = undefined;
      this.host.requeue(contact);
    }
  }

  /** Members to remove: unwanted, failed, unknown, or held by another subscription too. */
  private doomed(subscription: ObservedSubscription): string[] {
    return [...subscription.members.keys()].filter((uriKey) => {
      const contact = this.host.contacts.get(uriKey);
      if (!contact || !contact.wanted || contact.failed) return true;
      // A contact moving out of a draining subscription stays in it until it is in another one.
      if (subscription.draining && !contact.subscription) return false;
      return contact.subscription !== subscription;
    });
  }

  /** GETs the subscription's memberships: they replace what was believed. */
  private read(subscription: ObservedSubscription): void {
    const { host } = this;
    const work = this.requests.memberships(subscription.resource).pipe(switchMap((memberships) => this.keyed(memberships)));
    this.run(subscription, false, work, {
      next: (keyed) => {
        const before = subscription.members.size;
        subscription.members.clear();
        for (const { uriKey, membership } of keyed) subscription.members.set(uriKey, membership);
        // Full at its size before: fewer members, room again.
        if (subscription.members.size < before) subscription.full = false;
        for (const contact of host.contacts.values()) {
          if (contact.subscription !== subscription || subscription.members.has(contact.uriKey)) continue;
          contact.subscription = undefined;
          host.requeue(contact);
        }
        this.claimMembers(subscription);
        subscription.known = true;
        subscription.dirty = true;
        for (const uriKey of subscription.members.keys()) {
          const contact = host.contacts.get(uriKey);
          if (contact) host.requeue(contact);
        }
      },
      error: (error, failure) => {
        if (failure === 'notFound') return host.dropSubscription(subscription);
        this.retryLater(subscription, error);
      },
    });
  }

  /** DELETEs the memberships of `doomed`, one by one; a 404 means already gone. */
  private removeMembers(subscription: ObservedSubscription, doomed: readonly string[]): void {
    const { host } = this;
    const memberships = doomed.map((uriKey) => ({ uriKey, membership: subscription.members.get(uriKey) }));
    if (memberships.some((m) => !m.membership)) {
      // Created or added by us: the membership hrefs come from a read.
      subscription.known = false;
      return this.read(subscription);
    }
    const removed = (uriKey: string): void => {
      host.packDue = true;
      // It was full at its size before: one fewer, and there is room again.
      if (subscription.members.delete(uriKey)) subscription.full = false;
      const contact = host.contacts.get(uriKey);
      if (contact?.subscription === subscription) {
        contact.subscription = undefined;
        host.requeue(contact);
      }
    };
    const steps = memberships.map(({ uriKey, membership }) =>
      this.ignoreNotFound(this.requests.removeMembership(membership as Located<MembershipResource>)).pipe(tap(() => removed(uriKey))),
    );
    this.run(subscription, true, concat(...steps), {
      error: (error, failure) => {
        if (failure === 'unknown') subscription.known = false;
        this.retryLater(subscription, error);
      },
    });
  }

  /** DELETEs the subscription (no wanted member left); a 404 means already gone. */
  private delete(subscription: ObservedSubscription): void {
    const { host } = this;
    this.run(subscription, true, this.ignoreNotFound(this.requests.delete(subscription.resource)), {
      next: () => {
        host.expiries.delete(subscription.key);
        host.dropSubscription(subscription);
      },
      error: (error) => this.retryLater(subscription, error),
    });
  }

  /** Extends the subscription (the server adds the duration to the time left, capped at 30 minutes). */
  private extend(subscription: ObservedSubscription): void {
    const { host } = this;
    const minutes = host.options.durationMinutes;
    this.run(subscription, true, this.requests.extend(subscription.resource, minutes), {
      next: (resource) => {
        const now = host.context.clock.now();
        const left = Math.max(0, subscription.expiresAt - now);
        subscription.resource = resource.value._links ? resource : subscription.resource;
        subscription.expiresAt = now + Math.min(left + minutes * MINUTE, SUBSCRIPTION_CAP_MINUTES * MINUTE);
        subscription.extendedAt = now;
        subscription.expiring = false;
        host.expiries.set(subscription.key, subscription.expiresAt);
        host.extensions += 1;
      },
      error: (error, failure) => {
        // An expired subscription answers 404 (ExtendAPresenceSubscription shows ApplicationNotFound): read it to know.
        if (failure === 'notFound' || failure === 'applicationGone' || failure === 'refused' || failure === 'limit') subscription.known = false;
        this.retryLater(subscription, error);
      },
    });
  }

  // ---- placing contacts --------------------------------------------------------------------------

  /** Puts unplaced contacts into subscriptions with room, then into new ones, within the learnt limits. */
  place(application: Located<Application>): void {
    const { host } = this;
    const { limits } = host;
    // Creates at their bound and no room: nothing to do until one answers (thousands may wait).
    const creatable = host.subscriptions.size + host.pendingCreates < limits.subscriptions && host.pendingCreates < MAX_CREATES_IN_FLIGHT;
    if (!creatable && host.pendingCreates > 0 && host.toPlace.size > 0 && ![...host.subscriptions.values()].some((s) => limits.room(s) > 0)) return;
    const waiting = [...host.toPlace].filter((c) => c.wanted && !c.failed && !c.placing && !c.subscription);
    if (waiting.length === 0) return this.pack();
    const single = waiting.filter((c) => c.alone);
    const grouped = waiting.filter((c) => !c.alone);
    let reserved = false;
    for (const subscription of host.subscriptions.values()) {
      if (grouped.length === 0 && single.length === 0) break;
      const room = limits.room(subscription);
      if (room <= 0) continue;
      // A subscription that may take more later (in use, being read, or probed with a smaller add
      // after a refusal) is waited for rather than another one created.
      if (subscription.busy || !subscription.known || !host.retries.ready(subscription) || room < limits.perSubscription - subscription.members.size) {
        reserved = true;
        if (subscription.busy || !subscription.known || !host.retries.ready(subscription)) continue;
      }
      const batch = grouped.length > 0 ? grouped.splice(0, room) : single.splice(0, 1);
      this.add(subscription, batch);
    }
    if (reserved || (grouped.length === 0 && single.length === 0)) return;
    const batches: WatchedContact[][] = [];
    while (grouped.length > 0) batches.push(grouped.splice(0, Math.max(1, Math.min(limits.createSize, limits.perSubscription))));
    for (const contact of single) batches.push([contact]);
    const rest: WatchedContact[] = [];
    for (const batch of batches) {
      const creatable = host.subscriptions.size + host.pendingCreates < limits.subscriptions && host.pendingCreates < MAX_CREATES_IN_FLIGHT;
      if (creatable) this.create(application, batch);
      else rest.push(...batch);
    }
    if (rest.length === 0 || host.pendingCreates > 0) return;
    // No room, and none coming from a create, a removal or a subscription in use.
    if ([...host.subscriptions.values()].some((s) => s.busy || s.dirty || !s.known)) return;
    for (const contact of rest) {
      // It goes to another application (overflow), or nowhere: its ref here is not kept.
      host.directory.forget(contact.uriKey);
      host.fail(contact, new CapacityError(contact.uri, host.subscriptions.size, limits.perSubscription, host.lastLimitError));
    }
  }

  /**
   * When everything is settled and the contacts would fit in fewer subscriptions (contacts left
   * since they were created), drains the emptiest one: its contacts are placed in the others'
   * room (and stay members of it until they are), then it is deleted. A service that watches a
   * changing set of contacts for days keeps no more subscriptions than it needs.
   */
  private pack(): void {
    const { host } = this;
    const subscriptions = [...host.subscriptions.values()];
    if (!host.packDue || subscriptions.length < 2 || host.pendingCreates > 0 || host.toPlace.size > 0) return;
    if (subscriptions.some((s) => s.busy || !s.known || s.dirty || s.draining || !host.retries.ready(s))) return;
    host.packDue = false;
    let watched = 0;
    for (const contact of host.contacts.values()) if (contact.wanted && contact.subscription) watched += 1;
    if (subscriptions.length <= Math.ceil(watched / host.limits.sureSize)) return;
    const donor = subscriptions.reduce((least, s) => (s.members.size < least.members.size ? s : least));
    const room = subscriptions.reduce((sum, s) => sum + (s === donor ? 0 : host.limits.sureRoom(s)), 0);
    if (room < donor.members.size) return;
    const moving = [...donor.members.keys()].flatMap((uriKey) => {
      const contact = host.contacts.get(uriKey);
      return contact && contact.subscription === donor && contact.wanted ? [contact] : [];
    });
    donor.draining = true;
    donor.dirty = true;
    for (const contact of moving) {
      contact.subscription = undefined;
      host.requeue(contact);
    }
    host.schedule();
  }

  /** POST addToPresenceSubscription for `contacts`. */
  private add(subscription: ObservedSubscription, contacts: readonly WatchedContact[]): void {
    const { host } = this;
    this.placing(contacts, true);
    const work = this.requests.add(subscription.resource, contacts.map((c) => c.uri));
    this.run(subscription, true, work, {
      always: () => this.settled(contacts),
      next: (memberships) => {
        this.placing(contacts, false);
        const byContact = new Map<string, Located<MembershipResource>>();
        for (const value of memberships.value._embedded?.presenceSubscriptionMembership ?? []) {
          const href = hrefOf(value, 'contact');
          const ref = href === undefined ? undefined : host.directory.lookupHref(routingKey(href, memberships.url));
          if (ref) byContact.set(ref.uriKey, { value, url: memberships.url });
        }
        for (const contact of contacts) {
          contact.alone = false;
          this.join(contact, subscription, byContact.get(contact.uriKey));
        }
        host.limits.accept(subscription.members.size);
      },
      error: (error, failure) => {
        this.placing(contacts, false);
        if (failure === 'limit') {
          host.lastLimitError = error;
          host.limits.addRefused(subscription, contacts.length);
        } else if (failure === 'notFound') host.dropSubscription(subscription);
        else if (failure === 'refused') this.refused(contacts, error);
        else if (failure === 'unknown') {
          subscription.known = false;
          host.report(error);
        } else {
          host.retries.failed(subscription, error);
          for (const contact of contacts) host.later(contact, error);
        }
      },
    });
  }

  /** POST presenceSubscriptions with `contacts`. */
  private create(application: Located<Application>, contacts: readonly WatchedContact[]): void {
    const { host } = this;
    const minutes = host.options.durationMinutes;
    this.placing(contacts, true);
    host.pendingCreates += 1;
    const sameApplication = (): boolean => applicationKey(host.application) === applicationKey(application);
    const work = this.requests.create(application, contacts.map((c) => c.uri), minutes).pipe(
      tap({
        // Whatever else becomes of the answer (it may come after a reset), the subscription is ours.
        next: (resource) => {
          if (!sameApplication()) return;
          try {
            host.owned.add(selfKey(resource));
          } catch {
            // Links it cannot use (a hostile href): the step treats the answer as unreadable, and
            // the listing that follows finds the subscription by its contacts.
            this.doubt(contacts);
          }
        },
        error: (error: unknown) => {
          const failure = classifyFailure(error);
          if (sameApplication() && (failure === 'unknown' || failure === 'notFound')) this.doubt(contacts);
        },
      }),
      finalize(() => (host.pendingCreates -= 1)),
    );
    this.run(undefined, true, work, {
      always: () => this.settled(contacts),
      next: (resource) => {
        this.placing(contacts, false);
        const created = new ObservedSubscription(resource, host.context.clock.now() + minutes * MINUTE);
        const subscription = host.subscriptions.get(created.key) ?? created;
        host.subscriptions.set(subscription.key, subscription);
        host.packDue = true;
        host.expiries.set(subscription.key, subscription.expiresAt);
        for (const contact of contacts) {
          contact.alone = false;
          this.join(contact, subscription, undefined);
        }
        host.limits.accept(subscription.members.size);
        host.limits.held(host.subscriptions.size);
      },
      error: (error, failure) => {
        this.placing(contacts, false);
        if (failure === 'limit') {
          host.lastLimitError = error;
          host.limits.createRefused(contacts.length, host.subscriptions.size);
        } else if (failure === 'refused') this.refused(contacts, error);
        else if (failure === 'unknown' || failure === 'notFound') {
          // The server may have created it: list what it has before creating anything more.
          host.report(error);
          host.markCollectionUnknown();
        } else for (const contact of contacts) host.later(contact, error);
      },
    });
  }

  /** Remembers the contacts of a create whose outcome is unknown (at most the last 100 such creates). */
  private doubt(contacts: readonly WatchedContact[]): void {
    const doubts = this.host.createsInDoubt;
    doubts.push(new Set(contacts.map((c) => c.uriKey)));
    if (doubts.length > 100) doubts.shift();
  }

  /** A refusal of a request naming several contacts: try them one by one; a lone one fails for good. */
  private refused(contacts: readonly WatchedContact[], error: unknown): void {
    if (contacts.length === 1 && contacts[0]) return this.host.fail(contacts[0], error);
    for (const contact of contacts) contact.alone = true;
  }

  /** The request naming `contacts` ended: whatever it did, they are no longer waiting on it. */
  private settled(contacts: readonly WatchedContact[]): void {
    this.placing(contacts, false);
    for (const contact of contacts) this.host.requeue(contact);
  }

  private placing(contacts: readonly WatchedContact[], placing: boolean): void {
    for (const contact of contacts) {
      contact.placing = placing;
      if (placing) this.host.toPlace.delete(contact);
    }
  }

  /** `contact` is a member of `subscription` now; its value is due. */
  private join(contact: WatchedContact, subscription: ObservedSubscription, membership: Located<MembershipResource> | undefined): void {
    const { host } = this;
    subscription.members.set(contact.uriKey, membership ?? subscription.members.get(contact.uriKey));
    if (host.contacts.get(contact.uriKey) !== contact || contact.failed) {
      subscription.dirty = true;
      return;
    }
    if (contact.subscription && contact.subscription !== subscription) contact.subscription.dirty = true;
    contact.subscription = subscription;
    contact.markStale(false);
    if (!contact.wanted) subscription.dirty = true;
    host.retries.succeeded(contact);
    host.requeue(contact);
  }

  // ---- where contacts live -----------------------------------------------------------------------

  /**
   * Finds the presence hrefs of contacts: from the directory (myContacts, read once per
   * application, while their subscription is still being created), else, once placed, from their
   * memberships' contact links.
   */
  resolve(): void {
    const { host } = this;
    if (this.resolving) return;
    // A placed contact whose subscription is being read waits for the read (it requeues its members).
    const ready = (c: WatchedContact): boolean => !c.subscription || (c.subscription.known && !c.subscription.busy);
    const contacts = [...host.toResolve].filter((c) => c.wanted && !c.failed && !c.ref && ready(c) && host.retries.ready(c));
    if (contacts.length === 0) return;
    for (const contact of contacts) host.toResolve.delete(contact);
    const placed = new Set(contacts.filter((c) => c.subscription));
    this.resolving = true;
    const epoch = host.epoch;
    const work = host.directory.resolve(contacts.map((c) => c.uriKey)).pipe(
      switchMap((found) => {
        const rest = contacts.filter((c) => !found.has(c.uriKey));
        const hrefs: { href: string; base: string }[] = [];
        for (const contact of rest) {
          const membership = contact.subscription?.members.get(contact.uriKey);
          const href = membership ? hrefOf(membership.value, 'contact') : undefined;
          if (href !== undefined && membership) hrefs.push({ href, base: membership.url });
          else if (contact.subscription) contact.subscription.known = false;
        }
        return hrefs.length === 0 ? of(undefined) : host.directory.resolveHrefs(hrefs);
      }),
      finalize(() => {
        this.resolving = false;
        host.schedule();
      }),
    );
    work.subscribe({
      next: () => {
        if (epoch !== host.epoch) return;
        for (const contact of contacts) {
          // Failed or gone meanwhile (moved to another application): routing it would keep it forever.
          if (contact.failed || host.contacts.get(contact.uriKey) !== contact) continue;
          const ref = host.directory.lookup(contact.uriKey);
          if (ref) {
            host.located(contact, ref);
            host.requeue(contact);
          } else if (!placed.has(contact)) {
            // Not in myContacts, and looked up before it was placed: its membership's contact link tells.
            host.requeue(contact);
          } else if (contact.subscription?.known) {
            host.later(contact, new DecodeError(`contact ${contact.uri}`, [{ path: 'contact', expected: 'a contact resource with a presence link', actual: 'none' }]));
          }
        }
      },
      error: (error: unknown) => {
        for (const contact of contacts) host.later(contact, error);
      },
    });
  }

  // ---- plumbing ------------------------------------------------------------------------------------

  /**
   * Runs one step: holds `subscription` busy meanwhile, and ignores an answer that comes after a
   * reset or an application change (a mutating step then has the collection listed again: the
   * server may have done what it asked).
   */
  private run<T>(subscription: ObservedSubscription | undefined, mutating: boolean, work: Observable<T>, handlers: StepHandlers<T>): void {
    const { host } = this;
    const epoch = host.epoch;
    if (subscription) subscription.busy = true;
    const current = (): boolean => epoch === host.epoch && (!subscription || host.subscriptions.get(subscription.key) === subscription);
    work
      .pipe(
        finalize(() => {
          if (subscription) subscription.busy = false;
          handlers.always?.();
          host.schedule();
        }),
      )
      .subscribe({
        next: (value) => {
          if (!current()) {
            if (mutating) host.markCollectionUnknown();
            return;
          }
          try {
            handlers.next?.(value);
          } catch (thrown) {
            // An answer the step cannot use (a hostile href in it, say) was not readable: what the
            // server did is unknown, as for an unreadable body.
            handlers.error(unusableAnswer(thrown), 'unknown');
          }
        },
        error: (error: unknown) => {
          const failure = classifyFailure(error);
          if (current()) {
            handlers.error(error, failure);
            return;
          }
          if (mutating && failure !== 'notActed') host.markCollectionUnknown();
        },
        complete: () => {
          if (subscription && current()) host.retries.succeeded(subscription);
        },
      });
  }

  private retryLater(subscription: ObservedSubscription, error: unknown): void {
    this.host.report(error);
    this.host.retries.failed(subscription, error);
  }

  private ignoreNotFound<T>(work: Observable<T>): Observable<T | undefined> {
    return new Observable<T | undefined>((subscriber) =>
      work.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          if (classifyFailure(error) === 'notFound') {
            subscriber.next(undefined);
            subscriber.complete();
          } else subscriber.error(error);
        },
        complete: () => subscriber.complete(),
      }),
    );
  }
}

/** The error for an answer whose content a step could not use. */
function unusableAnswer(thrown: unknown): DecodeError {
  const actual = thrown instanceof Error ? thrown.message : String(thrown);
  return new DecodeError('presence subscription answer', [{ path: '_links', expected: 'links the client can follow', actual: actual.slice(0, 80) }]);
}
