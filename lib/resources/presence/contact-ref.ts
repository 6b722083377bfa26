import type { ContactResource } from '../../codecs/contact.js';
import { hrefOf, linkOf } from '../../codecs/link.js';
import { routingKey } from '../../http/href.js';
import type { Located } from '../../http/read-resource.js';
import { sipKey } from '../sip-uri.js';
import type { FacetKind } from './facet-kind.js';

/** Where a contact and the resources it links (presence, note, photo, ...) live in the current application. */
export interface ContactRef {
  /** The contact's SIP URI as the server has it. */
  readonly uri: string;
  /** Pool key: the URI in lower case. */
  readonly uriKey: string;
  readonly href: string;
  readonly base: string;
  /** Routing key of the contact resource. */
  readonly key: string;
  /**
   * The contact's links by rel, self aside: each as its tail after the contact's own href (`/note`,
   * marked with a control character) when it starts with it, as in the reference's layouts. Links
   * elsewhere are kept whole only for the values watched with presence (presence, note, location,
   * supported modalities); others (the photo) are read from the contact resource when needed. In the
   * usual layouts every contact has the same tails, and then one shared object: thousands of watched
   * contacts keep nothing of their links but that.
   */
  readonly links: Readonly<Record<string, string>>;
}

/** Marks a link kept as the tail after the contact's href (no href starts with a control character). */
const TAIL = '\u0001';

/** The rels kept whole when they are not under the contact's href. */
const WATCHED_RELS = new Set(['contactPresence', 'presence', 'contactNote', 'contactLocation', 'contactSupportedModalities']);

/** Shared link tables, by their content (a server has one layout or two: the cache stays tiny, and is bounded). */
const sharedTails = new Map<string, Readonly<Record<string, string>>>();
const MAX_SHARED_TAILS = 64;

function shared(tails: Record<string, string>): Readonly<Record<string, string>> {
  const signature = JSON.stringify(tails);
  const found = sharedTails.get(signature);
  if (found) return found;
  if (sharedTails.size >= MAX_SHARED_TAILS) return tails;
  sharedTails.set(signature, tails);
  return tails;
}

/** Builds the ref of a contact resource; undefined when it lacks a URI or a presence link. */
export function contactRefOf(contact: Located<ContactResource>): ContactRef | undefined {
  const uri = contact.value.uri;
  const self = hrefOf(contact.value, 'self');
  if (!uri || !self || !(hrefOf(contact.value, 'contactPresence') ?? hrefOf(contact.value, 'presence'))) return undefined;
  let uriKey: string;
  try {
    uriKey = sipKey(uri);
  } catch {
    return undefined;
  }
  const tails: Record<string, string> = {};
  const whole: Record<string, string> = {};
  let anyWhole = false;
  for (const rel of Object.keys(contact.value._links ?? {})) {
    const href = rel === 'self' ? undefined : linkOf(contact.value, rel)?.href;
    if (href === undefined) continue;
    if (href.startsWith(`${self}/`)) tails[rel] = `${TAIL}${href.slice(self.length)}`;
    else if (WATCHED_RELS.has(rel)) {
      whole[rel] = href;
      anyWhole = true;
    }
  }
  const links = anyWhole ? { ...tails, ...whole } : shared(tails);
  return { uri, uriKey, href: self, base: contact.url, key: routingKey(self, contact.url), links };
}

/** The href of the contact's link `rel`, if it has one. */
export function refHref(ref: ContactRef, rel: string): string | undefined {
  const link = Object.prototype.hasOwnProperty.call(ref.links, rel) ? ref.links[rel] : undefined;
  if (link === undefined) return undefined;
  return link.startsWith(TAIL) ? `${ref.href}${link.slice(TAIL.length)}` : link;
}

/** The href of the resource of `kind` the contact links to (its first rel that is present). */
export function facetHref(ref: ContactRef, kind: FacetKind<unknown>): string | undefined {
  for (const rel of kind.rels) {
    const href = refHref(ref, rel);
    if (href !== undefined) return href;
  }
  return undefined;
}
