import type { ModalityType } from '../directory/modalities.js';

/** Message formats an application can take (MessageFormat_ref). */
export type MessageFormat = 'Plain' | 'Html';

/** Incoming audio preferences (makeMeAvailable_ref). */
export type AudioPreference = 'PhoneAudio' | 'VoipAudio';

/** What an application made itself available with (makeMeAvailable_ref). */
export interface EndpointSettings {
  /** The incoming modalities of interest. */
  readonly modalities: readonly ModalityType[];
  /** The message formats the application supports. */
  readonly messageFormats: readonly MessageFormat[];
  /** How incoming audio should reach the user, if given. */
  readonly audioPreference?: AudioPreference;
  /** The phone number to reach the user on, normalised to a `tel:` URI, if given. */
  readonly phoneNumber?: string;
  /** How long without reported activity before the user counts as idle. */
  readonly inactiveTimeoutMs: number;
}

/**
 * An application that is out of lurker mode (makeMeAvailable): its settings and when its user
 * was last active on it. It is transient state: gone after `resume` or with the application.
 */
export class AvailableEndpoint {
  /**
   * @param settings what makeMeAvailable was given
   * @param endpointUri the GRUU of this endpoint (me's `endpointUri`)
   * @param lastActivityAt clock time of the last reported activity
   */
  constructor(
    readonly settings: EndpointSettings,
    readonly endpointUri: string,
    public lastActivityAt: number,
  ) {}

  /** When the user counts as idle on this endpoint unless activity is reported first. */
  get idleAt(): number {
    return this.lastActivityAt + this.settings.inactiveTimeoutMs;
  }
}
