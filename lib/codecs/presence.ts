import * as t from 'io-ts';
import { ResourceBaseCodec } from './link.js';
import { openEnum } from './open-enum.js';
import { UcwaDateCodec } from './ucwa-date.js';

/** Availability values (Availability_ref); unknown values are kept. */
export const AvailabilityCodec = openEnum('Availability', [
  'Away', 'BeRightBack', 'Busy', 'DoNotDisturb', 'IdleBusy', 'IdleOnline', 'Offline', 'Online',
] as const);
/** A contact's availability, e.g. `Online` or `Busy`. */
export type Availability = t.TypeOf<typeof AvailabilityCodec>;

/** Device types (ContactDeviceType_ref); unknown values are kept. */
export const DeviceTypeCodec = openEnum('ContactDeviceType', ['DeskPhone', 'Mobile', 'PC', 'Unknown', 'Web'] as const);
/** The device a contact is using. */
export type DeviceType = t.TypeOf<typeof DeviceTypeCodec>;

/** The contactPresence resource (contactPresence_ref). */
export const ContactPresenceResourceCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** Online, Busy, Away, ... (unknown values kept). */
      availability: AvailabilityCodec,
      /** Well-known (`on-the-phone`) or localised activity. */
      activity: t.string,
      /** The device in use (unknown values kept). */
      deviceType: DeviceTypeCodec,
      /** When the contact last used the device. */
      lastActive: UcwaDateCodec,
    }),
  ],
  'ContactPresence',
);
/** The contactPresence resource as decoded. */
export type ContactPresenceResource = t.TypeOf<typeof ContactPresenceResourceCodec>;

/** A contact's presence as `client.presence$(uri)` emits it. */
export interface ContactPresence {
  /** The contact's SIP URI, as asked for (e.g. `sip:bob@contoso.com`). */
  readonly uri: string;
  /** Online, Busy, Away, ... (`Offline` when the server does not say). Unknown values are kept. */
  readonly availability: Availability;
  /** Well-known (`on-the-phone`, `in-a-meeting`, ...) or localised activity text. */
  readonly activity?: string | undefined;
  /** The device in use. */
  readonly deviceType?: DeviceType | undefined;
  /** When the contact last used the device. */
  readonly lastActive?: Date | undefined;
}
