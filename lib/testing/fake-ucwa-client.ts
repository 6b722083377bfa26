import { BehaviorSubject, Observable, ReplaySubject, Subject, throwError } from 'rxjs';
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
import { normaliseSipUri, sipKey } from '../resources/sip-uri.js';

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
}

/** One contact's stream: its last value, or the error it ended with. */
class FakePresence {
  subject = new ReplaySubject<ContactPresence>(1);
  subscribers = 0;
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
  private readonly presences = new Map<string, FakePresence>();
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

  constructor(options: FakeUcwaClientOptions = {}) {
    this.connection = new BehaviorSubject<ConnectionState>(options.connection ?? { status: 'connected' });
    this.connectionState$ = this.connection.asObservable();
    this.groups = readers<Groups>('groups', options.groups);
    this.contacts = readers<Contacts>('contacts', options.contacts);
    this.presenceSubscriptions = readers<PresenceSubscriptions>('presenceSubscriptions', options.presenceSubscriptions);
    this.contactsAndGroupsSubscription = readers<ContactsAndGroupsSubscriptionOperations>('contactsAndGroupsSubscription', options.contactsAndGroupsSubscription);
  }

  /** The live presence of one contact, as set by {@link setPresence}; a malformed URI errors as with the real client. */
  presence$(uri: string): Observable<ContactPresence> {
    return new Observable<ContactPresence>((subscriber) => {
      let key: string;
      try {
        key = sipKey(uri);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      const entry = this.entry(key);
      entry.subscribers += 1;
      const inner = entry.subject.subscribe(subscriber);
      return () => {
        entry.subscribers -= 1;
        inner.unsubscribe();
      };
    });
  }

  /** Sets a contact's presence: its subscribers get it, later ones get it first. `availability` is required, the rest optional. */
  setPresence(uri: string, presence: Omit<ContactPresence, 'uri'>): void {
    const entry = this.entry(sipKey(uri));
    if (entry.subject.hasError) entry.subject = new ReplaySubject<ContactPresence>(1);
    entry.subject.next({ uri: normaliseSipUri(uri), ...presence });
  }

  /** Ends a contact's stream with `error` (a permanent condition, e.g. an unknown person); {@link setPresence} starts it again. */
  failPresence(uri: string, error: Error): void {
    this.entry(sipKey(uri)).subject.error(error);
  }

  /** How many subscribers a contact's `presence$` has now (what the code under test watches). */
  watchers(uri: string): number {
    return this.presences.get(sipKey(uri))?.subscribers ?? 0;
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
    const watched = [...this.presences.values()].filter((entry) => entry.subscribers > 0).length;
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
    for (const entry of this.presences.values()) entry.subject.complete();
    this.connection.next({ status: 'closed' });
    for (const subject of [this.connection, this.pinned, this.contactsAndGroups, this.events, this.resets, this.diagnostics]) subject.complete();
  }

  private entry(key: string): FakePresence {
    let entry = this.presences.get(key);
    if (!entry) {
      entry = new FakePresence();
      this.presences.set(key, entry);
    }
    return entry;
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
