import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { DirectorySearchResult } from '../directory/search.js';
import { resource, type Resource } from '../format/resource.js';
import { contactResource } from './contacts.js';

/**
 * The search resource (search_ref, SearchForUsersContact): `moreResultsAvailable` and the
 * contacts found, embedded with their links; `self` carries the query as the walkthrough shows.
 */
export function searchResource(urls: AppUrls, directory: DirectoryStore, result: DirectorySearchResult, query: string): Resource {
  return resource('search', `${urls.search}${query}`)
    .prop('moreResultsAvailable', result.moreResultsAvailable)
    .embed('contact', result.keys.map((key) => contactResource(urls, directory, key)))
    .build();
}

/** contactSupportedModalities: what the contact can do now (contactSupportedModalities_ref). */
export function contactSupportedModalitiesResource(urls: AppUrls, uri: string, modalities: readonly string[]): Resource {
  return resource('contactSupportedModalities', urls.contactSupportedModalities(uri)).prop('modalities', modalities).build();
}
