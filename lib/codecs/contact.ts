import * as t from 'io-ts';
import { ResourceBaseCodec } from './link.js';
import { openEnum } from './open-enum.js';

/** Contact types (ContactType_ref); unknown values are kept. */
export const ContactTypeCodec = openEnum('ContactType', ['Bot', 'Phone', 'ReplayBot', 'User'] as const);

/** The contact resource (contact_ref): a person or service the user can reach. */
export const ContactCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The contact's SIP URI, e.g. `sip:bob@contoso.com`. */
      uri: t.string,
      /** Display name. */
      name: t.string,
      /** Company name. */
      company: t.string,
      /** Department. */
      department: t.string,
      /** Job title. */
      title: t.string,
      /** Office (location or number). */
      office: t.string,
      /** E-mail addresses. */
      emailAddresses: t.array(t.string),
      /** Work phone (`tel:` URI). */
      workPhoneNumber: t.string,
      /** Mobile phone (`tel:` URI). */
      mobilePhoneNumber: t.string,
      /** Home phone (`tel:` URI). */
      homePhoneNumber: t.string,
      /** Other phone (`tel:` URI). */
      otherPhoneNumber: t.string,
      /** Where the contact comes from, e.g. `SameEnterprise` or `Federated`. */
      sourceNetwork: t.string,
      /** Icon of the source network. */
      sourceNetworkIconUrl: t.string,
      /** User, Phone, Bot, ... (unknown values kept). */
      type: ContactTypeCodec,
    }),
  ],
  'Contact',
);
/** A contact as decoded. */
export type ContactResource = t.TypeOf<typeof ContactCodec>;

/** A collection of contacts (myContacts, groupContacts, subscribedContacts): links and/or embedded contacts. */
export const ContactCollectionCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The contacts included in the collection. */
      _embedded: t.partial({
        /** The embedded contact resources. */
        contact: t.array(ContactCodec),
      }),
    }),
  ],
  'ContactCollection',
);
/** A collection of contacts as decoded. */
export type ContactCollection = t.TypeOf<typeof ContactCollectionCodec>;

/** The contactNote resource (contactNote_ref). */
export const ContactNoteCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The note's text. */
      message: t.string,
      /** `Personal` or `OutOfOffice`. */
      type: t.string,
    }),
  ],
  'ContactNote',
);
/** The contactLocation resource (contactLocation_ref). */
export const ContactLocationCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** Where the contact says they are. */
      location: t.string,
    }),
  ],
  'ContactLocation',
);
