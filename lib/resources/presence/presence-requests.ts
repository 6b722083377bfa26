import { defer, map, type Observable } from 'rxjs';
import type { Application } from '../../codecs/application.js';
import {
  MembershipsCodec,
  PresenceSubscriptionCodec,
  PresenceSubscriptionsCodec,
  type MembershipResource,
  type MembershipsResource,
  type PresenceSubscriptionResource,
} from '../../codecs/subscriptions.js';
import { requestResource, type Located } from '../../http/read-resource.js';
import type { Requester } from '../../http/transport.js';
import { peopleLink } from '../people.js';
import { linkTarget } from '../resource-link.js';
import { checkMutationAnswer } from '../reconcile/mutation-answer.js';

/**
 * The requests the presence reconciler sends, each against the application it was planned for
 * (never one created on the way: a step for an application that is gone fails, it does not
 * sign in again). Each is a cold Observable with the library's standard retries.
 */
export class PresenceRequests {
  constructor(private readonly send: Requester) {}

  /** POST presenceSubscriptions `{duration, uris}`. */
  create(application: Located<Application>, uris: readonly string[], duration: number): Observable<Located<PresenceSubscriptionResource>> {
    return defer(() => {
      const at = peopleLink(application, 'presenceSubscriptions');
      return requestResource(this.send, { method: 'POST', ...at, json: { duration, uris } }, PresenceSubscriptionCodec, 'presenceSubscription');
    });
  }

  /** GET presenceSubscriptions: every subscription of the application. */
  list(application: Located<Application>): Observable<readonly Located<PresenceSubscriptionResource>[]> {
    return defer(() => {
      const at = peopleLink(application, 'presenceSubscriptions');
      return requestResource(this.send, { method: 'GET', ...at }, PresenceSubscriptionsCodec, 'presenceSubscriptions').pipe(
        map((collection) => (collection.value._embedded?.presenceSubscription ?? []).map((value) => ({ value, url: collection.url }))),
      );
    });
  }

  /** GET presenceSubscriptionMemberships: every membership of every subscription (each links its subscription and contact). */
  allMemberships(application: Located<Application>): Observable<Located<MembershipsResource>> {
    return defer(() => {
      const at = peopleLink(application, 'presenceSubscriptionMemberships');
      return requestResource(this.send, { method: 'GET', ...at }, MembershipsCodec, 'presenceSubscriptionMemberships');
    });
  }

  /** GET the memberships of one subscription. */
  memberships(subscription: Located<PresenceSubscriptionResource>): Observable<Located<MembershipsResource>> {
    return defer(() => {
      const at = linkTarget(subscription, 'memberships', 'presenceSubscription');
      return requestResource(this.send, { method: 'GET', ...at }, MembershipsCodec, 'presenceSubscriptionMemberships');
    });
  }

  /** POST addToPresenceSubscription `{contactUris}`; emits the memberships the server answers with. */
  add(subscription: Located<PresenceSubscriptionResource>, uris: readonly string[]): Observable<Located<MembershipsResource>> {
    return defer(() => {
      const at = linkTarget(subscription, 'addToPresenceSubscription', 'presenceSubscription');
      return requestResource(this.send, { method: 'POST', ...at, json: { contactUris: uris } }, MembershipsCodec, 'presenceSubscriptionMemberships');
    });
  }

  /** POST `?duration=N` on the subscription: extends it. */
  extend(subscription: Located<PresenceSubscriptionResource>, duration: number): Observable<Located<PresenceSubscriptionResource>> {
    return defer(() => {
      const at = linkTarget(subscription, 'self', 'presenceSubscription');
      return requestResource(this.send, { method: 'POST', ...at, query: { duration } }, PresenceSubscriptionCodec, 'presenceSubscription');
    });
  }

  /** DELETE the subscription. */
  delete(subscription: Located<PresenceSubscriptionResource>): Observable<unknown> {
    return defer(() => {
      return this.send({ method: 'DELETE', ...linkTarget(subscription, 'self', 'presenceSubscription') }).pipe(map((r) => checkMutationAnswer(r, 'presenceSubscription')));
    });
  }

  /** DELETE one membership. */
  removeMembership(membership: Located<MembershipResource>): Observable<unknown> {
    return defer(() => {
      return this.send({ method: 'DELETE', ...linkTarget(membership, 'self', 'presenceSubscriptionMembership') }).pipe(
        map((r) => checkMutationAnswer(r, 'presenceSubscriptionMembership')),
      );
    });
  }
}
