import type { Availability, ContactDeviceType, NoteSpec, PersonSpec } from './types.js';

/** The live presence of a person. */
export interface PresenceState {
  /** Current availability. */
  readonly availability: Availability;
  /** Current activity, if any. */
  readonly activity?: string;
  /** Current device. */
  readonly deviceType: ContactDeviceType;
  /** Last activity time, ms since epoch. */
  readonly lastActive?: number;
}

/** A person known to the pool. */
export interface PersonRecord {
  /** Lookup key (lower-case `sip:` URI). */
  readonly key: string;
  /** The URI in its display case. */
  readonly uri: string;
  /** The directory entry. */
  readonly spec: PersonSpec;
}

/** The kinds of group on a contact list, named by their rel. */
export type GroupKind = 'pinnedGroup' | 'defaultGroup' | 'group' | 'distributionGroup';

/** A group of an account's contact list. */
export interface GroupRecord {
  /** Opaque id, unique in the directory. */
  readonly id: string;
  /** Which kind of group. */
  readonly kind: GroupKind;
  /** Display name. */
  readonly name: string;
  /** A distribution group's address. */
  readonly uri?: string;
  /** Member keys in list order. */
  readonly members: string[];
}

/** An account that can sign in. */
export interface AccountRecord {
  /** Lookup key. */
  readonly key: string;
  /** URI in display case. */
  readonly uri: string;
  /** Accepted password. */
  readonly password: string;
  /** Pinned group first, default group second, then personal and distribution groups. */
  readonly groups: GroupRecord[];
}

/** A collection an added/deleted contact event refers to. */
export type CollectionRef = { readonly kind: 'myContacts' } | { readonly kind: GroupKind; readonly id: string };

/** One change to an account's contacts and groups. */
export type ContactListChange =
  | { readonly type: 'added' | 'deleted'; readonly contact: string; readonly in: CollectionRef }
  | { readonly type: 'updated'; readonly group: { readonly kind: GroupKind; readonly id: string } };

/** What the directory tells the rest of the simulator about. */
export type DirectoryChange =
  | { readonly kind: 'presence'; readonly uri: string; readonly previous: PresenceState }
  | { readonly kind: 'note' | 'location'; readonly uri: string }
  | { readonly kind: 'contactList'; readonly account: string; readonly changes: readonly ContactListChange[] };

/** A person's note as stored. */
export type NoteState = Required<NoteSpec>;
