import { EMPTY, type Observable } from 'rxjs';
import type { UcwaClient } from '../client.js';
import type { ClientStatus } from '../client-status.js';

/** Streams of a contact (the key carries the SIP URI). */
const CONTACT_STREAMS = ['presence$', 'note$', 'location$', 'capabilities$'] as const;
/** Streams that replay their current value to a new subscriber. */
const VALUE_PROPERTIES = ['pinnedGroup$', 'myContactsAndGroupsSubscription$', 'connectionState$', 'me$', 'myPresence$', 'myNote$', 'myLocation$'] as const;
/** Streams of occurrences: nothing is replayed, nothing is deduplicated. */
const EVENT_PROPERTIES = ['events$', 'resets$', 'diagnostics$'] as const;
/** Services whose methods are one-shot operations. */
const SERVICES = ['people', 'photos', 'presenceSubscriptions', 'groups', 'contacts', 'contactsAndGroupsSubscription'] as const;
/** One-shot operations on the client itself. */
const OPERATIONS = ['setMyPresence', 'resetMyPresence', 'setMyNote', 'resetMyNote', 'setMyLocation', 'resetMyLocation'] as const;

type ContactStream = (typeof CONTACT_STREAMS)[number];

/** The key of a stream: its member's name, then the contact's URI for contact streams. */
export const streamKey = (name: string, arg?: string): string => (arg === undefined ? name : `${name}|${arg}`);

/** True for the streams of occurrences (events, resets, diagnostics): never replayed or deduplicated. */
export const isEventStream = (key: string): boolean => (EVENT_PROPERTIES as readonly string[]).includes(key);

/** Opens the stream a key names on a client, or undefined for a key no client has. */
export function openStream(client: UcwaClient, key: string): Observable<unknown> | undefined {
  const bar = key.indexOf('|');
  const name = bar < 0 ? key : key.slice(0, bar);
  if (bar >= 0) return (CONTACT_STREAMS as readonly string[]).includes(name) ? client[name as ContactStream](key.slice(bar + 1)) : undefined;
  const all: readonly string[] = [...VALUE_PROPERTIES, ...EVENT_PROPERTIES];
  return all.includes(name) ? (client[name as (typeof VALUE_PROPERTIES)[number] | (typeof EVENT_PROPERTIES)[number]] as Observable<unknown>) : undefined;
}

/** Calls the one-shot operation a path names (`setMyNote`, `people.search`), or undefined for one no client has. */
export function invokeOperation(client: UcwaClient, path: string, args: readonly unknown[]): Observable<unknown> | undefined {
  const [root = '', method, extra] = path.split('.');
  if (extra !== undefined) return undefined;
  if (method === undefined) {
    if (root === 'setEventChannelParameters') {
      client.setEventChannelParameters(args[0] as Parameters<UcwaClient['setEventChannelParameters']>[0]);
      return EMPTY;
    }
    if (!(OPERATIONS as readonly string[]).includes(root)) return undefined;
    return (client[root as (typeof OPERATIONS)[number]] as (...a: readonly unknown[]) => Observable<unknown>)(...args);
  }
  // Only a service's own operations, never what every object inherits (constructor, toString...).
  if (!(SERVICES as readonly string[]).includes(root) || method in Object.prototype) return undefined;
  const service = client[root as (typeof SERVICES)[number]] as unknown as Record<string, unknown>;
  const operation = service[method];
  return typeof operation === 'function' ? (operation as (...a: readonly unknown[]) => Observable<unknown>).apply(service, [...args]) : undefined;
}

/** What a facade is built from: how to open a stream and call an operation somewhere else. */
export interface FacadeSource {
  /** The stream named by a {@link streamKey}. */
  stream(key: string): Observable<unknown>;
  /** A one-shot operation, by path (`setMyNote`, `people.search`). */
  call(path: string, args: readonly unknown[]): Observable<unknown>;
  /** The last known status. */
  status(): ClientStatus;
  /** Forwards new event channel parameters. */
  setEventChannelParameters(parameters: Parameters<UcwaClient['setEventChannelParameters']>[0]): void;
  close(): Promise<void>;
}

/** A service whose every method is a call of `source`. */
function remoteService<T extends object>(source: FacadeSource, root: string): T {
  return new Proxy({} as T, {
    get: (_target, key) => (typeof key !== 'string' || key === 'then' ? undefined : (...args: unknown[]) => source.call(`${root}.${key}`, args)),
  });
}

/** A {@link UcwaClient} whose every stream and operation goes through `source`. */
export function clientFacade(source: FacadeSource): UcwaClient {
  const stream = <T>(name: string, arg?: string) => source.stream(streamKey(name, arg)) as Observable<T>;
  const operation =
    (name: (typeof OPERATIONS)[number]) =>
    (...args: unknown[]): Observable<void> =>
      source.call(name, args) as Observable<void>;
  return {
    presence$: (uri) => stream('presence$', uri),
    note$: (uri) => stream('note$', uri),
    location$: (uri) => stream('location$', uri),
    capabilities$: (uri) => stream('capabilities$', uri),
    pinnedGroup$: stream('pinnedGroup$'),
    myContactsAndGroupsSubscription$: stream('myContactsAndGroupsSubscription$'),
    connectionState$: stream('connectionState$'),
    me$: stream('me$'),
    myPresence$: stream('myPresence$'),
    myNote$: stream('myNote$'),
    myLocation$: stream('myLocation$'),
    events$: stream('events$'),
    resets$: stream('resets$'),
    diagnostics$: stream('diagnostics$'),
    people: remoteService(source, 'people'),
    photos: remoteService(source, 'photos'),
    presenceSubscriptions: remoteService(source, 'presenceSubscriptions'),
    groups: remoteService(source, 'groups'),
    contacts: remoteService(source, 'contacts'),
    contactsAndGroupsSubscription: remoteService(source, 'contactsAndGroupsSubscription'),
    setMyPresence: operation('setMyPresence'),
    resetMyPresence: operation('resetMyPresence'),
    setMyNote: operation('setMyNote'),
    resetMyNote: operation('resetMyNote'),
    setMyLocation: operation('setMyLocation'),
    resetMyLocation: operation('resetMyLocation'),
    setEventChannelParameters: (parameters) => source.setEventChannelParameters(parameters),
    status: () => source.status(),
    close: () => source.close(),
  };
}

/** The status of a client that has not connected yet. */
export const IDLE_STATUS: ClientStatus = {
  connection: { status: 'idle' },
  presenceSubscriptions: [],
  watchedContacts: 0,
  counters: { events: 0, resets: 0, presenceExtensions: 0, requests: 0 },
};
