import { Observable, catchError, defer, forkJoin, map, of, switchMap } from 'rxjs';
import * as t from 'io-ts';
import { ContactCodec, type ContactResource } from '../../codecs/contact.js';
import { ResourceBaseCodec } from '../../codecs/link.js';
import { decodeResponse, requestResource, type Located } from '../../http/read-resource.js';
import { routingKey } from '../../http/href.js';
import type { Requester } from '../../http/transport.js';
import type { ResourceFetcher } from '../../events/resource-fetcher.js';
import type { ApplicationSession } from '../application-session.js';
import { peopleLink } from '../people.js';
import type { HrefRef } from '../people.js';
import { contactRefOf, type ContactRef } from './contact-ref.js';
import { applicationKey } from '../resource-link.js';
import { sipKey } from '../sip-uri.js';
import { isRight } from '../../util/either.js';

/**
 * myContacts as the directory reads it: the collection checked, its contacts left undecoded.
 * Each is decoded only when kept: a user's list may hold 100,000 contacts, an overflow
 * application's directory keeps a few, and one malformed contact costs only itself.
 */
const MyContactsCodec = t.intersection([ResourceBaseCodec, t.partial({ _embedded: t.partial({ contact: t.array(t.unknown) }) })], 'ContactCollection');

/** The lower-case URI of an undecoded contact, if it has a readable one. */
function uriKeyOf(contact: unknown): string | undefined {
  const uri = typeof contact === 'object' && contact !== null ? (contact as { readonly uri?: unknown }).uri : undefined;
  if (typeof uri !== 'string') return undefined;
  try {
    return sipKey(uri);
  } catch {
    return undefined;
  }
}

/**
 * Where contacts live in the current application, learnt without building URLs: from myContacts
 * (one GET gives every contact of the user's list), from contacts read elsewhere (groups,
 * events, search), and from the contact links of presence memberships (fetched in a batch).
 * Hrefs belong to one application: everything learnt is forgotten when the application changes
 * (an idle application deleted and a new one created, a recreation after 404), and answers to
 * requests sent for an earlier application are ignored. A directory may keep only some of
 * myContacts (see the constructor's `keep`); the others are found from their memberships.
 */
export class ContactDirectory {
  private readonly byUri = new Map<string, ContactRef>();
  private readonly byHref = new Map<string, ContactRef>();
  private application: string | undefined;
  private myContactsLoaded = false;

  constructor(
    private readonly send: Requester,
    private readonly fetcher: ResourceFetcher,
    private readonly session: ApplicationSession,
    /**
     * Which contacts of myContacts to remember (default: all). An overflow application's directory
     * keeps only the contacts watched on it: each would otherwise hold the user's whole list.
     */
    private readonly keep: (uriKey: string) => boolean = () => true,
  ) {}

  /** Forgets everything (transient data after a reset). */
  clear(): void {
    this.byUri.clear();
    this.byHref.clear();
    this.myContactsLoaded = false;
  }

  /** The ref of a lower-case SIP URI, if known in the current application. */
  lookup(uriKey: string): ContactRef | undefined {
    this.checkApplication();
    return this.byUri.get(uriKey);
  }

  /** The ref of a contact href (by routing key), if known in the current application. */
  lookupHref(key: string): ContactRef | undefined {
    this.checkApplication();
    return this.byHref.get(key);
  }

  /** Forgets one contact (its presence href answered 404: it is looked up afresh). */
  forget(uriKey: string): void {
    const ref = this.byUri.get(uriKey);
    this.byUri.delete(uriKey);
    if (ref) this.byHref.delete(ref.key);
  }

  /** Remembers a contact resource read elsewhere (groups, events, search). */
  learn(contact: Located<ContactResource>): ContactRef | undefined {
    this.checkApplication();
    const ref = contactRefOf(contact);
    if (ref) {
      this.byUri.set(ref.uriKey, ref);
      this.byHref.set(ref.key, ref);
    }
    return ref;
  }

  /**
   * Resolves lower-case URIs: from what is known, else from myContacts (read once per
   * application). Emits the refs found; unknown keys are absent. Failures are not errors: the
   * keys stay unresolved and the caller tries again later.
   */
  resolve(uriKeys: readonly string[]): Observable<ReadonlyMap<string, ContactRef>> {
    return defer(() => {
      const found = (): Map<string, ContactRef> =>
        new Map(uriKeys.flatMap((key) => { const ref = this.lookup(key); return ref ? [[key, ref] as const] : []; }));
      if (uriKeys.every((key) => this.lookup(key)) || this.myContactsLoaded) return of(found());
      return this.loadMyContacts().pipe(map(found));
    });
  }

  /**
   * Reads the contact resources at `hrefs` that are not known yet (in one batch) and learns them;
   * emits the refs of all of them by routing key. A contact that could not be read is absent.
   */
  resolveHrefs(hrefs: readonly HrefRef[]): Observable<ReadonlyMap<string, ContactRef>> {
    return defer(() => {
      const application = this.checkApplication();
      const keyed = hrefs.map((at) => ({ at, key: routingKey(at.href, at.base) }));
      const unknown = keyed.filter(({ key }) => !this.byHref.has(key));
      const reads = unknown.map(({ at }) =>
        this.fetcher.get(at.href, at.base).pipe(
          map((response) => (this.application === application ? this.learn(decodeResponse(response, ContactCodec, 'contact')) : undefined)),
          catchError(() => of(undefined)),
        ),
      );
      return (reads.length === 0 ? of([]) : forkJoin(reads)).pipe(
        map(() => new Map(keyed.flatMap(({ key }) => { const ref = this.byHref.get(key); return ref ? [[key, ref] as const] : []; }))),
      );
    });
  }

  private loadMyContacts(): Observable<unknown> {
    const current = this.session.application;
    if (!current) return of(undefined);
    const application = this.checkApplication();
    return defer(() => requestResource(this.send, { method: 'GET', ...peopleLink(current, 'myContacts') }, MyContactsCodec, 'myContacts')).pipe(
      switchMap((collection) => {
        if (this.application !== application) return of(undefined);
        this.myContactsLoaded = true;
        for (const raw of collection.value._embedded?.contact ?? []) {
          const uriKey = uriKeyOf(raw);
          if (uriKey === undefined || !this.keep(uriKey)) continue;
          const decoded = ContactCodec.decode(raw);
          const ref = isRight(decoded) ? contactRefOf({ value: decoded.right, url: collection.url }) : undefined;
          if (ref) {
            this.byUri.set(ref.uriKey, ref);
            this.byHref.set(ref.key, ref);
          }
        }
        return of(undefined);
      }),
      catchError(() => of(undefined)),
    );
  }

  /** Empties the directory when the application changed; returns the current application's URL. */
  private checkApplication(): string | undefined {
    const current = applicationKey(this.session.application);
    if (current !== this.application) {
      this.application = current;
      this.clear();
    }
    return current;
  }
}
