import { BehaviorSubject, Observable, ReplaySubject, Subject, defer, throwError } from 'rxjs';
import type { UcwaClient } from '../client.js';
import type { ClientStatus } from '../client-status.js';
import type { ContactPresence } from '../codecs/presence.js';
import type { UcwaError } from '../errors/guards.js';
import type { ConnectionState, ResetSignal } from '../events/connection-state.js';
import type { UcwaEvent } from '../events/ucwa-event.js';
import type { PresenceSubscriptions } from '../resources/presence-subscriptions.js';
import type { ContactsAndGroupsSubscriptionOperations } from '../resources/contacts-and-groups/subscription-operations.js';
import type { ContactsAndGroupsSubscriptionStatus } from '../resources/contacts-and-groups/subscription-status.js';
import type { Contacts } from '../resources/contacts-and-groups/contacts.js';
import type { Groups } from '../resources/groups/groups.js';
import type { PinnedGroup } from '../resources/groups/pinned-group.js';
import { normaliseSipUri } from '../resources/sip-uri.js';
import type { ContactLocation, ContactNote } from '../resources/contacts-and-groups/contact.js';
import type { ContactCapabilities } from '../resources/presence/contact-facets.js';
import type { Me, MyLocation, MyNote, MyPresence, PreferredAvailability } from '../resources/me/me-types.js';
import type { People } from '../resources/search/people-search.js';
import type { Photos } from '../resources/photos/photos.js';
import { KeyedFakeStreams } from './keyed-fake-streams.js';

/** What a {@link FakeUcwaClient} starts with; the readers it should answer. */
export interface FakeUcwaClientOptions {
  /** The connection state at first (default `connected`). */
  readonly connection?: ConnectionState | undefined;
  /** `client.groups` methods the code under test calls, e.g. `{ myGroups: () => of(groups) }`. */
  readonly groups?: Partial<Groups> | undefined;
  /** `client.contacts` methods the code under test calls. */
  readonly contacts?: Partial<Contacts> | undefined;
  /** `client.presenceSubscriptions` methods the code under test calls. */
  readonly presenceSubscriptions?: Partial<PresenceSubscriptions> | undefined;
  /** `client.contactsAndGroupsSubscription` methods the code under test calls. */
  readonly contactsAndGroupsSubscription?: Partial<ContactsAndGroupsSubscriptionOperations> | undefined;
  /** `client.people` methods the code under test calls, e.g. `{ search: () => of(result) }`. */
  readonly people?: Partial<People> | undefined;
  /** `client.photos` methods the code under test calls. */
  readonly photos?: Partial<Photos> | undefined;
}

/** A write the code under test made through a {@link FakeUcwaClient} (`setMyPresence`, `resetMyNote`, ...). */
export interface FakeWrite {
  /** The resource written. */
  readonly resource: 'presence' | 'note' | 'location';
  /** The value set; `undefined` for a reset. */
  readonly value: string | undefined;
}

/**
 * A {@link UcwaClient} whose values the test sets, for tests of code that uses a client (services,
 * components): no server, no time, no network. Streams behave as the real ones do for their
 * subscribers: `presence$(uri)` replays the contact's last value and follows {@link setPresence},
 * errors after {@link failPresence}; `connectionState$` and `pinnedGroup$` likewise. Readers
 * (`groups`, `contacts`, ...) answer with what the options give, and error with a message saying
 * what to fake otherwise. In Angular tests, `provideUcwaTesting()` (`ucwa-rx/angular`) provides one.
 *
 * ```ts
 * const client = new FakeUcwaClient();
 * client.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
 * client.setConnectionState({ status: 'reconnecting', reason, attempt: 1, retryInMs: 1000 });
 * ```
 */
export class FakeUcwaClient implements UcwaClient {
  private readonly presences = new KeyedFakeStreams<ContactPresence>();
  private readonly notes = new KeyedFakeStreams<ContactNote>();
  private readonly locations = new KeyedFakeStreams<ContactLocation>();
  private readonly capabilities = new KeyedFakeStreams<ContactCapabilities>();
  private readonly me = new ReplaySubject<Me>(1);
  private readonly myPresence = new ReplaySubject<MyPresence>(1);
  private readonly myNote = new ReplaySubject<MyNote>(1);
  private readonly myLocation = new ReplaySubject<MyLocation>(1);
  private readonly connection: BehaviorSubject<ConnectionState>;
  private readonly pinned = new ReplaySubject<PinnedGroup>(1);
  private readonly contactsAndGroups = new ReplaySubject<ContactsAndGroupsSubscriptionStatus>(1);
  private readonly events = new Subject<UcwaEvent>();
  private readonly resets = new Subject<ResetSignal>();
  private readonly diagnostics = new Subject<UcwaError>();
  private closed = false;

