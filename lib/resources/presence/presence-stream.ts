import { EMPTY, Observable, ReplaySubject, catchError, concat, distinctUntilChanged, filter, map, merge, of, share, switchMap, take, timer } from 'rxjs';
import { ContactPresenceResourceCodec, type ContactPresence, type ContactPresenceResource } from '../../codecs/presence.js';
import { decodeOrThrow } from '../../codecs/decode.js';
import type { ClientContext } from '../../client-context.js';
import { isUcwaError } from '../../errors/guards.js';
import type { ResourceFetcher } from '../../events/resource-fetcher.js';
import { decodeResponse } from '../../http/read-resource.js';
import { retryTransient } from '../../operators/retry-policy.js';
import { normaliseSipUri, sipKey } from '../sip-uri.js';
import type { ContactRef } from './contact-ref.js';
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

function samePresence(a: ContactPresence, b: ContactPresence): boolean {
  return (
    a.availability === b.availability &&
    a.activity === b.activity &&
    a.deviceType === b.deviceType &&
    a.lastActive?.getTime() === b.lastActive?.getTime()
  );
}

/**
 * `presence$(uri)` for every URI: one shared stream per contact (two subscribers cause one
 * membership and one GET), pooled into server subscriptions by {@link PresencePool}. The first
 * value comes from a GET sent when the server's first response after the subscription arrived
 * (batched with the other new contacts), then every contactPresence `updated` event triggers a
 * fresh GET (the latest wins; a burst of events goes out as batches).
 * After a reset the contact is resubscribed and refetched; subscribers keep the last value meanwhile.
 */
export class PresenceStreams {
  private readonly streams = new Map<string, Observable<ContactPresence>>();

  constructor(
    private readonly context: ClientContext,
    private readonly pool: PresencePool,
    private readonly fetcher: ResourceFetcher,
  ) {}

  /** The live presence of one contact. Errors with a typed UcwaError for a malformed URI or a refused subscription. */
  presence$(uri: string): Observable<ContactPresence> {
    return new Observable<ContactPresence>((subscriber) => {
      let key: string;
      let normalised: string;
      try {
        normalised = normaliseSipUri(uri);
        key = sipKey(normalised);
      } catch (error) {
        subscriber.error(error);
        return undefined;
      }
      let stream = this.streams.get(key);
      if (!stream) {
        stream = this.create(normalised, key);
        this.streams.set(key, stream);
      }
      return stream.subscribe(subscriber);
    });
  }

  private create(uri: string, key: string): Observable<ContactPresence> {
    const { channel, scheduler, graceMs } = this.context;
    const source = new Observable<ContactPresence>((subscriber) => {
      const entry = this.pool.join(uri, key);
      const channelRunning = channel.running$.subscribe({ error: (error: unknown) => subscriber.error(error) });
      const inner = entry.membership$
        .pipe(
          switchMap(({ ref, sinceResponse }) => {
            const updates = channel.on(ref.presenceKey).pipe(
              filter((event) => event.key === ref.presenceKey && event.type === 'updated'),
              map((event) => event.resource),
            );
            // A new membership makes the server send the contact's presence event in its next
            // response (SubscribeToThePresenceOfSelectedContacts.md). The first GET goes out once a
            // response arrived after the membership was made (or the aggregation window passed
            // without one): it covers that event, so each contact costs one GET, batched with the others.
            const deadline = channel.currentParameters.medium * 1000 + FIRST_VALUE_SLACK_MS;
            const firstResponse = channel.responseCount > sinceResponse
              ? of(undefined)
              : merge(channel.responses$, timer(deadline, scheduler)).pipe(take(1), map(() => undefined));
            return concat(firstResponse, updates).pipe(
              switchMap((embedded, index) => (embedded !== undefined ? this.fromEmbedded(uri, embedded) : this.fetch(uri, ref, index === 0))),
            );
          }),
          distinctUntilChanged(samePresence),
        )
        .subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        channelRunning.unsubscribe();
        this.pool.leave(entry);
        if (this.streams.get(key) === shared) this.streams.delete(key);
      };
    });
    const shared: Observable<ContactPresence> = source.pipe(
      share({ connector: () => new ReplaySubject<ContactPresence>(1), resetOnRefCountZero: () => timer(graceMs, scheduler) }),
    );
    return shared;
  }

  private fromEmbedded(uri: string, embedded: unknown): Observable<ContactPresence> {
    try {
      return of(toContactPresence(uri, decodeOrThrow(ContactPresenceResourceCodec, embedded, 'contactPresence')));
    } catch (error) {
      if (isUcwaError(error)) this.context.channel.diagnose(error);
      return EMPTY;
    }
  }

  /**
   * GETs the presence, never joining a GET already on the wire. If the first one fails (after
   * retries) the stream errors; a failed update is reported and skipped, the last value stays.
   */
  private fetch(uri: string, ref: ContactRef, first: boolean): Observable<ContactPresence> {
    const value$ = this.fetcher.get(ref.presenceHref, ref.base, true).pipe(
      retryTransient('GET', { scheduler: this.context.scheduler }),
      map((response) => toContactPresence(uri, decodeResponse(response, ContactPresenceResourceCodec, 'contactPresence').value)),
    );
    return first ? value$ : value$.pipe(
      catchError((error: unknown) => {
        if (isUcwaError(error)) this.context.channel.diagnose(error);
        return EMPTY;
      }),
    );
  }
}
