import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import { resource, type Resource } from '../format/resource.js';

/** The fields of a presence subscription the representations need. */
export interface PresenceSubscriptionView {
  /** Subscription id. */
  readonly id: string;
  /** Member keys. */
  readonly members: readonly string[];
}

/**
 * presenceSubscription in the form of SubscribeToThePresenceOfSelectedContacts: `id`, and
 * `memberships` / `addToPresenceSubscription` both pointing at the memberships collection
 * filtered by `presenceSubscriptionId`.
 */
export function presenceSubscriptionResource(urls: AppUrls, id: string): Resource {
  return resource('presenceSubscription', urls.presenceSubscription(id))
    .prop('id', id)
    .link('memberships', urls.memberships(id))
    .link('addToPresenceSubscription', urls.memberships(id))
    .build();
}

/** presenceSubscriptions with every live subscription embedded. */
export function presenceSubscriptionsResource(urls: AppUrls, subscriptions: readonly PresenceSubscriptionView[]): Resource {
  return resource('presenceSubscriptions', urls.presenceSubscriptions)
    .embed('presenceSubscription', subscriptions.map((s) => presenceSubscriptionResource(urls, s.id)))
    .build();
}

/** One membership: a (contact, subscription) pair. */
export function membershipResource(urls: AppUrls, directory: DirectoryStore, subscriptionId: string, key: string): Resource {
  return resource('presenceSubscriptionMembership', urls.membership(subscriptionId, key))
    .link('contact', urls.contact(directory.displayUri(key)))
    .link('presenceSubscription', urls.presenceSubscription(subscriptionId))
    .build();
}

/** The memberships of the given subscriptions, embedded. */
export function membershipsResource(
  urls: AppUrls,
  directory: DirectoryStore,
  subscriptions: readonly PresenceSubscriptionView[],
  filterId?: string,
): Resource {
  const memberships = subscriptions.flatMap((s) => s.members.map((key) => membershipResource(urls, directory, s.id, key)));
  return resource('presenceSubscriptionMemberships', urls.memberships(filterId))
    .embed('presenceSubscriptionMembership', memberships)
    .build();
}

/** subscribedContacts: links to every contact of a live presence subscription (subscribedContacts_ref). */
export function subscribedContactsResource(urls: AppUrls, directory: DirectoryStore, keys: readonly string[]): Resource {
  return resource('subscribedContacts', urls.subscribedContacts)
    .links('contact', keys.map((key) => urls.contact(directory.displayUri(key))))
    .build();
}

/** myContactsAndGroupsSubscription with its state and start/stop links (the reference pages startOrRefreshSubscriptionToContactsAndGroups_ref and myContactsAndGroupsSubscription_ref). */
export function contactsAndGroupsSubscriptionResource(urls: AppUrls, state: string): Resource {
  return resource('myContactsAndGroupsSubscription', urls.contactsAndGroupsSubscription)
    .prop('state', state)
    .link('startOrRefreshSubscriptionToContactsAndGroups', urls.startOrRefreshContactsAndGroups)
    .link('stopSubscriptionToContactsAndGroups', urls.stopContactsAndGroups)
    .build();
}
