import type { Clock } from '../../time/clock.js';
import { ContactList } from './contact-list.js';
import type { AccountRecord, DirectoryChange, NoteState, PersonRecord, PresenceState } from './records.js';
import type { DirectorySpec, NoteSpec, PersonSpec, PresenceUpdate } from './types.js';
import { uriAddress, uriKey } from './uri.js';

/** A listener for directory changes. */
export type DirectoryListener = (change: DirectoryChange) => void;

/**
 * The live directory: people with their presence, notes and locations, and the accounts with
 * their contact lists. It is the simulated pool's state that outlives applications.
 */
export class DirectoryStore {
  private readonly people = new Map<string, PersonRecord>();
  private readonly presences = new Map<string, PresenceState>();
  private readonly notes = new Map<string, NoteState>();
  private readonly locations = new Map<string, string>();
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly listeners = new Set<DirectoryListener>();
  /** Contact-list operations of the accounts. */
  readonly contactLists: ContactList;

  /** @param spec the directory to load; @param clock source of `lastActive` defaults. */
  constructor(
    spec: DirectorySpec,
    private readonly clock: Clock,
  ) {
    for (const person of spec.people) this.upsertPerson(person);
    this.contactLists = new ContactList(this.accounts, (uri) => this.ensurePerson(uri), (change) => this.emit(change));
    for (const account of spec.accounts) this.contactLists.load(account);
  }

  /** Adds or replaces a person; their presence, note and location are (re)set from the spec. */
  upsertPerson(spec: PersonSpec): PersonRecord {
    const key = uriKey(spec.uri);
    const uri = `sip:${uriAddress(spec.uri)}`;
    const record: PersonRecord = { key, uri, spec: { ...spec, uri } };
    this.people.set(key, record);
    const presence = spec.presence;
    this.presences.set(key, {
      availability: presence?.availability ?? 'Offline',
      deviceType: presence?.deviceType ?? 'Unknown',
      ...(presence?.activity === undefined ? {} : { activity: presence.activity }),
      ...(presence?.lastActive === undefined ? {} : { lastActive: Number(presence.lastActive) }),
    });
    if (spec.note) this.notes.set(key, { message: spec.note.message, type: spec.note.type ?? 'Personal' });
    if (spec.location !== undefined) this.locations.set(key, spec.location);
    return record;
  }

  /** The person with this URI (any case, `sip:` optional). */
  person(uri: string): PersonRecord | undefined {
    return this.people.get(uriKey(uri));
  }

  /** The URI of `key` in display case (the key itself for someone unknown). */
  displayUri(key: string): string {
    return this.people.get(key)?.uri ?? key;
  }

  /** All people. */
  allPeople(): PersonRecord[] {
    return [...this.people.values()];
  }

  /** The account with this URI. */
  account(uri: string): AccountRecord | undefined {
    return this.accounts.get(uriKey(uri));
  }

  /** The account for a password grant, or undefined when the credentials are wrong. */
  authenticate(username: string, password: string): AccountRecord | undefined {
    const account = this.account(username);
    return account && account.password === password ? account : undefined;
  }

  /** Presence of anyone; someone unknown is Offline on an Unknown device. */
  presence(uri: string): PresenceState {
    return this.presences.get(uriKey(uri)) ?? { availability: 'Offline', deviceType: 'Unknown' };
  }

  /** Sets presence; `activity` is cleared when omitted, device and lastActive are kept. */
  setPresence(uri: string, update: PresenceUpdate): void {
    const key = uriKey(uri);
    const previous = this.presence(key);
    const lastActive = update.lastActive === undefined ? previous.lastActive : Number(update.lastActive);
    this.presences.set(key, {
      availability: update.availability,
      deviceType: update.deviceType ?? previous.deviceType,
      ...(update.activity === undefined ? {} : { activity: update.activity }),
      ...(lastActive === undefined ? {} : { lastActive }),
    });
    this.emit({ kind: 'presence', uri: key });
  }

  /** A person's note, if set. */
  note(uri: string): NoteState | undefined {
    return this.notes.get(uriKey(uri));
  }

  /** Sets or clears a note. */
  setNote(uri: string, note: NoteSpec | undefined): void {
    const key = uriKey(uri);
    if (note === undefined) this.notes.delete(key);
    else this.notes.set(key, { message: note.message, type: note.type ?? 'Personal' });
    this.emit({ kind: 'note', uri: key });
  }

  /** A person's location, if set. */
  location(uri: string): string | undefined {
    return this.locations.get(uriKey(uri));
  }

  /** Sets or clears a location. */
  setLocation(uri: string, location: string | undefined): void {
    const key = uriKey(uri);
    if (location === undefined) this.locations.delete(key);
    else this.locations.set(key, location);
    this.emit({ kind: 'location', uri: key });
  }

  /** The current time, for callers that stamp presence. */
  now(): number {
    return this.clock.now();
  }

  /** Registers a change listener; returns its removal. */
  onChange(listener: DirectoryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private ensurePerson(uri: string | PersonSpec): string {
    if (typeof uri !== 'string') return this.upsertPerson(uri).key;
    const key = uriKey(uri);
    if (!this.people.has(key)) this.upsertPerson({ uri: `sip:${uriAddress(uri)}`, name: uriAddress(uri) });
    return key;
  }

  private emit(change: DirectoryChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
