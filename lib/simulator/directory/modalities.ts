import type { PersonRecord, PresenceState } from './records.js';

/** ModalityType values (makeMeAvailable_ref, contactSupportedModalities_ref). */
export type ModalityType = 'Audio' | 'Video' | 'PhoneAudio' | 'ApplicationSharing' | 'Messaging' | 'DataCollaboration' | 'PanoramicVideo';

/** Every {@link ModalityType}, in the reference's order. */
export const MODALITY_TYPES: readonly ModalityType[] = ['Audio', 'Video', 'PhoneAudio', 'ApplicationSharing', 'Messaging', 'DataCollaboration', 'PanoramicVideo'];

/** Reads a modality name in any letter case. */
export function parseModality(value: unknown): ModalityType | undefined {
  if (typeof value !== 'string') return undefined;
  const wanted = value.trim().toLowerCase();
  return MODALITY_TYPES.find((candidate) => candidate.toLowerCase() === wanted);
}

/** What each kind of device can do while its user is reachable. */
const BY_DEVICE: Readonly<Record<PresenceState['deviceType'], readonly ModalityType[]>> = {
  PC: ['Messaging', 'Audio', 'Video', 'ApplicationSharing', 'DataCollaboration'],
  Web: ['Messaging', 'Audio', 'Video'],
  Mobile: ['Messaging', 'Audio', 'Video'],
  DeskPhone: ['Audio'],
  Unknown: ['Messaging'],
};

/** The inputs of {@link supportedModalities}. */
export interface ModalityInputs {
  /** The person, or undefined for someone the directory does not know. */
  readonly person: PersonRecord | undefined;
  /** Their presence now. */
  readonly presence: PresenceState;
  /** The modalities the person's own applications made available with (makeMeAvailable), if any is available. */
  readonly endpoints: readonly ModalityType[] | undefined;
  /** A value set through the control API, which wins. */
  readonly override: readonly ModalityType[] | undefined;
}

/**
 * What a contact can do now (contactSupportedModalities), derived plausibly: nothing for someone
 * unknown or offline; Messaging for a bot; the modalities her own UCWA applications made
 * available with when she has any; otherwise what her device type allows. PhoneAudio is added
 * while she is reachable and has a work or mobile number. The result is in the reference's order.
 */
export function supportedModalities(inputs: ModalityInputs): ModalityType[] {
  if (inputs.override !== undefined) return ordered(inputs.override);
  const { person, presence } = inputs;
  if (!person || presence.availability === 'Offline') return [];
  const spec = person.spec;
  if (spec.type === 'Bot' || spec.type === 'ReplayBot') return ['Messaging'];
  const found = new Set<ModalityType>(inputs.endpoints ?? BY_DEVICE[presence.deviceType]);
  if (spec.workPhoneNumber !== undefined || spec.mobilePhoneNumber !== undefined) found.add('PhoneAudio');
  return ordered([...found]);
}

function ordered(modalities: readonly ModalityType[]): ModalityType[] {
  return MODALITY_TYPES.filter((modality) => modalities.includes(modality));
}

/** True when two modality lists hold the same values. */
export function sameModalities(a: readonly ModalityType[], b: readonly ModalityType[]): boolean {
  return a.length === b.length && a.every((modality) => b.includes(modality));
}
