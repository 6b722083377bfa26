import type { ModalityType } from '../../codecs/me.js';
import type { Availability } from '../../codecs/presence.js';
import type { NoteType } from '../contacts-and-groups/contact.js';

/** The signed-in user, as `client.me$` emits it (me_ref.md). */
export interface Me {
  /** Her SIP URI, e.g. `sip:alice@contoso.com`. */
  readonly uri: string;
  /** Display name. */
  readonly name?: string | undefined;
  /** Job title. */
  readonly title?: string | undefined;
  /** Department. */
  readonly department?: string | undefined;
  /** Company. */
  readonly company?: string | undefined;
  /** Office location. */
  readonly officeLocation?: string | undefined;
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
  /** This application's endpoint URI, once it is available (while something uses my presence, note or location). */
  readonly endpointUri?: string | undefined;
  /**
   * The absolute URL of her photo, when she has one. Reading it needs the bearer token (use
   * `client.photos.myPhoto()`), except in a browser on the pool's own site, where the `cwt_ucwa`
   * cookie the pool sets lets an `<img src>` load it.
   */
  readonly photoUrl?: string | undefined;
}

/**
 * What the user may ask for as her availability (presence_ref.md, SetMyPresenceInformation.md):
 * `Offwork` shows as Away with the activity `off-work`; `Offline` makes her appear offline.
 */
export type PreferredAvailability = 'Online' | 'Busy' | 'DoNotDisturb' | 'BeRightBack' | 'Away' | 'Offwork' | 'Offline';

/** Every {@link PreferredAvailability}. */
export const PREFERRED_AVAILABILITIES: readonly PreferredAvailability[] = ['Online', 'Busy', 'DoNotDisturb', 'BeRightBack', 'Away', 'Offwork', 'Offline'];

/** The user's own presence as `client.myPresence$` emits it: what her contacts see. */
export interface MyPresence {
  /** Online, Busy, Away (also when idle), IdleBusy, ...; unknown values are kept. */
  readonly availability: Availability;
  /** The activity, e.g. `off-work`, when the server gives one. */
  readonly activity?: string | undefined;
}

/** The user's own note (note_ref.md): her personal note, or the out-of-office note when one is set. */
export interface MyNote {
  /** The note's text; absent when she has none. */
  readonly message?: string | undefined;
  /** `Personal` or `OutOfOffice`. */
  readonly type?: NoteType | undefined;
}

/** The user's own location (location_ref.md). */
export interface MyLocation {
  /** Where she says she is; absent when not set. */
  readonly location?: string | undefined;
}

/** How the client makes the user available ({@link UcwaClientOptions.me}). */
export interface MeOptions {
  /**
   * The incoming modalities `makeMeAvailable` announces (default `['Messaging']`). The pool refuses
   * modalities other than Messaging and PhoneAudio to UCWA applications (403).
   */
  readonly supportedModalities?: readonly ModalityType[] | undefined;
  /**
   * Report activity (`reportMyActivity`) every three minutes while the user is available, so that
   * she does not turn Away (default `true`). `false` never reports; a function is asked each time
   * and reports only when it returns true (e.g. the user touched the page in the last minutes).
   */
  readonly reportActivity?: boolean | (() => boolean) | undefined;
}
