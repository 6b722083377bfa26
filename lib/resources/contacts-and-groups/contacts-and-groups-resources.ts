import type { Observable } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { Groups } from '../groups/groups.js';
import { PinnedGroupStream, type PinnedGroup } from '../groups/pinned-group.js';
import type { ContactDirectory } from '../presence/contact-directory.js';
import { ContactIndex } from './contact-index.js';
import { Contacts } from './contacts.js';
import { ContactsAndGroupsSubscriptionKeeper, type ContactsAndGroupsKeeperOptions } from './subscription-keeper.js';
import { ContactsAndGroupsSubscriptionOperations } from './subscription-operations.js';
import type { ContactsAndGroupsSubscriptionStatus } from './subscription-status.js';

/** The contact-list side of a client: the live subscription and pinned group, and the plain readers. */
export interface ContactsAndGroupsResources {
  /** The contacts-and-groups subscription's status, started and kept alive while subscribed. */
  readonly myContactsAndGroupsSubscription$: Observable<ContactsAndGroupsSubscriptionStatus>;
  /** The pinned group and its contacts, live. */
  readonly pinnedGroup$: Observable<PinnedGroup>;
  /** myGroups, groups, their contacts, subscribeToGroupPresence. */
  readonly groups: Groups;
  /** myContacts, a contact, its note and location. */
  readonly contacts: Contacts;
  /** The subscription's GET, startOrRefresh and stop, for managing it yourself. */
  readonly contactsAndGroupsSubscription: ContactsAndGroupsSubscriptionOperations;
  /** Completes the live streams (the application's deletion ends the server side). */
  close(): void;
}

/**
 * Builds the contact-list resources of one client. `directory` (the presence directory) learns
 * every contact read here, so `presence$` of a listed contact needs no lookup of its own.
 */
export function createContactsAndGroupsResources(
  context: ClientContext,
  directory?: ContactDirectory | undefined,
  options?: ContactsAndGroupsKeeperOptions | undefined,
): ContactsAndGroupsResources {
  const index = new ContactIndex(context.session, directory);
  // The live streams hold the application through the event channel and apply one grace
  // period of their own: their requests keep it no longer (grace 0).
  const keeper = new ContactsAndGroupsSubscriptionKeeper(context, new ContactsAndGroupsSubscriptionOperations(context.send, context.session, 0), options);
  const pinned = new PinnedGroupStream(context, keeper.generation$, new Groups(context.send, context.fetcher, context.session, index, 0), index);
  const operations = new ContactsAndGroupsSubscriptionOperations(context.send, context.session);
  const groups = new Groups(context.send, context.fetcher, context.session, index);
  const contacts = new Contacts(context.send, context.fetcher, context.session, index, directory);
  return {
    myContactsAndGroupsSubscription$: keeper.status$,
    pinnedGroup$: pinned.pinnedGroup$,
    groups,
    contacts,
    contactsAndGroupsSubscription: operations,
    close: () => {
      pinned.close();
      keeper.close();
    },
  };
}
