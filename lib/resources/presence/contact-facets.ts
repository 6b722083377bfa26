import type { ModalityType } from '../../codecs/me.js';
import type { ContactLocation, ContactNote } from '../contacts-and-groups/contact.js';
import { fieldsOf, sameFields } from '../me/me-values.js';
import type { FacetKind } from './facet-kind.js';

/** What a contact can do now (contactSupportedModalities_ref.md), as `client.capabilities$(uri)` emits it. */
export interface ContactCapabilities {
  /** The contact, as asked for. */
  readonly uri: string;
  /** The modalities the contact supports now, e.g. `Messaging`, `Audio`, `Video`; empty when none (offline). */
  readonly modalities: readonly ModalityType[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A contact's note (contactNote_ref.md); updated by `contactNote updated` events. */
export const NOTE: FacetKind<ContactNote> = {
  rels: ['contactNote'],
  read: (uri, body, url) => {
    const fields = fieldsOf(body, 'contactNote', url);
    return { uri, message: text(fields['message']), type: text(fields['type']) };
  },
  same: sameFields,
};

/** A contact's location (contactLocation_ref.md); updated by `contactLocation updated` events. */
export const LOCATION: FacetKind<ContactLocation> = {
  rels: ['contactLocation'],
  read: (uri, body, url) => ({ uri, location: text(fieldsOf(body, 'contactLocation', url)['location']) }),
  same: sameFields,
};

/** What a contact can do now (contactSupportedModalities_ref.md); updated by its `updated` events. */
export const CAPABILITIES: FacetKind<ContactCapabilities> = {
  rels: ['contactSupportedModalities'],
  read: (uri, body, url) => {
    const modalities = fieldsOf(body, 'contactSupportedModalities', url)['modalities'];
    return { uri, modalities: Array.isArray(modalities) ? modalities.filter((m): m is string => typeof m === 'string') : [] };
  },
  same: (a, b) => a.modalities.join(',') === b.modalities.join(','),
};
