/**
 * `ucwa-rx/codecs`: the io-ts codecs ucwa-rx decodes UCWA resources, events and error bodies
 * with, and the helpers around them (`decode`, `decodeOrThrow`, `openEnum`, link helpers).
 * For your own requests to UCWA resources the client does not cover; the client needs none
 * of this. Browser-safe, like `ucwa-rx`.
 *
 * @module ucwa-rx/codecs
 */

export { decode, decodeOrThrow } from './decode.js';
export { openEnum, isKnown, type OpenEnum } from './open-enum.js';
export { LinkCodec, LinksCodec, EmbeddedCodec, ResourceBaseCodec, linkOf, linksOf, hrefOf, type Link, type Links } from './link.js';
export { ErrorBodyCodec, ErrorCodeCodec, ErrorSubcodeCodec, type ErrorBody } from './error-body.js';
export { EventTypeCodec, RelLinkCodec, RawEventCodec, type EventType, type RelLink } from './events.js';
export { AvailabilityCodec, DeviceTypeCodec, ContactPresenceResourceCodec, type Availability, type DeviceType } from './presence.js';
export { ContactCodec, ContactCollectionCodec, ContactTypeCodec, ContactNoteCodec, ContactLocationCodec } from './contact.js';
export {
  MeResourceCodec,
  MyPresenceResourceCodec,
  ModalityTypeCodec,
  ContactSupportedModalitiesCodec,
  SearchResultCodec,
  type MeResource,
  type ModalityType,
  type SearchResultResource,
} from './me.js';
export { GroupCodec, MyGroupsCodec } from './group.js';
export {
  PresenceSubscriptionCodec,
  PresenceSubscriptionsCodec,
  MembershipCodec,
  MembershipsCodec,
  SubscriptionStateCodec,
  ContactsAndGroupsSubscriptionCodec,
  type SubscriptionState,
  type PresenceSubscriptionResource,
  type ContactsAndGroupsSubscriptionResource,
} from './subscriptions.js';
export { ApplicationCodec, type Application } from './application.js';
export { UcwaDateCodec } from './ucwa-date.js';
