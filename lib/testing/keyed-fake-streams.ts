import { Observable, ReplaySubject } from 'rxjs';
import { sipKey } from '../resources/sip-uri.js';

/** One contact's fake stream: its last value, or the error it ended with, and who watches it. */
interface FakeEntry<T> {
  subject: ReplaySubject<T>;
  subscribers: number;
}

/**
 * Per-contact streams a test sets, as `presence$(uri)`, `note$(uri)` and friends behave for their
 * subscribers: the last value replayed, each new one followed, an error after {@link fail} (a later
 * {@link set} starts the stream again). URIs are keyed as the real client keys them; a malformed
 * URI errors the stream as the real client does.
 */
export class KeyedFakeStreams<T> {
  private readonly entries = new Map<string, FakeEntry<T>>();

  /** The stream of one contact. */
  stream(uri: string): Observable<T> {
    return new Observable<T>((subscriber) => {
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

  /** Sets a contact's value: its subscribers get it, later ones get it first. */
  set(uri: string, value: T): void {
    const entry = this.entry(sipKey(uri));
    if (entry.subject.hasError) entry.subject = new ReplaySubject<T>(1);
    entry.subject.next(value);
  }

  /** Ends a contact's stream with `error`. */
  fail(uri: string, error: Error): void {
    this.entry(sipKey(uri)).subject.error(error);
  }

  /** How many subscribers a contact's stream has now. */
  watchers(uri: string): number {
    return this.entries.get(sipKey(uri))?.subscribers ?? 0;
  }

  /** How many contacts have at least one subscriber. */
  watched(): number {
    return [...this.entries.values()].filter((entry) => entry.subscribers > 0).length;
  }

  /** Completes every stream. */
  complete(): void {
    for (const entry of this.entries.values()) entry.subject.complete();
  }

  private entry(key: string): FakeEntry<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { subject: new ReplaySubject<T>(1), subscribers: 0 };
      this.entries.set(key, entry);
    }
    return entry;
  }
}
