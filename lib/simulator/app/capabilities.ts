import type { DirectoryStore } from '../directory/directory-store.js';
import { supportedModalities, type ModalityType } from '../directory/modalities.js';
import type { PresenceState } from '../directory/records.js';

/**
 * What each person can do now (contactSupportedModalities), from the directory and from the
 * modalities their own available applications made themselves available with.
 */
export class Capabilities {
  /**
   * @param directory people, presence and control-API overrides
   * @param endpointModalities the union of the modalities of a user's available applications, or undefined when none is
   */
  constructor(
    private readonly directory: DirectoryStore,
    private readonly endpointModalities: (key: string) => readonly ModalityType[] | undefined,
  ) {}

  /** The modalities of `key`, with `presence` instead of the current presence if given. */
  of(key: string, presence: PresenceState = this.directory.presence(key)): ModalityType[] {
    return supportedModalities({
      person: this.directory.person(key),
      presence,
      endpoints: this.endpointModalities(key),
      override: this.directory.modalityOverride(key),
    });
  }
}
