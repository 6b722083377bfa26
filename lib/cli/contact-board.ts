import type { ContactPresence } from '../index.js';
import type { RosterEntry, WatchUpdate } from './contact-watch.js';

/** One row of the watch table. */
export interface BoardRow {
  readonly entry: RosterEntry;
  /** Undefined until the first value arrives. */
  readonly presence?: ContactPresence | undefined;
  /** When availability or activity last changed (the first value counts). */
  readonly changedAt?: Date | undefined;
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
  /** The pinned group's name as the server gives it. */
  pinnedGroupName = 'Pinned Contacts';

  /** Takes an update in; returns the change when a contact's availability or activity changed. */
  apply(update: WatchUpdate, now: Date): PresenceChange | undefined {
    if (update.kind === 'roster') {
      this.entries = update.entries;
      this.byKey = new Map(update.entries.map((e) => [e.key, e]));
      if (update.pinnedGroupName) this.pinnedGroupName = update.pinnedGroupName;
      for (const key of this.latest.keys()) if (!this.byKey.has(key)) this.latest.delete(key);
      return undefined;
    }
    const previous = this.latest.get(update.key);
    const { presence } = update;
    const changed = !previous || previous.presence.availability !== presence.availability || previous.presence.activity !== presence.activity;
    this.latest.set(update.key, { presence, changedAt: changed ? now : (previous?.changedAt ?? now) });
    if (!changed) return undefined;
    return { uri: this.byKey.get(update.key)?.uri ?? presence.uri, availability: presence.availability, activity: presence.activity, at: now };
  }

  /** The rows in display order. */
  rows(): BoardRow[] {
    return this.entries.map((entry) => {
      const latest = this.latest.get(entry.key);
      return { entry, presence: latest?.presence, changedAt: latest?.changedAt };
    });
  }
}