  readonly events$: Observable<UcwaEvent> = this.events.asObservable();
  readonly connectionState$: Observable<ConnectionState>;
  readonly resets$: Observable<ResetSignal> = this.resets.asObservable();
  readonly diagnostics$: Observable<UcwaError> = this.diagnostics.asObservable();
  readonly pinnedGroup$: Observable<PinnedGroup> = this.pinned.asObservable();
  readonly myContactsAndGroupsSubscription$: Observable<ContactsAndGroupsSubscriptionStatus> = this.contactsAndGroups.asObservable();
  readonly groups: Groups;
  readonly contacts: Contacts;
  readonly presenceSubscriptions: PresenceSubscriptions;
  readonly contactsAndGroupsSubscription: ContactsAndGroupsSubscriptionOperations;
  readonly people: People;
  readonly photos: Photos;
  readonly me$: Observable<Me> = this.me.asObservable();
  readonly myPresence$: Observable<MyPresence> = this.myPresence.asObservable();
  readonly myNote$: Observable<MyNote> = this.myNote.asObservable();
  readonly myLocation$: Observable<MyLocation> = this.myLocation.asObservable();
  /** The writes the code under test made, in order; each set value also reaches its stream. */
  readonly writes: FakeWrite[] = [];

  constructor(options: FakeUcwaClientOptions = {}) {
    this.connection = new BehaviorSubject<ConnectionState>(options.connection ?? { status: 'connected' });
    this.connectionState$ = this.connection.asObservable();
    this.groups = readers<Groups>('groups', options.groups);
    this.contacts = readers<Contacts>('contacts', options.contacts);
    this.presenceSubscriptions = readers<PresenceSubscriptions>('presenceSubscriptions', options.presenceSubscriptions);
    this.contactsAndGroupsSubscription = readers<ContactsAndGroupsSubscriptionOperations>('contactsAndGroupsSubscription', options.contactsAndGroupsSubscription);
    this.people = readers<People>('people', options.people);
    this.photos = readers<Photos>('photos', options.photos);
  }

  /** The live presence of one contact, as set by {@link setPresence}; a malformed URI errors as with the real client. */
  presence$(uri: string): Observable<ContactPresence> {
    return this.presences.stream(uri);
  }

  /** A contact's note, as set by {@link setNote}. */
  note$(uri: string): Observable<ContactNote> {
    return this.notes.stream(uri);
  }

  /** A contact's location, as set by {@link setLocation}. */
  location$(uri: string): Observable<ContactLocation> {
    return this.locations.stream(uri);
  }

  /** A contact's capabilities, as set by {@link setCapabilities}. */
  capabilities$(uri: string): Observable<ContactCapabilities> {
    return this.capabilities.stream(uri);
  }

  /** Sets a contact's presence: its subscribers get it, later ones get it first. `availability` is required, the rest optional. */
  setPresence(uri: string, presence: Omit<ContactPresence, 'uri'>): void {
    this.presences.set(uri, { uri: normaliseSipUri(uri), ...presence });
  }

  /** Ends a contact's stream with `error` (a permanent condition, e.g. an unknown person); {@link setPresence} starts it again. */
  failPresence(uri: string, error: Error): void {
    this.presences.fail(uri, error);
  }

  /** Sets a contact's note for `note$`. */
  setNote(uri: string, note: Omit<ContactNote, 'uri'>): void {
    this.notes.set(uri, { uri: normaliseSipUri(uri), ...note });
  }

  /** Sets a contact's location for `location$`. */
  setLocation(uri: string, location: Omit<ContactLocation, 'uri'>): void {
    this.locations.set(uri, { uri: normaliseSipUri(uri), ...location });
  }

  /** Sets a contact's capabilities for `capabilities$`. */
  setCapabilities(uri: string, capabilities: Omit<ContactCapabilities, 'uri'>): void {
    this.capabilities.set(uri, { uri: normaliseSipUri(uri), ...capabilities });
  }

