import type { ContactNote, ContactPresence } from '../index.js';
import type { RosterEntry, WatchUpdate } from './contact-watch.js';

/** One row of the watch table. */
export interface BoardRow {
  readonly entry: RosterEntry;
  /** Undefined until the first value arrives. */
  readonly presence?: ContactPresence | undefined;
  /** When availability or activity last changed (the first value counts). */
  readonly changedAt?: Date | undefined;
  /** The contact's note, when known. */
  readonly note?: ContactNote | undefined;
}

/** A change of a contact's note (the first one counts when there is a note). */
export interface NoteChange {
  readonly uri: string;
  /** The note's text; undefined when it was cleared. */
  readonly message?: string | undefined;
  /** `Personal` or `OutOfOffice`. */
  readonly type?: string | undefined;
  readonly at: Date;
}

/** A change of what a row shows: availability or activity. */
export interface PresenceChange {
  readonly uri: string;
  readonly availability: string;
  readonly activity?: string | undefined;
  readonly at: Date;
}

/** What the watch table holds: the roster and the latest presence per contact. */
export class ContactBoard {
  private entries: readonly RosterEntry[] = [];
  private byKey = new Map<string, RosterEntry>();
  private readonly latest = new Map<string, { readonly presence: ContactPresence; readonly changedAt: Date }>();
  private readonly notes = new Map<string, ContactNote>();
  /** The pinned group's name as the server gives it. */
  pinnedGroupName = 'Pinned Contacts';

  /** Takes a roster or presence update in; returns the change when a contact's availability or activity changed. */
  apply(update: Exclude<WatchUpdate, { readonly kind: 'note' }>, now: Date): PresenceChange | undefined {
    if (update.kind === 'roster') {
      this.entries = update.entries;
      this.byKey = new Map(update.entries.map((e) => [e.key, e]));
      if (update.pinnedGroupName) this.pinnedGroupName = update.pinnedGroupName;
      for (const key of this.latest.keys()) if (!this.byKey.has(key)) this.latest.delete(key);
      for (const key of this.notes.keys()) if (!this.byKey.has(key)) this.notes.delete(key);
      return undefined;
    }
    const previous = this.latest.get(update.key);
    const { presence } = update;
    const changed = !previous || previous.presence.availability !== presence.availability || previous.presence.activity !== presence.activity;
    this.latest.set(update.key, { presence, changedAt: changed ? now : (previous?.changedAt ?? now) });
    if (!changed) return undefined;
    return { uri: this.byKey.get(update.key)?.uri ?? presence.uri, availability: presence.availability, activity: presence.activity, at: now };
  }

  /** Takes a note in; returns the change when its text or type changed (a first value without text is none). */
  applyNote(key: string, note: ContactNote, now: Date): NoteChange | undefined {
    const previous = this.notes.get(key);
    this.notes.set(key, note);
    if ((previous?.message ?? undefined) === note.message && (previous === undefined || previous.type === note.type)) return undefined;
    return { uri: this.byKey.get(key)?.uri ?? note.uri, message: note.message, type: note.type, at: now };
  }

  /** The rows in display order. */
  rows(): BoardRow[] {
    return this.entries.map((entry) => {
      const latest = this.latest.get(entry.key);
      return { entry, presence: latest?.presence, changedAt: latest?.changedAt, note: this.notes.get(entry.key) };
    });
  }
}
