import { defer, map, of, share, switchMap, type Observable } from 'rxjs';
import { ContactCodec, ContactLocationCodec, ContactNoteCodec, type ContactResource } from '../../codecs/contact.js';
import { DecodeError } from '../../errors/decode-error.js';
import { InvalidArgumentError } from '../../errors/argument-errors.js';
import type { ResourceFetcher } from '../../events/resource-fetcher.js';
import { decodeResponse, type Located } from '../../http/read-resource.js';
import type { HttpResponse, Requester } from '../../http/transport.js';
import { hrefOf } from '../../codecs/link.js';
import type { ApplicationSession } from '../application-session.js';
import { peopleLink$ } from '../people.js';
import type { ContactDirectory } from '../presence/contact-directory.js';
import { linkTarget, selfTarget } from '../resource-link.js';
import { normaliseSipUri, sipKey } from '../sip-uri.js';
import { toContact, type Contact, type ContactLocation, type ContactNote } from './contact.js';
import { readContactCollection } from './contact-collection.js';
import type { ContactIndex } from './contact-index.js';

/** Public contacts of located resources, skipping any without a URI. */
export function toContacts(resources: readonly Located<ContactResource>[]): Contact[] {
  return resources.flatMap((resource) => {
    const contact = toContact(resource.value);
    return contact ? [contact] : [];
  });
}

/**
 * The contacts family as plain readers (myContacts_ref, contact_ref, contactNote_ref,
 * contactLocation_ref). Each returns a cold Observable that GETs once and completes. A
 * contact is named by its SIP URI: it is found in myContacts (read once per application) or
 * among the contacts read before from groups; reads of the same tick go out as one batch.
 */
export class Contacts {
  constructor(
    private readonly send: Requester,
    private readonly fetcher: ResourceFetcher,
    private readonly session: ApplicationSession,
    private readonly index: ContactIndex,
    private readonly directory?: ContactDirectory | undefined,
  ) {}

  /** GET myContacts: every contact of the user's list. */
  myContacts(): Observable<readonly Contact[]> {
    return this.readMyContacts().pipe(map(toContacts));
  }

  /** GET one contact, e.g. `contact('sip:bob@contoso.com')`. */
  contact(uri: string): Observable<Contact> {
    return this.located(uri).pipe(
      map((resource) => {
        const contact = toContact(resource.value);
        if (!contact) throw new DecodeError('contact', [{ path: 'uri', expected: 'string', actual: 'undefined' }]);
        return contact;
      }),
    );
  }

  /** GET a contact's note (its contactNote link). */
  note(uri: string): Observable<ContactNote> {
    return this.part(uri, 'contactNote').pipe(
      map(({ contact, response }) => {
        const note = decodeResponse(response, ContactNoteCodec, 'contactNote').value;
        return { uri: contact, message: note.message, type: note.type };
      }),
    );
  }

  /** GET a contact's location (its contactLocation link). */
  location(uri: string): Observable<ContactLocation> {
    return this.part(uri, 'contactLocation').pipe(
      map(({ contact, response }) => ({ uri: contact, location: decodeResponse(response, ContactLocationCodec, 'contactLocation').value.location })),
    );
  }

  /** GET the contact resource of `uri` (the located resource, for following its links). */
  located(uri: string): Observable<Located<ContactResource>> {
    return this.resolve(uri).pipe(switchMap((known) => this.reread(known)));
  }

  private reread(known: Located<ContactResource>): Observable<Located<ContactResource>> {
    const at = selfTarget(known);
    return this.fetcher.get(at.href, at.base).pipe(
      map((response) => {
        const contact = decodeResponse(response, ContactCodec, 'contact');
        this.index.remember([contact]);
        return contact;
      }),
    );
  }

  /** myContacts read once for every resolve waiting on it (concurrent readers share the GET). */
  private readonly myContactsForLookup$: Observable<unknown> = defer(() => this.readMyContacts()).pipe(share());

  private readMyContacts(): Observable<readonly Located<ContactResource>[]> {
    return peopleLink$(this.session, 'myContacts').pipe(
      switchMap((at) => readContactCollection(this.send, this.fetcher, at, 'myContacts')),
      map((contacts) => {
        this.index.remember(contacts);
        this.index.markMyContactsRead();
        return contacts;
      }),
    );
  }

  private part(uri: string, rel: 'contactNote' | 'contactLocation'): Observable<{ contact: string; response: HttpResponse }> {
    return this.resolve(uri).pipe(
      switchMap((found) => (hrefOf(found.value, rel) ? of(found) : this.reread(found))),
      switchMap((known) => {
        const at = linkTarget(known, rel, 'contact');
        return this.fetcher.get(at.href, at.base).pipe(map((response) => ({ contact: known.value.uri ?? uri, response })));
      }),
    );
  }

  /** The contact resource of a URI read before; reads myContacts once if needed; a typed error when unknown. */
  private resolve(uri: string): Observable<Located<ContactResource>> {
    return defer(() => {
      const key = sipKey(normaliseSipUri(uri));
      const known = this.index.find(key);
      if (known) return of(known);
      const viaDirectory = this.directory?.lookup(key);
      if (viaDirectory) return of<Located<ContactResource>>({ value: { uri: viaDirectory.uri, _links: { self: { href: viaDirectory.href } } }, url: viaDirectory.base });
      const loaded$: Observable<unknown> = this.index.hasMyContacts ? of(undefined) : this.myContactsForLookup$;
      return loaded$.pipe(
        map((): Located<ContactResource> => {
          const found = this.index.find(key);
          if (!found) throw new InvalidArgumentError('uri', 'a contact in myContacts or in a group read before', JSON.stringify(uri));
          return found;
        }),
      );
    });
  }
}
