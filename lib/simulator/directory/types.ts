/** The shape of a simulator directory: people, their presence, and accounts with contact lists. */

/** Availability values (Availability_ref). */
export type Availability =
  | 'Away'
  | 'BeRightBack'
  | 'Busy'
  | 'DoNotDisturb'
  | 'IdleBusy'
  | 'IdleOnline'
  | 'Offline'
  | 'Online';

/** Device types (ContactDeviceType_ref). */
export type ContactDeviceType = 'DeskPhone' | 'Mobile' | 'PC' | 'Unknown' | 'Web';

/** Contact types (ContactType_ref). */
export type ContactType = 'Bot' | 'Phone' | 'ReplayBot' | 'User';

/** Note types of contactNote. */
export type NoteType = 'Personal' | 'OutOfOffice';

/** A presence state to set. `activity` is cleared when omitted; the others keep their value. */
export interface PresenceUpdate {
  /** The availability. */
  readonly availability: Availability;
  /** A well-known activity token such as `on-the-phone`, or free text. */
  readonly activity?: string;
  /** The device the person uses. */
  readonly deviceType?: ContactDeviceType;
  /** When the person last used the device (ms since epoch, or a Date). */
  readonly lastActive?: number | Date;
}

/** A contact's note. */
export interface NoteSpec {
  /** The note text. */
  readonly message: string;
  /** Personal (default) or OutOfOffice. */
  readonly type?: NoteType;
}

/** A photo given as bytes (the simulator otherwise generates one from the initials). */
export interface PhotoImage {
  /** Its content type, e.g. `image/png`. */
  readonly contentType: string;
  /** The image bytes. */
  readonly data: Uint8Array;
}

/** A person in the directory (a contact anyone can look up or subscribe to). */
export interface PersonSpec {
  /** SIP URI in display case, e.g. `sip:SaraD@contoso.com`. */
  readonly uri: string;
  /** Display name. */
  readonly name: string;
  /** Email addresses; defaults to the URI's address. */
  readonly emailAddresses?: readonly string[];
  /** Company. */
  readonly company?: string;
  /** Department. */
  readonly department?: string;
  /** Job title. */
  readonly title?: string;
  /** Office location. */
  readonly office?: string;
  /** Work phone, `tel:` URI. */
  readonly workPhoneNumber?: string;
  /** Mobile phone, `tel:` URI. */
  readonly mobilePhoneNumber?: string;
  /** Contact type; default User. */
  readonly type?: ContactType;
  /** Source network; default SameEnterprise. */
  readonly sourceNetwork?: string;
  /** Initial presence; default Offline. */
  readonly presence?: PresenceUpdate;
  /** Initial note. */
  readonly note?: NoteSpec;
  /** Initial location. */
  readonly location?: string;
  /**
   * The person's photo: true (default) for a picture generated from the initials, false for
   * none, or an image of your own.
   */
  readonly photo?: boolean | PhotoImage;
}

/** A personal group of an account. */
export interface GroupSpec {
  /** Group name. */
  readonly name: string;
  /** Member URIs. */
  readonly members: readonly string[];
}

/** A distribution group (a mail-enabled group with its own URI). */
export interface DistributionGroupSpec extends GroupSpec {
  /** The group's address, e.g. `sip:engineering@contoso.com`. */
  readonly uri: string;
}

/** An account that can sign in, with its contact list. */
export interface AccountSpec {
  /** The account's SIP URI; a person with this URI should be in `people`. */
  readonly uri: string;
  /** The password accepted by the password grant. */
  readonly password: string;
  /** Members of the pinned group ("Pinned Contacts"). */
  readonly pinned?: readonly string[];
  /** Members of the default group ("Other Contacts"). */
  readonly defaultGroup?: readonly string[];
  /** Other personal groups. */
  readonly groups?: readonly GroupSpec[];
  /** Distribution groups on the contact list. */
  readonly distributionGroups?: readonly DistributionGroupSpec[];
}

/** A whole directory: `SimulatorOptions.directory` replaces the default one with this. */
export interface DirectorySpec {
  /** Everyone known to the simulated pool. */
  readonly people: readonly PersonSpec[];
  /** Who can sign in. */
  readonly accounts: readonly AccountSpec[];
}
