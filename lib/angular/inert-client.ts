import { EMPTY } from 'rxjs';
import type { UcwaClient } from '../client.js';
import type { ClientStatus } from '../client-status.js';
import { ContactsAndGroupsSubscriptionOperations } from '../resources/contacts-and-groups/subscription-operations.js';
import { Contacts } from '../resources/contacts-and-groups/contacts.js';
import { Groups } from '../resources/groups/groups.js';
import { PresenceSubscriptions } from '../resources/presence-subscriptions.js';

/**
 * A client that never talks to a server, for server-side rendering: every stream, and every
 * Observable its methods and readers return, completes at once without a value; `status()`
 * reports `idle` (`closed` after `close()`), `setEventChannelParameters()` does nothing, `close()` resolves.
 */
export function inertClient(): UcwaClient {
  let closed = false;
  return {
    events$: EMPTY,
    connectionState$: EMPTY,
    resets$: EMPTY,
    diagnostics$: EMPTY,
    presence$: () => EMPTY,
    presenceSubscriptions: inertService(PresenceSubscriptions),
    myContactsAndGroupsSubscription$: EMPTY,
    pinnedGroup$: EMPTY,
    groups: inertService(Groups),
    contacts: inertService(Contacts),
    contactsAndGroupsSubscription: inertService(ContactsAndGroupsSubscriptionOperations),
    setEventChannelParameters: () => undefined,
    status: (): ClientStatus => ({
      connection: closed ? { status: 'closed' } : { status: 'idle' },
      presenceSubscriptions: [],
      watchedContacts: 0,
      counters: { events: 0, resets: 0, presenceExtensions: 0, requests: 0 },
    }),
    close: async () => {
      closed = true;
    },
  };
}

/** An instance of `type` (without running its constructor) whose every method returns EMPTY. */
function inertService<T extends object>(type: abstract new (...args: never[]) => T): T {
  const prototype: object = type.prototype;
  const service = Object.create(prototype) as T;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    if (name !== 'constructor' && typeof Reflect.get(prototype, name) === 'function') {
      Object.defineProperty(service, name, { value: () => EMPTY });
    }
  }
  return service;
}
