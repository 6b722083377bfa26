import { Observable, catchError, defer, forkJoin, map, of, switchMap } from 'rxjs';
import { ContactCodec, ContactCollectionCodec } from '../../codecs/contact.js';
import { hrefOf } from '../../codecs/link.js';
import type { MembershipsResource } from '../../codecs/subscriptions.js';
import { decodeResponse, requestResource, type Located } from '../../http/read-resource.js';
import { routingKey } from '../../http/href.js';
import type { Requester } from '../../http/transport.js';
import type { ResourceFetcher } from '../../events/resource-fetcher.js';
import type { ApplicationSession } from '../application-session.js';
import { peopleLink$ } from '../people.js';
import { contactRefOf, type ContactRef } from './contact-ref.js';

/**
 * Finds the contact resource (and its presence link) of a SIP URI without building URLs:
 * first from myContacts (one GET gives every contact of the user's list), then from the
 * memberships of the subscription the URI was added to, fetching the unknown contacts in a
 * batch. Caches per application; `clear()` after a reset.
 */
export class ContactDirectory {
  private readonly byUri = new Map<string, ContactRef>();
  private readonly byHref = new Map<string, ContactRef>();
  private myContactsLoaded = false;

  constructor(
    private readonly send: Requester,
    private readonly fetcher: ResourceFetcher,
    private readonly session: ApplicationSession,
  ) {}

  /** Forgets everything (hrefs change with a new application; transient data after a reset). */
  clear(): void {
    this.byUri.clear();
    this.byHref.clear();
    this.myContactsLoaded = false;
  }

  /** The known ref of a URI key (lower-case SIP URI). */
  lookup(uriKey: string): ContactRef | undefined {
    return this.byUri.get(uriKey);
  }

  /** Remembers a contact resource read elsewhere (groups, events). */
  learn(contact: Located<Parameters<typeof contactRefOf>[0]['value']>): ContactRef | undefined {
    const ref = contactRefOf(contact);
    if (ref) {
      this.byUri.set(ref.uriKey, ref);
      this.byHref.set(ref.key, ref);
    }
    return ref;
  }

  /**
   * Resolves URI keys to contact refs; `memberships` (when given) lists the contacts of the
   * subscription they were added to. Emits the refs found; keys not found are absent.
   */
  resolve(uriKeys: readonly string[], memberships?: () => Observable<Located<MembershipsResource>>): Observable<ReadonlyMap<string, ContactRef>> {
    return defer(() => {
      const missing = () => uriKeys.filter((key) => !this.byUri.has(key));
      const found = () => new Map(uriKeys.flatMap((key) => { const ref = this.byUri.get(key); return ref ? [[key, ref] as const] : []; }));
      if (missing().length === 0) return of(found());
      return this.loadMyContacts().pipe(
        switchMap(() => (missing().length > 0 && memberships ? this.loadFromMemberships(memberships()) : of(undefined))),
        map(found),
      );
    });
  }

  private loadMyContacts(): Observable<unknown> {
    if (this.myContactsLoaded) return of(undefined);
    return peopleLink$(this.session, 'myContacts', 0).pipe(
      switchMap((at) => requestResource(this.send, { method: 'GET', ...at }, ContactCollectionCodec, 'myContacts')),
      map((collection) => {
        this.myContactsLoaded = true;
        for (const contact of collection.value._embedded?.contact ?? []) this.learn({ value: contact, url: collection.url });
      }),
      catchError(() => of(undefined)),
    );
  }

  private loadFromMemberships(memberships$: Observable<Located<MembershipsResource>>): Observable<unknown> {
    return memberships$.pipe(
      switchMap((memberships) => {
        const unknown = (memberships.value._embedded?.presenceSubscriptionMembership ?? [])
          .map((membership) => hrefOf(membership, 'contact'))
          .filter((href): href is string => href !== undefined && !this.byHref.has(routingKey(href, memberships.url)));
        if (unknown.length === 0) return of(undefined);
        return forkJoin(
          unknown.map((href) =>
            this.fetcher.get(href, memberships.url).pipe(
              map((response) => this.learn(decodeResponse(response, ContactCodec, 'contact'))),
              catchError(() => of(undefined)),
            ),
          ),
        );
      }),
      catchError(() => of(undefined)),
    );
  }
}
