import { defer, map, switchMap, type Observable } from 'rxjs';
import {
  MembershipsCodec,
  PresenceSubscriptionCodec,
  PresenceSubscriptionsCodec,
  type MembershipResource,
  type MembershipsResource,
  type PresenceSubscriptionResource,
} from '../codecs/subscriptions.js';
import { requestResource, type Located } from '../http/read-resource.js';
import type { Requester } from '../http/transport.js';
import type { ApplicationSession } from './application-session.js';
import { PRESENCE_DURATION, checkDuration } from './duration.js';
import { peopleLink$ } from './people.js';
import { normaliseSipUri } from './sip-uri.js';
import { linkTarget } from './resource-link.js';

/** A presence subscription and where it was read from. */
export type PresenceSubscription = Located<PresenceSubscriptionResource>;


/**
 * The presenceSubscriptions family as plain operations (presenceSubscriptions_ref,
 * presenceSubscription_ref, presenceSubscriptionMemberships_ref, addToPresenceSubscription_ref).
 * Each returns a cold Observable of the typed resource; nothing is sent until subscribed.
 * Arguments are checked first: a duration outside 10-30 or a malformed URI is a typed error.
 * `client.presence$` uses these and keeps the subscriptions alive; use them directly only to
 * manage subscriptions yourself.
 */
export class PresenceSubscriptions {
  /**
   * @param graceMs how long the application is kept after an operation (the session's default
   * if omitted; the presence pool, which holds its own grace, passes 0).
   */
  constructor(
    private readonly send: Requester,
    private readonly session: ApplicationSession,
    private readonly graceMs?: number,
  ) {}

  /** GET the collection: every presence subscription of this application. */
  list(): Observable<readonly PresenceSubscription[]> {
    return peopleLink$(this.session, 'presenceSubscriptions', this.graceMs).pipe(
      switchMap((at) => requestResource(this.send, { method: 'GET', ...at }, PresenceSubscriptionsCodec, 'presenceSubscriptions')),
      map((collection) => (collection.value._embedded?.presenceSubscription ?? []).map((value) => ({ value, url: collection.url }))),
    );
  }

  /** POST a new subscription to `uris` for `duration` minutes (10-30). */
  create(uris: readonly string[], duration: number): Observable<PresenceSubscription> {
    return defer(() => {
      checkDuration(duration, PRESENCE_DURATION.min, PRESENCE_DURATION.max);
      const normalised = uris.map(normaliseSipUri);
      return peopleLink$(this.session, 'presenceSubscriptions', this.graceMs).pipe(
        switchMap((at) =>
          requestResource(this.send, { method: 'POST', ...at, json: { duration, uris: normalised } }, PresenceSubscriptionCodec, 'presenceSubscription'),
        ),
      );
    });
  }

  /** GET one subscription again. */
  get(subscription: PresenceSubscription): Observable<PresenceSubscription> {
    return defer(() =>
      requestResource(this.send, { method: 'GET', ...linkTarget(subscription, 'self', 'presenceSubscription') }, PresenceSubscriptionCodec, 'presenceSubscription'),
    );
  }

  /** POST `?duration=N` (10-30): adds N minutes to the time left; the server caps the total at 30. */
  extend(subscription: PresenceSubscription, duration: number): Observable<PresenceSubscription> {
    return defer(() => {
      checkDuration(duration, PRESENCE_DURATION.min, PRESENCE_DURATION.max);
      const at = linkTarget(subscription, 'self', 'presenceSubscription');
      return requestResource(this.send, { method: 'POST', ...at, query: { duration } }, PresenceSubscriptionCodec, 'presenceSubscription');
    });
  }

  /** DELETE the subscription (204). */
  delete(subscription: PresenceSubscription): Observable<void> {
    return defer(() => this.send({ method: 'DELETE', ...linkTarget(subscription, 'self', 'presenceSubscription') })).pipe(map(() => undefined));
  }

  /** GET the subscription's memberships: one per contact, each linking the contact. */
  memberships(subscription: PresenceSubscription): Observable<Located<MembershipsResource>> {
    return defer(() =>
      requestResource(this.send, { method: 'GET', ...linkTarget(subscription, 'memberships', 'presenceSubscription') }, MembershipsCodec, 'presenceSubscriptionMemberships'),
    );
  }

  /** POST addToPresenceSubscription `{contactUris}`: adds contacts; emits the memberships. */
  add(subscription: PresenceSubscription, uris: readonly string[]): Observable<Located<MembershipsResource>> {
    return defer(() => {
      const contactUris = uris.map(normaliseSipUri);
      const at = linkTarget(subscription, 'addToPresenceSubscription', 'presenceSubscription');
      return requestResource(this.send, { method: 'POST', ...at, json: { contactUris } }, MembershipsCodec, 'presenceSubscriptionMemberships');
    });
  }

  /** DELETE one membership: removes that contact from its subscription. */
  removeMembership(membership: Located<MembershipResource>): Observable<void> {
    return defer(() => this.send({ method: 'DELETE', ...linkTarget(membership, 'self', 'presenceSubscriptionMembership') })).pipe(map(() => undefined));
  }
}