  /** How many subscribers a contact's `presence$` has now (what the code under test watches). */
  watchers(uri: string): number {
    return this.presences.watchers(uri);
  }

  /** Sets who the signed-in user is, for `me$`. */
  setMe(me: Me): void {
    this.me.next(me);
  }

  /** Sets the user's presence as `myPresence$` shows it (as if it changed elsewhere). */
  setMyPresenceValue(presence: MyPresence): void {
    this.myPresence.next(presence);
  }

  /** Records the write and shows the availability on `myPresence$`; completes at once. */
  setMyPresence(availability: PreferredAvailability): Observable<void> {
    return this.write('presence', availability, () => this.myPresence.next({ availability }));
  }

  /** Records the reset; `myPresence$` is left to the test ({@link setMyPresenceValue}): the server decides. */
  resetMyPresence(): Observable<void> {
    return this.write('presence', undefined, () => undefined);
  }

  /** Records the write and shows the note on `myNote$`. */
  setMyNote(message: string): Observable<void> {
    return this.write('note', message, () => this.myNote.next({ message, type: 'Personal' }));
  }

  /** Records the reset and shows no note on `myNote$`. */
  resetMyNote(): Observable<void> {
    return this.write('note', undefined, () => this.myNote.next({}));
  }

  /** Records the write and shows the location on `myLocation$`. */
  setMyLocation(location: string): Observable<void> {
    return this.write('location', location, () => this.myLocation.next({ location }));
  }

  /** Records the reset and shows no location on `myLocation$`. */
  resetMyLocation(): Observable<void> {
    return this.write('location', undefined, () => this.myLocation.next({}));
  }

  /** Sets the connection state (`reconnecting` makes `liveState` and `injectPresence` show `stale`). */
  setConnectionState(state: ConnectionState): void {
    this.connection.next(state);
  }

  /** Sets the pinned group `pinnedGroup$` shows. */
  setPinnedGroup(group: PinnedGroup): void {
    this.pinned.next(group);
  }

  /** Sets the status `myContactsAndGroupsSubscription$` shows. */
  setContactsAndGroupsSubscription(status: ContactsAndGroupsSubscriptionStatus): void {
    this.contactsAndGroups.next(status);
  }

  /** Delivers an event on `events$`. */
  emitEvent(event: UcwaEvent): void {
    this.events.next(event);
  }

  /** Signals a reset on `resets$`. */
  emitReset(signal: ResetSignal): void {
    this.resets.next(signal);
  }

  /** Reports a problem on `diagnostics$`. */
  emitDiagnostic(error: UcwaError): void {
    this.diagnostics.next(error);
  }

  /** Does nothing (there is no event channel). */
  setEventChannelParameters(): void {
    return undefined;
  }

  /** The connection state and the contacts watched; counters stay at zero. */
  status(): ClientStatus {
    const watched = this.presences.watched();
    return {
      connection: this.connection.value,
      presenceSubscriptions: [],
      watchedContacts: watched,
      counters: { events: 0, resets: 0, presenceExtensions: 0, requests: 0 },
    };
  }

  /** Whether `close()` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Completes every stream and reports `closed`, as the real client does. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const streams of [this.presences, this.notes, this.locations, this.capabilities]) streams.complete();
    this.connection.next({ status: 'closed' });
    for (const subject of [this.connection, this.pinned, this.contactsAndGroups, this.events, this.resets, this.diagnostics, this.me, this.myPresence, this.myNote, this.myLocation]) subject.complete();
  }

  private write(resource: FakeWrite['resource'], value: string | undefined, show: () => void): Observable<void> {
    return defer(() => {
      this.writes.push({ resource, value });
      show();
      return new Observable<void>((subscriber) => subscriber.complete());
    });
  }
}

/** `given` methods as they are; any other method returns an Observable that errors, saying what to fake. */
function readers<T extends object>(name: string, given: Partial<T> | undefined): T {
  return new Proxy({} as T, {
    get: (_target, key) => {
      if (typeof key !== 'string' || key === 'then') return undefined;
      const method: unknown = given?.[key as keyof T];
      if (typeof method === 'function') return method;
      return () => throwError(() => new Error(`FakeUcwaClient: client.${name}.${key}() is not faked; pass { ${name}: { ${key}: () => of(...) } } to new FakeUcwaClient()`));
    },
  });
}
