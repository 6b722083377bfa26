import type { NoteChange, PresenceChange } from './contact-board.js';
import type { Scrub } from './secret-redactor.js';
import { describeFailure } from './cli-error.js';
import { statusRecord } from './status-format.js';
import type { StatusTracker, StatusView } from './status-tracker.js';

/** Where `watch` shows what happens: a redrawn screen, or NDJSON lines. */
export interface WatchOutput {
  /** The roster (which contacts, in which order) changed. */
  rosterChanged(): void;
  /** A contact's availability or activity changed (or arrived for the first time). */
  presenceChanged(change: PresenceChange): void;
  /** A contact's note changed (or arrived for the first time with text). */
  noteChanged(change: NoteChange): void;
  /** Something on the status line changed; `connection` when the connection state itself did. */
  statusChanged(connection: boolean): void;
  /** A message for the user: a recovered problem, or a verbose log line. */
  message(line: string): void;
  /** Stops drawing (timers cleared, terminal restored). */
  close(): void;
  /** The client was closed cleanly; `view` is the final status. */
  finished(view: StatusView): void;
  /** The command failed with `error` (the client is closed); `view` is the final status. */
  failed(view: StatusView, error: unknown): void;
}

/** The NDJSON form of a presence change. */
export function presenceRecord(change: PresenceChange): Record<string, unknown> {
  return { type: 'presence', uri: change.uri, availability: change.availability, activity: change.activity ?? null, at: change.at.toISOString() };
}

/** The NDJSON form of a note change. */
export function noteRecord(change: NoteChange): Record<string, unknown> {
  return { type: 'note', uri: change.uri, note: change.message ?? null, noteType: change.type ?? null, at: change.at.toISOString() };
}

/**
 * `watch` on a pipe or with `--json`: one line per presence change, one per note change and
 * one per connection state change, each a JSON object. Messages go to stderr, so stdout stays parseable.
 * Presence changes arrive scrubbed; status lines scrub what they quote with `scrub`.
 */
export class NdjsonWatchOutput implements WatchOutput {
  constructor(
    private readonly out: (line: string) => void,
    private readonly err: (line: string) => void,
    private readonly tracker: StatusTracker,
    private readonly scrub: Scrub,
  ) {}

  rosterChanged(): void {}

  presenceChanged(change: PresenceChange): void {
    this.out(JSON.stringify(presenceRecord(change)));
  }

  noteChanged(change: NoteChange): void {
    this.out(JSON.stringify(noteRecord(change)));
  }

  statusChanged(connection: boolean): void {
    if (connection) this.out(JSON.stringify(statusRecord(this.tracker.view(), this.scrub)));
  }

  message(line: string): void {
    this.err(line);
  }

  close(): void {}

  finished(view: StatusView): void {
    this.out(JSON.stringify(statusRecord({ ...view, connection: { status: 'closed' }, presenceSubscriptions: [], contactsAndGroups: undefined }, this.scrub)));
  }

  /** The last line says why it stopped: the connection closed with the failure, whichever came first to the command. */
  failed(view: StatusView, error: unknown): void {
    const closed = statusRecord({ ...view, connection: { status: 'closed' }, presenceSubscriptions: [], contactsAndGroups: undefined }, this.scrub);
    this.out(JSON.stringify({ ...closed, error: describeFailure(error, this.scrub) }));
  }
}
