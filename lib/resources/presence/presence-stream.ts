import { Observable, type Subscription } from 'rxjs';
import { ContactPresenceResourceCodec, type ContactPresence, type ContactPresenceResource } from '../../codecs/presence.js';
import { decodeOrThrow } from '../../codecs/decode.js';
import type { ClientContext } from '../../client-context.js';
import { ClosedError } from '../../errors/argument-errors.js';
import { isUcwaError } from '../../errors/guards.js';
import type { ResourceFetcher } from '../../events/resource-fetcher.js';
import type { UcwaEvent } from '../../events/ucwa-event.js';
import { decodeResponse } from '../../http/read-resource.js';
import { DeadlineQueue } from '../../time/deadline-queue.js';
import { normaliseSipUri, sipKey } from '../sip-uri.js';
import type { ContactRef } from './contact-ref.js';
import { ContactWatch, type ContactWatchHost } from './contact-watch.js';
import type { PresencePool } from './presence-pool.js';

/** How long past the medium aggregation window the first GET waits for the server's first event, ms. */
const FIRST_VALUE_SLACK_MS = 2000;

/** The public presence value of a contactPresence resource. */
export function toContactPresence(uri: string, resource: ContactPresenceResource): ContactPresence {
  return {
    uri,
    availability: resource.availability ?? 'Offline',
    activity: resource.activity,
    deviceType: resource.deviceType,
    lastActive: resource.lastActive,
  };
}

/**
 * `presence$(uri)` for every URI. Each watched contact is one {@link ContactWatch} (two
 * subscribers share it: one membership, one GET), pooled into server subscriptions by
 * {@link PresencePool}. Everything else is shared by all contacts: one hold on the event
 * channel, one listener for `contactPresence` events routed by a keyed map, one timer for grace
 * periods and one for first values.
 *
 * The first value comes from a GET sent when the server's first response after the membership
 * arrived (it carries the contact's first event; the GET covers it), batched with the other new
 * contacts; then every `updated` event triggers a fresh GET (the latest wins; a burst goes out as
 * batches). After a reset the contact is resubscribed and refetched; subscribers keep the last
 * value meanwhile.
 */
export class PresenceStreams implements ContactWatchHost {
  private readonly watches = new Map<string, ContactWatch>();
  private readonly byPresenceKey = new Map<string, ContactWatch>();
  private readonly leaving: DeadlineQueue<ContactWatch>;
  private readonly firstValues: DeadlineQueue<ContactWatch>;
  private hold: Subscription | undefined;
  private closed = false;

  constructor(
    private readonly context: ClientContext,
    private readonly pool: PresencePool,
    private readonly fetcher: ResourceFetcher,
  ) {
    this.leaving = new DeadlineQueue(context.clock, (watches) => watches.forEach((watch) => this.leave(watch)));
    this.firstValues = new DeadlineQueue(context.clock, (watches) => watches.forEach((watch) => this.fetch(watch, true)));
  }

  /** Contacts watched now (including those in their grace period). */
  get size(): number {
    return this.watches.size;
  }

