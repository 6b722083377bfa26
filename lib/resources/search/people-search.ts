import { defer, map, switchMap, type Observable } from 'rxjs';
import { SearchResultCodec } from '../../codecs/me.js';
import type { ContactResource } from '../../codecs/contact.js';
import { InvalidArgumentError } from '../../errors/argument-errors.js';
import { requestResource, type Located } from '../../http/read-resource.js';
import type { Requester } from '../../http/transport.js';
import type { ApplicationSession } from '../application-session.js';
import type { Contact } from '../contacts-and-groups/contact.js';
import { toContacts } from '../contacts-and-groups/contacts.js';
import { peopleLink$ } from '../people.js';
import type { ContactDirectory } from '../presence/contact-directory.js';
import { sipKey } from '../sip-uri.js';

/** Options of {@link People.search}. */
export interface SearchOptions {
  /** At most this many results, 1-100 (the server's default is 100). */
  readonly limit?: number | undefined;
}

/** What a search finds (search_ref.md). */
export interface SearchResult {
  /** The people found, by name; pass their `uri` to `presence$`, `note$`, `photos.photo`... */
  readonly contacts: readonly Contact[];
  /** More people matched than `limit` allowed. */
  readonly moreResultsAvailable: boolean;
}

/** The longest query or mail address (search_ref.md, search2_ref.md). */
const MAX_QUERY = 256;

function checkText(value: unknown, argument: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_QUERY) {
    throw new InvalidArgumentError(argument, `a non-empty string of at most ${MAX_QUERY} characters`, typeof value === 'string' ? `${value.length} characters` : typeof value);
  }
  return value;
}

function checkLimit(limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new InvalidArgumentError('limit', 'an integer from 1 to 100', String(limit));
  }
  return limit;
}

/**
 * The people hub's search (search_ref.md, search2_ref.md, SearchForUsersContact.md): the
 * organisation's address book by name, e-mail, URI or phone number, not only the contact list.
 * Each call is a cold Observable that GETs once and completes. The people found are remembered
 * (for the current application), so that `presence$`, `note$` or a photo of one of them needs no
 * lookup of its own; `presence$` works for anyone the server knows in any case.
 */
export interface People {
  /** Searches the address book, e.g. `search('Sara')` or `search('sip:bob@', { limit: 5 })`. */
  search(query: string, options?: SearchOptions): Observable<SearchResult>;
  /** Finds the person with this e-mail address exactly (search2_ref.md `mail`). */
  searchByMail(mail: string): Observable<SearchResult>;
}

/** {@link People}, and the lookup of anyone's contact resource that photos use. */
export class PeopleSearch implements People {
  constructor(
    private readonly send: Requester,
    private readonly session: ApplicationSession,
    private readonly directory: ContactDirectory,
  ) {}

  search(query: string, options: SearchOptions = {}): Observable<SearchResult> {
    return defer(() => this.request({ query: checkText(query, 'query'), limit: checkLimit(options.limit) }));
  }

  searchByMail(mail: string): Observable<SearchResult> {
    return defer(() => this.request({ mail: checkText(mail, 'mail') }));
  }

  /**
   * The contact resource of anyone the server knows, by SIP URI: found by searching for the
   * address and keeping the exact match (undefined when there is none).
   */
  lookup(uri: string): Observable<Located<ContactResource> | undefined> {
    return defer(() => {
      const key = sipKey(uri);
      return this.read({ query: key.slice('sip:'.length), limit: 100 }).pipe(
        map(({ found }) => found.find((contact) => contact.value.uri !== undefined && contact.value.uri.toLowerCase() === key)),
      );
    });
  }

  private request(query: Readonly<Record<string, string | number | undefined>>): Observable<SearchResult> {
    return this.read(query).pipe(map(({ found, more }) => ({ contacts: toContacts(found), moreResultsAvailable: more })));
  }

  private read(query: Readonly<Record<string, string | number | undefined>>): Observable<{ found: Located<ContactResource>[]; more: boolean }> {
    return peopleLink$(this.session, 'search').pipe(
      switchMap((at) => requestResource(this.send, { method: 'GET', ...at, query }, SearchResultCodec, 'search')),
      map((result) => {
        const found = (result.value._embedded?.contact ?? []).map((value) => ({ value, url: result.url }));
        for (const contact of found) this.directory.learn(contact);
        return { found, more: result.value.moreResultsAvailable ?? false };
      }),
    );
  }
}
