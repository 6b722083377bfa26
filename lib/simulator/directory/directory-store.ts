import type { Clock } from '../../time/clock.js';
import { ContactList } from './contact-list.js';
import type { ModalityType } from './modalities.js';
import { PhotoStore, type PhotoSetting, type ServedPhoto } from './photos/photo-store.js';
import type { PhotoSize } from './photos/photo-size.js';
import type { AccountRecord, DirectoryChange, NoteState, PersonRecord, PresenceState } from './records.js';
import { searchDirectory, type DirectorySearch, type DirectorySearchResult } from './search.js';
import type { DirectorySpec, NoteSpec, PersonSpec, PresenceUpdate } from './types.js';
import { uriAddress, uriKey } from './uri.js';

/** A person's two notes: the personal one, and the out-of-office one that Exchange sets and that wins while set. */
interface Notes {
  readonly personal?: string;
  readonly outOfOffice?: string;
}

/** A listener for directory changes. */
export type DirectoryListener = (change: DirectoryChange) => void;

/**
 * The live directory: people with their presence, notes and locations, and the accounts with
 * their contact lists. It is the simulated pool's state that outlives applications.
 */
export class DirectoryStore {
  private readonly people = new Map<string, PersonRecord>();
  private readonly presences = new Map<string, PresenceState>();
  private readonly notes = new Map<string, Notes>();
  private readonly modalityOverrides = new Map<string, readonly ModalityType[]>();
  private readonly photos = new PhotoStore();
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
    if (spec.note) this.notes.set(key, spec.note.type === 'OutOfOffice' ? { outOfOffice: spec.note.message } : { personal: spec.note.message });
    if (spec.location !== undefined) this.locations.set(key, spec.location);
    this.photos.set(key, spec.photo === false ? undefined : spec.photo === undefined || spec.photo === true ? 'generated' : spec.photo);
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
    this.emit({ kind: 'presence', uri: key, previous });
  }

  /** The note a person shows: the out-of-office note while set, else the personal note (note_ref). */
  note(uri: string): NoteState | undefined {
    const notes = this.notes.get(uriKey(uri));
    if (notes?.outOfOffice !== undefined) return { message: notes.outOfOffice, type: 'OutOfOffice' };
    return notes?.personal === undefined ? undefined : { message: notes.personal, type: 'Personal' };
  }

  /** Sets the personal note or (type OutOfOffice) the out-of-office note; undefined clears both. */
  setNote(uri: string, note: NoteSpec | undefined): void {
    const key = uriKey(uri);
    const notes = this.notes.get(key) ?? {};
    if (note === undefined) this.notes.delete(key);
    else if (note.type === 'OutOfOffice') this.notes.set(key, { ...notes, outOfOffice: note.message });
    else this.notes.set(key, { ...notes, personal: note.message });
    this.emit({ kind: 'note', uri: key });
  }

  /** Sets (or with undefined clears) only the personal note, as a user's own application does. */
  setPersonalNote(uri: string, message: string | undefined): void {
    const key = uriKey(uri);
    const { outOfOffice } = this.notes.get(key) ?? {};
    const next: Notes = { ...(outOfOffice === undefined ? {} : { outOfOffice }), ...(message === undefined ? {} : { personal: message }) };
    if (next.personal === undefined && next.outOfOffice === undefined) this.notes.delete(key);
    else this.notes.set(key, next);
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

  /** A person's photo at `size`, or undefined when they have none (or are unknown). */
  photo(uri: string, size: PhotoSize): ServedPhoto | undefined {
    const person = this.person(uri);
    return person ? this.photos.photo(person.key, person.uri, person.spec.name, size) : undefined;
  }

  /** True when the person has a photo. */
  hasPhoto(uri: string): boolean {
    return this.person(uri) !== undefined && this.photos.setting(uriKey(uri)) !== undefined;
  }

  /** Sets a person's photo: generated, an image, or none. */
  setPhoto(uri: string, photo: PhotoSetting | undefined): void {
    this.photos.set(uriKey(uri), photo);
  }

  /** The modalities set for a person through the control API, if any. */
  modalityOverride(uri: string): readonly ModalityType[] | undefined {
    return this.modalityOverrides.get(uriKey(uri));
  }

  /** Sets (or with undefined removes) the modalities reported for a person. */
  setModalityOverride(uri: string, modalities: readonly ModalityType[] | undefined): void {
    if (modalities === undefined) this.modalityOverrides.delete(uriKey(uri));
    else this.modalityOverrides.set(uriKey(uri), [...modalities]);
  }

  /** Searches the address book (search_ref). */
  search(search: DirectorySearch): DirectorySearchResult {
    return searchDirectory(this.allPeople(), search);
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