  /** The live presence of one contact. Errors with a typed UcwaError for a malformed URI or a refused subscription. */
  presence$(uri: string): Observable<ContactPresence> {
    return new Observable<ContactPresence>((subscriber) => {
      if (this.closed) {
        subscriber.error(new ClosedError());
        return undefined;
      }
      let watch: ContactWatch;
      try {
        watch = this.watchOf(normaliseSipUri(uri));
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      this.leaving.delete(watch);
      watch.add(subscriber);
      return () => {
        watch.subscribers.delete(subscriber);
        if (watch.subscribers.size === 0 && this.watches.get(watch.uriKey) === watch) {
          this.leaving.add(watch, this.context.clock.now() + this.context.graceMs);
        }
      };
    });
  }

  /** The client is closing: every stream completes, later ones error with ClosedError. */
  close(): void {
    this.closed = true;
    this.releaseChannel();
    this.endAll((watch) => watch.complete());
  }

  watching(watch: ContactWatch, previous: ContactRef | undefined): void {
    if (previous && this.byPresenceKey.get(previous.presenceKey) === watch) this.byPresenceKey.delete(previous.presenceKey);
    const ref = watch.ref;
    if (!ref) return;
    this.byPresenceKey.set(ref.presenceKey, watch);
    watch.stopFetching();
    if (this.context.channel.responseCount > watch.sinceResponse) {
      this.fetch(watch, true);
    } else {
      // Wait for the response that carries the server's first event, or the aggregation window.
      const windowMs = this.context.channel.currentParameters.medium * 1000 + FIRST_VALUE_SLACK_MS;
      this.firstValues.add(watch, this.context.clock.now() + windowMs);
    }
  }

  failed(watch: ContactWatch): void {
    this.forget(watch);
  }

  private watchOf(uri: string): ContactWatch {
    const key = sipKey(uri);
    let watch = this.watches.get(key);
    if (!watch) {
      watch = new ContactWatch(uri, key, this);
      this.watches.set(key, watch);
      this.holdChannel();
      watch.entry = this.pool.join(uri, key, watch);
    }
    return watch;
  }

  /** The last subscriber left a grace period ago: the contact leaves its subscription. */
  private leave(watch: ContactWatch): void {
    if (watch.subscribers.size > 0) return;
    watch.stopFetching();
    if (watch.entry) this.pool.leave(watch.entry);
    this.forget(watch);
  }

  private forget(watch: ContactWatch): void {
    if (this.watches.get(watch.uriKey) === watch) this.watches.delete(watch.uriKey);
    if (watch.ref && this.byPresenceKey.get(watch.ref.presenceKey) === watch) this.byPresenceKey.delete(watch.ref.presenceKey);
    this.firstValues.delete(watch);
    this.leaving.delete(watch);
    if (this.watches.size === 0) this.releaseChannel();
  }

  /** One hold on the event channel for all contacts: the loop, the routed events, the response ticks. */
  private holdChannel(): void {
    if (this.hold) return;
    const { channel } = this.context;
    this.hold = channel.onRel('contactPresence').subscribe({
      next: (event) => this.onEvent(event),
      error: (error: unknown) => this.endAll((watch) => watch.error(error)),
      complete: () => this.endAll((watch) => watch.complete()),
    });
    this.hold.add(channel.responses$.subscribe(() => this.onResponse()));
  }

  private releaseChannel(): void {
    const hold = this.hold;
    this.hold = undefined;
    hold?.unsubscribe();
  }

  private endAll(end: (watch: ContactWatch) => void): void {
    const all = [...this.watches.values()];
    this.watches.clear();
    this.byPresenceKey.clear();
    this.firstValues.clear();
    this.leaving.clear();
    this.hold = undefined;
    for (const watch of all) {
      watch.stopFetching();
      if (watch.entry) this.pool.leave(watch.entry);
      end(watch);
    }
  }

  private onEvent(event: UcwaEvent): void {
    if (event.type !== 'updated') return;
    const watch = this.byPresenceKey.get(event.key);
    // Before its first GET a contact ignores events: that GET goes out after them and covers them.
    if (!watch || this.firstValues.has(watch)) return;
    if (event.resource !== undefined) this.fromEmbedded(watch, event.resource);
    else this.fetch(watch, false);
  }

  /** A response arrived: contacts whose first event it carried get their first GET now. */
  private onResponse(): void {
    if (this.firstValues.size === 0) return;
    const count = this.context.channel.responseCount;
    for (const watch of this.firstValues.takeWhere((w) => count > w.sinceResponse)) this.fetch(watch, true);
  }

  private fromEmbedded(watch: ContactWatch, embedded: unknown): void {
    try {
      watch.emit(toContactPresence(watch.uri, decodeOrThrow(ContactPresenceResourceCodec, embedded, 'contactPresence')));
    } catch (error) {
      if (isUcwaError(error)) this.context.channel.diagnose(error);
    }
  }

  /**
   * GETs the presence, never joining a GET already on the wire (the latest request wins). If the
   * first one fails after retries, the contact's streams error; a failed update is reported and
   * skipped, the last value stays.
   */
  private fetch(watch: ContactWatch, first: boolean): void {
    const ref = watch.ref;
    if (!ref) return;
    watch.stopFetching();
    watch.fetching = this.fetcher
      .get(ref.presenceHref, ref.base, true)
      .subscribe({
        next: (response) => {
          try {
            watch.emit(toContactPresence(watch.uri, decodeResponse(response, ContactPresenceResourceCodec, 'contactPresence').value));
          } catch (error) {
            this.fetchFailed(watch, first, error);
          }
        },
        error: (error: unknown) => this.fetchFailed(watch, first, error),
        complete: () => {
          watch.fetching = undefined;
        },
      });
  }

  private fetchFailed(watch: ContactWatch, first: boolean, error: unknown): void {
    watch.fetching = undefined;
    if (first && !watch.last) {
      watch.fail(error);
      if (watch.entry) this.pool.leave(watch.entry);
      return;
    }
    if (isUcwaError(error)) this.context.channel.diagnose(error);
  }
}
