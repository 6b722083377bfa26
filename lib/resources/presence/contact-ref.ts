import type { ContactResource } from '../../codecs/contact.js';
import { hrefOf } from '../../codecs/link.js';
import { routingKey } from '../../http/href.js';
import type { Located } from '../../http/read-resource.js';
import { sipKey } from '../sip-uri.js';

/** Where a contact and its presence live in the current application. */
export interface ContactRef {
  /** The contact's SIP URI as the server has it. */
  readonly uri: string;
  /** Pool key: the URI in lower case. */
  readonly uriKey: string;
  readonly href: string;
  readonly base: string;
  /** Routing key of the contact resource. */
  readonly key: string;
  /** The contactPresence href (relative to `base`). */
  readonly presenceHref: string;
  /** Routing key of the contactPresence resource. */
  readonly presenceKey: string;
}

/** Builds the ref of a contact resource; undefined when it lacks a URI or a presence link. */
export function contactRefOf(contact: Located<ContactResource>): ContactRef | undefined {
  const uri = contact.value.uri;
  const self = hrefOf(contact.value, 'self');
  const presence = hrefOf(contact.value, 'contactPresence') ?? hrefOf(contact.value, 'presence');
  if (!uri || !self || !presence) return undefined;
  let uriKey: string;
  try {
    uriKey = sipKey(uri);
  } catch {
    return undefined;
  }
  return {
    uri,
    uriKey,
    href: self,
    base: contact.url,
    key: routingKey(self, contact.url),
    presenceHref: presence,
    presenceKey: routingKey(presence, contact.url),
  };
}
