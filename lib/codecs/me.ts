import * as t from 'io-ts';
import { ContactCodec } from './contact.js';
import { ResourceBaseCodec } from './link.js';
import { openEnum } from './open-enum.js';
import { AvailabilityCodec } from './presence.js';

/** The signed-in user as `GET me` answers it (me_ref.md): who she is, and links to her own resources. */
export const MeResourceCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** Display name. */
      name: t.string,
      /** SIP URI, e.g. `sip:alice@contoso.com`. */
      uri: t.string,
      /** E-mail addresses. */
      emailAddresses: t.array(t.string),
      /** Job title. */
      title: t.string,
      /** Department. */
      department: t.string,
      /** Company. */
      company: t.string,
      /** Office location. */
      officeLocation: t.string,
      /** Work phone (`tel:` URI). */
      workPhoneNumber: t.string,
      /** Mobile phone (`tel:` URI). */
      mobilePhoneNumber: t.string,
      /** Home phone (`tel:` URI). */
      homePhoneNumber: t.string,
      /** Other phone (`tel:` URI). */
      otherPhoneNumber: t.string,
      /** The URI of this application's endpoint, once it is available (makeMeAvailable). */
      endpointUri: t.string,
    }),
  ],
  'Me',
);
/** The me resource as decoded. */
export type MeResource = t.TypeOf<typeof MeResourceCodec>;

/** The user's own presence resource (presence_ref.md). */
export const MyPresenceResourceCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** Online, Busy, Away, ... (unknown values kept). */
      availability: AvailabilityCodec,
      /** The activity, e.g. `off-work`, in the application's culture. */
      activity: t.string,
    }),
  ],
  'Presence',
);

/** ModalityType_ref.md: what a contact (or this application) can communicate with; unknown values are kept. */
export const ModalityTypeCodec = openEnum('ModalityType', [
  'Audio', 'Video', 'PhoneAudio', 'ApplicationSharing', 'Messaging', 'DataCollaboration', 'PanoramicVideo',
] as const);
/** A communication modality, e.g. `Messaging` or `Audio`. */
export type ModalityType = t.TypeOf<typeof ModalityTypeCodec>;

/** contactSupportedModalities (contactSupportedModalities_ref.md): what a contact can do now. */
export const ContactSupportedModalitiesCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The modalities the contact supports now. */
      modalities: t.array(ModalityTypeCodec),
    }),
  ],
  'ContactSupportedModalities',
);

/** The search resource (search_ref.md, search2_ref.md): the contacts found. */
export const SearchResultCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** More people matched than `limit` allowed. */
      moreResultsAvailable: t.boolean,
      /** The results. */
      _embedded: t.partial({
        /** The people found. */
        contact: t.array(ContactCodec),
      }),
    }),
  ],
  'Search',
);
/** The search resource as decoded. */
export type SearchResultResource = t.TypeOf<typeof SearchResultCodec>;
