import type { ContactResource } from '../../codecs/contact.js';
import { hrefOf } from '../../codecs/link.js';
import { routingKey } from '../../http/href.js';
import type { Located } from '../../http/read-resource.js';
import { sipKey } from '../sip-uri.js';
import type { FacetKind } from './facet-kind.js';

/** Where a contact and the resources it links (presence, note, ...) live in the current application. */
export interface ContactRef {
  /** The contact's SIP URI as the server has it. */
  readonly uri: string;
  /** Pool key: the URI in lower case. */
  readonly uriKey: string;
  readonly href: string;
  readonly base: string;
  /** Routing key of the contact resource. */
  readonly key: string;
  /** The contact resource (its links lead to presence, note, location, photo, ...). */
  readonly value: ContactResource;
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
  return { uri, uriKey, href: self, base: contact.url, key: routingKey(self, contact.url), value: contact.value };
}

/** The href of the resource of `kind` the contact links to (its first rel that is present). */
export function facetHref(ref: ContactRef, kind: FacetKind<unknown>): string | undefined {
  for (const rel of kind.rels) {
    const href = hrefOf(ref.value, rel);
    if (href !== undefined) return href;
  }
  return undefined;
}
