import { defer, map, switchMap, type Observable } from 'rxjs';
import { ContactsAndGroupsSubscriptionCodec, type ContactsAndGroupsSubscriptionResource } from '../../codecs/subscriptions.js';
import { requestResource, type Located } from '../../http/read-resource.js';
import type { Requester } from '../../http/transport.js';
import type { ApplicationSession } from '../application-session.js';
import { CONTACTS_AND_GROUPS_DURATION, checkDuration } from '../duration.js';
import { peopleLink$ } from '../people.js';
import { linkTarget, selfTarget } from '../resource-link.js';
import { checkMutationAnswer } from '../reconcile/mutation-answer.js';

/** The myContactsAndGroupsSubscription resource and where it was read from. */
export type ContactsAndGroupsSubscriptionRead = Located<ContactsAndGroupsSubscriptionResource>;

const TARGET = 'myContactsAndGroupsSubscription';

/**
 * myContactsAndGroupsSubscription as plain operations (myContactsAndGroupsSubscription_ref,
 * startOrRefreshSubscriptionToContactsAndGroups_ref, stopSubscriptionToContactsAndGroups_ref).
 * Each returns a cold Observable; nothing is sent until subscribed. `client.myContactsAndGroupsSubscription$`
 * uses these and keeps the subscription alive: call them directly only to manage it yourself
 * (a `stop` here also stops the one the live stream keeps).
 */
export class ContactsAndGroupsSubscriptionOperations {
  /**
   * @param graceMs how long the application is kept after an operation (the session's default
   * if omitted; the live stream, which holds its own grace, passes 0).
   */
  constructor(
    private readonly send: Requester,
    private readonly session: ApplicationSession,
    private readonly graceMs?: number,
  ) {}

  /** GET the subscription: from the people hub's link, or again from a resource read before. */
  get(from?: ContactsAndGroupsSubscriptionRead): Observable<ContactsAndGroupsSubscriptionRead> {
    return defer(() => {
      const at$ = from ? defer(() => [selfTarget(from)]) : peopleLink$(this.session, TARGET, this.graceMs);
      return at$.pipe(switchMap((at) => requestResource(this.send, { method: 'GET', ...at }, ContactsAndGroupsSubscriptionCodec, TARGET)));
    });
  }

  /**
   * POST startOrRefreshSubscriptionToContactsAndGroups `?duration=N` (10-60 minutes): a new
   * subscription lasts N minutes; a refresh adds N to the time left, at most 30 minutes in all.
   * Emits the subscription as the server answers it (201 Connecting, or the current state).
   */
  startOrRefresh(subscription: ContactsAndGroupsSubscriptionRead, duration: number): Observable<ContactsAndGroupsSubscriptionRead> {
    return defer(() => {
      checkDuration(duration, CONTACTS_AND_GROUPS_DURATION.min, CONTACTS_AND_GROUPS_DURATION.max);
      const at = linkTarget(subscription, 'startOrRefreshSubscriptionToContactsAndGroups', TARGET);
      return requestResource(this.send, { method: 'POST', ...at, query: { duration } }, ContactsAndGroupsSubscriptionCodec, TARGET);
    });
  }

  /** POST stopSubscriptionToContactsAndGroups (204): no more contact and group events. */
  stop(subscription: ContactsAndGroupsSubscriptionRead): Observable<void> {
    return defer(() => this.send({ method: 'POST', ...linkTarget(subscription, 'stopSubscriptionToContactsAndGroups', TARGET) })).pipe(
      map((response) => {
        checkMutationAnswer(response, TARGET);
        return undefined;
      }),
    );
  }
}
