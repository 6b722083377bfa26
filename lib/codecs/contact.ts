import * as t from 'io-ts';
import { ResourceBaseCodec } from './link.js';
import { openEnum } from './open-enum.js';

/** Contact types (ContactType_ref.md); unknown values are kept. */
export const ContactTypeCodec = openEnum('ContactType', ['Bot', 'Phone', 'ReplayBot', 'User'] as const);

/** The contact resource (contact_ref.md): a person or service the user can reach. */
export const ContactCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      uri: t.string,
      name: t.string,
      company: t.string,
      department: t.string,
      title: t.string,
      office: t.string,
      emailAddresses: t.array(t.string),
      workPhoneNumber: t.string,
      mobilePhoneNumber: t.string,
      homePhoneNumber: t.string,
      otherPhoneNumber: t.string,
      sourceNetwork: t.string,
      sourceNetworkIconUrl: t.string,
      type: ContactTypeCodec,
    }),
  ],
  'Contact',
);
/** A contact as decoded. */
export type ContactResource = t.TypeOf<typeof ContactCodec>;

/** A collection of contacts (myContacts, groupContacts, subscribedContacts): links and/or embedded contacts. */
export const ContactCollectionCodec = t.intersection(
  [ResourceBaseCodec, t.partial({ _embedded: t.partial({ contact: t.array(ContactCodec) }) })],
  'ContactCollection',
);
/** A collection of contacts as decoded. */
export type ContactCollection = t.TypeOf<typeof ContactCollectionCodec>;

/** The contactNote resource (contactNote_ref.md). */
export const ContactNoteCodec = t.intersection([ResourceBaseCodec, t.partial({ message: t.string, type: t.string })], 'ContactNote');
/** The contactLocation resource (contactLocation_ref.md). */
export const ContactLocationCodec = t.intersection([ResourceBaseCodec, t.partial({ location: t.string })], 'ContactLocation');
