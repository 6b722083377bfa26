import { Observable, catchError, defer, finalize, map, of, share, switchMap, take } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { ContactCodec } from '../../codecs/contact.js';
import { hrefOf, type ResourceBase } from '../../codecs/link.js';
import { decodeResponse } from '../../http/read-resource.js';
import { InvalidArgumentError } from '../../errors/argument-errors.js';
import { isHttpError } from '../../errors/guards.js';
import type { HrefRef } from '../people.js';
import type { ContactDirectory } from '../presence/contact-directory.js';
import { refHref } from '../presence/contact-ref.js';
import type { PeopleSearch } from '../search/people-search.js';
import { normaliseSipUri, sipKey } from '../sip-uri.js';
import { PhotoCache } from './photo-cache.js';

/** A person's photo (photo_ref.md, contactPhoto_ref.md): the image as the server sent it. */
export interface Photo {
  /** Whose photo it is (as asked for; the user's own URI for `myPhoto`). */
  readonly uri: string;
  /** The image type, e.g. `image/jpeg`. */
  readonly contentType: string;
  /** The image. */
  readonly bytes: Uint8Array;
}

/** Options of {@link Photos.photo} and {@link Photos.myPhoto}. */
export interface PhotoOptions {
  /** Exchange's size, `HR{n}X{n}`, e.g. `HR96X96` (the server's default is HR48X48). */
  readonly size?: string | undefined;
}

/** How photos are cached ({@link UcwaClientOptions.photos}). */
export interface PhotosOptions {
  /** Photos (per person and size) kept at most, the least recently used going first (default 200). */
  readonly cacheSize?: number | undefined;
  /** How long a photo (or the knowledge that someone has none) is kept, ms (default one hour; UCWA sends no event when a photo changes). */
  readonly maxAgeMs?: number | undefined;
}

const SIZE = /^HR(\d{1,4})X(\d{1,4})$/i;
const DEFAULT_CACHE_SIZE = 200;
const DEFAULT_MAX_AGE_MS = 60 * 60_000;

function checkSize(size: unknown): string | undefined {
  if (size === undefined) return undefined;
  if (typeof size !== 'string' || !SIZE.test(size)) throw new InvalidArgumentError('size', 'HR{length}X{width}, e.g. HR96X96', JSON.stringify(String(size).slice(0, 40)));
  return size.toUpperCase();
}

/**
 * Photos of the user and of anyone the server knows, as bytes, fetched on demand (one GET per
 * person and size, shared by concurrent callers) and cached per person and size, bounded (see
 * {@link PhotosOptions}). A person without a photo gives `undefined`, not an error. In a browser,
 * turn a photo into an `<img src>` with the {@link toObjectUrl} operator.
 */
export class Photos {
  private readonly cache: PhotoCache<Photo>;
  private readonly inflight = new Map<string, Observable<Photo | undefined>>();

  constructor(
    private readonly context: ClientContext,
    private readonly directory: ContactDirectory,
    private readonly people: PeopleSearch,
    options: PhotosOptions = {},
  ) {
    this.cache = new PhotoCache(context.clock, options.cacheSize ?? DEFAULT_CACHE_SIZE, options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
  }

  /** A person's photo by SIP URI, e.g. `photo('sip:bob@contoso.com', { size: 'HR96X96' })`; undefined when she has none. */
  photo(uri: string, options: PhotoOptions = {}): Observable<Photo | undefined> {
    return defer(() => {
      const normalised = normaliseSipUri(uri);
      const key = sipKey(normalised);
      const size = checkSize(options.size);
      return this.cached(`${key}|${size ?? ''}`, () => this.contactPhotoAt(key).pipe(switchMap((at) => this.read(at, normalised, size))));
    });
  }

  /** The signed-in user's own photo (her `me` resource's photo link); undefined when she has none. */
  myPhoto(options: PhotoOptions = {}): Observable<Photo | undefined> {
    return defer(() => {
      const size = checkSize(options.size);
      return this.context.session.observe().pipe(
        take(1),
        switchMap((application) => {
          const me = (application.value._embedded as { readonly me?: ResourceBase & { readonly uri?: unknown } } | undefined)?.me;
          const uri = typeof me?.uri === 'string' ? me.uri : 'me';
          const href = me ? hrefOf(me, 'photo') : undefined;
          const at = href === undefined ? undefined : { href, base: application.url };
          return this.cached(`${uri.toLowerCase()}|${size ?? ''}`, () => this.read(at, uri, size));
        }),
      );
    });
  }

  private cached(key: string, load: () => Observable<Photo | undefined>): Observable<Photo | undefined> {
    const hit = this.cache.get(key);
    if (hit) return of(hit.value);
    let shared = this.inflight.get(key);
    if (!shared) {
      shared = load().pipe(
        map((photo) => {
          this.cache.set(key, photo);
          return photo;
        }),
        finalize(() => this.inflight.delete(key)),
        share(),
      );
      this.inflight.set(key, shared);
    }
    return shared;
  }

  /**
   * Where the photo of a contact is: its contactPhoto link (none: no photo), from the contact
   * resource; the person is found in the directory, myContacts or by search.
   */
  private contactPhotoAt(key: string): Observable<HrefRef | undefined> {
    return this.context.session.observe().pipe(
      take(1),
      switchMap(() => {
        const known = this.directory.lookup(key);
        if (known) return of(known);
        return this.directory.resolve([key]).pipe(
          switchMap((found) => found.get(key) ? of(found.get(key)) : this.people.lookup(key).pipe(map(() => this.directory.lookup(key)))),
        );
      }),
      switchMap((ref) => {
        if (!ref) throw new InvalidArgumentError('uri', 'a person the server knows', JSON.stringify(key));
        const href = refHref(ref, 'contactPhoto') ?? refHref(ref, 'photo');
        if (href !== undefined) return of({ href, base: ref.base });
        // The directory keeps only the links watched with presence: the contact resource tells.
        return this.context.fetcher.get(ref.href, ref.base).pipe(
          map((response) => {
            const contact = decodeResponse(response, ContactCodec, 'contact');
            const photo = hrefOf(contact.value, 'contactPhoto') ?? hrefOf(contact.value, 'photo');
            return photo === undefined ? undefined : { href: photo, base: contact.url };
          }),
        );
      }),
    );
  }

  /** GETs the image at `at`; a 404 means no photo. */
  private read(at: HrefRef | undefined, uri: string, size: string | undefined): Observable<Photo | undefined> {
    if (!at) return of(undefined);
    return this.context.send({ method: 'GET', ...at, query: { size }, accept: 'image/*', binary: true }).pipe(
      map((response): Photo => ({ uri, contentType: response.contentType.split(';')[0]?.trim() || 'application/octet-stream', bytes: response.bytes ?? new Uint8Array() })),
      catchError((error: unknown) => {
        if (isHttpError(error, 404)) return of(undefined);
        throw error;
      }),
    );
  }
}
