import type { ContactResource } from '../../codecs/contact.js';
import type { OpenEnum } from '../../codecs/open-enum.js';

/** ContactType_ref: User, Phone, Bot, ReplayBot; unknown values are kept as sent. */
export type ContactType = OpenEnum<'Bot' | 'Phone' | 'ReplayBot' | 'User'>;

/** A person or service the user can reach (contact_ref), as lists and groups show it. */
export interface Contact {
  /** The contact's SIP URI as the server gives it, e.g. `sip:bob@contoso.com`; pass it to `presence$`. */
  readonly uri: string;
  /** Display name. */
  readonly name?: string | undefined;
  /** Job title. */
  readonly title?: string | undefined;
  /** Department. */
  readonly department?: string | undefined;
  /** Company name. */
  readonly company?: string | undefined;
  /** Office location or number, as the server has it. */
  readonly office?: string | undefined;
  /** E-mail addresses; empty when none are given. */
  readonly emailAddresses: readonly string[];
  /** Work phone (`tel:` URI). */
  readonly workPhoneNumber?: string | undefined;
  /** Mobile phone (`tel:` URI). */
  readonly mobilePhoneNumber?: string | undefined;
  /** Home phone (`tel:` URI). */
  readonly homePhoneNumber?: string | undefined;
  /** Other phone (`tel:` URI). */
  readonly otherPhoneNumber?: string | undefined;
  /** User, Phone, Bot, ReplayBot, or a value this library does not know. */
  readonly type?: ContactType | undefined;
  /** Where the contact comes from, e.g. `SameEnterprise`, `Federated`, `PublicCloud`. */
  readonly sourceNetwork?: string | undefined;
  /** An icon of the source network. */
  readonly sourceNetworkIconUrl?: string | undefined;
}

/** NoteType_ref: Personal or OutOfOffice; unknown values are kept as sent. */
export type NoteType = OpenEnum<'Personal' | 'OutOfOffice'>;

/** A contact's note (contactNote_ref): the personal or out-of-office message. */
export interface ContactNote {
  /** The contact whose note it is. */
  readonly uri: string;
  /** The note's text; absent when the contact has none. */
  readonly message?: string | undefined;
  /** `Personal` or `OutOfOffice`. */
  readonly type?: NoteType | undefined;
}

/** A contact's location (contactLocation_ref). */
export interface ContactLocation {
  /** The contact whose location it is. */
  readonly uri: string;
  /** The location text; absent when the contact has not set one. */
  readonly location?: string | undefined;
}

/** The public {@link Contact} of a contact resource; undefined when the resource has no URI. */
export function toContact(resource: ContactResource): Contact | undefined {
  if (!resource.uri) return undefined;
  return {
    uri: resource.uri,
    name: resource.name,
    title: resource.title,
    department: resource.department,
    company: resource.company,
    office: resource.office,
    emailAddresses: resource.emailAddresses ?? [],
    workPhoneNumber: resource.workPhoneNumber,
    mobilePhoneNumber: resource.mobilePhoneNumber,
    homePhoneNumber: resource.homePhoneNumber,
    otherPhoneNumber: resource.otherPhoneNumber,
    type: resource.type,
    sourceNetwork: resource.sourceNetwork,
    sourceNetworkIconUrl: resource.sourceNetworkIconUrl,
  };
}
