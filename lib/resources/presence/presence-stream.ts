import { Observable } from 'rxjs';
import type { ContactPresence } from '../../codecs/presence.js';
import type { ClientContext } from '../../client-context.js';
import { ClosedError } from '../../errors/argument-errors.js';
import { DeadlineQueue } from '../../time/deadline-queue.js';
import { normaliseSipUri, sipKey } from '../sip-uri.js';
import type { FacetKind } from './facet-kind.js';
import type { PresenceReconciler } from './presence-reconciler.js';
import { PRESENCE } from './presence-value.js';
import type { WatchedContact } from './watched-contact.js';

/**
 * `presence$(uri)` for every URI, and the streams of a contact's other values (note, location,
 * capabilities): the subscriber side of the presence subscriptions. Subscribers of one contact
 * share one {@link WatchedContact}; the {@link PresenceReconciler} keeps the server's
 * subscriptions equal to the contacts wanted and feeds their values. A contact (or one of its
 * values) stays wanted a grace period after its last subscriber leaves (one timer for all of
 * them), so a quick resubscribe costs nothing. Transient trouble never ends a stream: it keeps
 * its last value while the reconciler recovers; only a permanent condition of that contact errors it.
 */
export class PresenceStreams {
  private readonly leaving: DeadlineQueue<WatchedContact>;
  private closed = false;

  constructor(
    private readonly context: ClientContext,
    private readonly reconciler: PresenceReconciler,
  ) {
    this.leaving = new DeadlineQueue(context.clock, (contacts) => contacts.forEach((contact) => reconciler.release(contact)));
  }

  /** The live presence of one contact. Errors with a typed UcwaError for a malformed URI or a permanent refusal. */
  presence$(uri: string): Observable<ContactPresence> {
    return this.value$(PRESENCE, uri);
  }

  /** The live value of `kind` of one contact, pooled in the same server subscriptions as its presence. */
  value$<T>(kind: FacetKind<T>, uri: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.closed) {
        subscriber.error(new ClosedError());
        return undefined;
      }
      let normalised: string;
      try {
        normalised = normaliseSipUri(uri);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      // A deadline of the contact left pending is harmless: its release keeps what has subscribers.
      const { contact, value } = this.reconciler.want(normalised, sipKey(normalised), kind);
      value.add(subscriber);
      return () => {
        value.subscribers.delete(subscriber);
        if (value.subscribers.size === 0 && !contact.failed && !this.closed) {
          this.leaving.add(contact, this.context.clock.now() + this.context.graceMs);
        }
      };
    });
  }

  /** The client is closing: every stream completes, later ones error with ClosedError. */
  close(): void {
    this.closed = true;
    this.leaving.clear();
    this.reconciler.close();
  }
}
