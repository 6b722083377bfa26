import { EMPTY } from 'rxjs';
import type { UcwaClient } from '../client.js';
import type { ClientStatus } from '../client-status.js';

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
    note$: () => EMPTY,
    location$: () => EMPTY,
    capabilities$: () => EMPTY,
    me$: EMPTY,
    myPresence$: EMPTY,
    myNote$: EMPTY,
    myLocation$: EMPTY,
    setMyPresence: () => EMPTY,
    resetMyPresence: () => EMPTY,
    setMyNote: () => EMPTY,
    resetMyNote: () => EMPTY,
    setMyLocation: () => EMPTY,
    resetMyLocation: () => EMPTY,
    people: inertService(),
    photos: inertService(),
    presenceSubscriptions: inertService(),
    myContactsAndGroupsSubscription$: EMPTY,
    pinnedGroup$: EMPTY,
    groups: inertService(),
    contacts: inertService(),
    contactsAndGroupsSubscription: inertService(),
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

/**
 * A reader whose every method returns EMPTY. A stand-in, not an instance of the real class, so
 * that the server bundle does not pull in the readers' code (they load on first use in the browser).
 */
function inertService<T extends object>(): T {
  return new Proxy({} as T, {
    get: (_target, key) => (typeof key === 'string' && key !== 'then' ? () => EMPTY : undefined),
  });
}
