import { forkJoin, map, of, switchMap, type Observable } from 'rxjs';
import { ContactCodec, ContactCollectionCodec, type ContactResource } from '../../codecs/contact.js';
import { linksOf, type ResourceBase } from '../../codecs/link.js';
import type { ResourceFetcher } from '../../events/resource-fetcher.js';
import { routingKey } from '../../http/href.js';
import { decodeResponse, requestResource, type Located } from '../../http/read-resource.js';
import type { Requester } from '../../http/transport.js';
import type { HrefRef } from '../people.js';
import { selfKey } from '../resource-link.js';

/**
 * The contacts of a collection (myContacts_ref, groupContacts_ref) as located contact
 * resources, in the server's order: the embedded ones as they are, then those the collection
 * only links to, fetched together (one batch).
 */
export function contactsOfCollection(
  collection: Located<ResourceBase & { readonly _embedded?: { readonly contact?: readonly ContactResource[] | undefined } | undefined }>,
  fetcher: ResourceFetcher,
): Observable<readonly Located<ContactResource>[]> {
  const embedded = (collection.value._embedded?.contact ?? []).map((value) => ({ value, url: collection.url }));
  const known = new Set(embedded.map(selfKey));
  const linked = linksOf(collection.value, 'contact')
    .map((link) => link.href)
    .filter((href) => !known.has(routingKey(href, collection.url)));
  if (linked.length === 0) return of(embedded);
  return forkJoin(linked.map((href) => fetcher.get(href, collection.url).pipe(map((response) => decodeResponse(response, ContactCodec, 'contact'))))).pipe(
    map((fetched) => [...embedded, ...fetched]),
  );
}

/** GETs a contact collection at `at` and reads its contacts; see {@link contactsOfCollection}. */
export function readContactCollection(
  send: Requester,
  fetcher: ResourceFetcher,
  at: HrefRef,
  target: string,
): Observable<readonly Located<ContactResource>[]> {
  return requestResource(send, { method: 'GET', ...at }, ContactCollectionCodec, target).pipe(switchMap((collection) => contactsOfCollection(collection, fetcher)));
}
