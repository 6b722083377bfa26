import type { PersonRecord } from './records.js';
import { uriAddress } from './uri.js';

/** A directory search (search_ref, search2_ref). */
export interface DirectorySearch {
  /** Free text: a prefix of the name (or of any word of it), of the URI or of an e-mail address, or digits of a phone number. */
  readonly query?: string;
  /** An exact e-mail address (search2's `mail`). */
  readonly mail?: string;
  /** At most this many results. */
  readonly limit: number;
}

/** What a search found. */
export interface DirectorySearchResult {
  /** Keys of the people found, in name order, at most `limit`. */
  readonly keys: readonly string[];
  /** More people matched than `limit`. */
  readonly moreResultsAvailable: boolean;
}

function emails(person: PersonRecord): string[] {
  return [...(person.spec.emailAddresses ?? [uriAddress(person.uri)])].map((e) => e.toLowerCase());
}

function digits(text: string): string {
  return text.replace(/\D/g, '');
}

/** True when `person` matches free text `text` (already trimmed and lower case). */
function matchesText(person: PersonRecord, text: string): boolean {
  const address = uriAddress(person.uri).toLowerCase();
  const bare = text.replace(/^sip:/, '');
  // Someone outside the organisation is not in its address book: only an exact address finds them.
  if ((person.spec.sourceNetwork ?? 'SameEnterprise') !== 'SameEnterprise') return address === bare || emails(person).includes(bare);
  const name = person.spec.name.toLowerCase();
  if (name.startsWith(text) || name.split(/\s+/).some((word) => word.startsWith(text))) return true;
  if (address.startsWith(bare) || emails(person).some((email) => email.startsWith(bare))) return true;
  const wanted = digits(text);
  if (wanted.length >= 4 && wanted.length === text.replace(/[\s+()\-.]/g, '').length) {
    return [person.spec.workPhoneNumber, person.spec.mobilePhoneNumber].some((phone) => phone !== undefined && digits(phone).includes(wanted));
  }
  return false;
}

/**
 * Searches the address book the way a pool's directory search plausibly does: by name, URI,
 * e-mail or phone number for free text, by exact address for `mail`; both given must both match.
 * Results are sorted by name.
 */
export function searchDirectory(people: readonly PersonRecord[], search: DirectorySearch): DirectorySearchResult {
  const text = search.query?.trim().toLowerCase();
  const mail = search.mail?.trim().toLowerCase();
  const found = people
    .filter((person) => (text === undefined || text === '' || matchesText(person, text)) && (mail === undefined || mail === '' || emails(person).includes(mail)))
    .sort((a, b) => a.spec.name.localeCompare(b.spec.name, 'en', { sensitivity: 'base' }) || a.key.localeCompare(b.key));
  return { keys: found.slice(0, search.limit).map((person) => person.key), moreResultsAvailable: found.length > search.limit };
}
