import type { AudioPreference, EndpointSettings, MessageFormat } from '../app/endpoint.js';
import { parseModality, type ModalityType } from '../directory/modalities.js';
import { parsePreferredAvailability, type PreferredAvailability } from '../directory/own-presence.js';
import { parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { integerParameter, type Input } from './input.js';

/** What a valid makeMeAvailable request asks for. */
export interface MakeMeAvailableRequest {
  /** The endpoint's settings. */
  readonly settings: EndpointSettings;
  /** The availability to sign in as, if given. */
  readonly signInAs?: PreferredAvailability;
}

const MESSAGE_FORMATS: readonly MessageFormat[] = ['Plain', 'Html'];
const AUDIO_PREFERENCES: readonly AudioPreference[] = ['PhoneAudio', 'VoipAudio'];

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' ? values.find((candidate) => candidate.toLowerCase() === value.trim().toLowerCase()) : undefined;
}

/** A list property: an array (JSON, XML propertyList) or a single value. */
function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * Normalises a phone number to a `tel:` URI as the server does (applications_ref shows
 * `4255552222` coming back as `tel:+14255552222`): ten digits get the North American `+1`.
 */
export function normalizePhoneNumber(value: string): string | undefined {
  const bare = value.trim().replace(/^tel:/i, '');
  const digits = bare.replace(/\D/g, '');
  if (digits.length < 3 || digits.length > 20 || /[^\d\s+().-]/.test(bare)) return undefined;
  if (bare.startsWith('+')) return `tel:+${digits}`;
  return `tel:+${digits.length === 10 ? `1${digits}` : digits}`;
}

/**
 * Reads the makeMeAvailable input (makeMeAvailable_ref): supportedModalities,
 * supportedMessageFormats, signInAs, audioPreference, phoneNumber and inactiveTimeout (whole
 * minutes, 1-1440) are optional; each given one must be valid, or 400 ParameterValidationFailure
 * names it. Enum values are read in any letter case.
 */
export function readMakeMeAvailable(input: Input, defaultInactiveTimeoutMs: number): MakeMeAvailableRequest | Reply {
  const invalid: Record<string, string> = {};
  const given = (name: string): unknown => {
    const value = input.get(name);
    return value === null || value === '' ? undefined : value;
  };

  let modalities: ModalityType[] = [];
  const rawModalities = given('supportedModalities');
  if (rawModalities !== undefined) {
    const parsed = listOf(rawModalities).map(parseModality);
    if (parsed.some((m) => m === undefined)) invalid.supportedModalities = 'supportedModalities must be ModalityType values: Audio, Video, PhoneAudio, ApplicationSharing, Messaging, DataCollaboration or PanoramicVideo.';
    else modalities = [...new Set(parsed as ModalityType[])];
  }

  let messageFormats: MessageFormat[] = ['Plain'];
  const rawFormats = given('supportedMessageFormats');
  if (rawFormats !== undefined) {
    const parsed = listOf(rawFormats).map((value) => oneOf(MESSAGE_FORMATS, value));
    if (parsed.some((f) => f === undefined)) invalid.supportedMessageFormats = 'supportedMessageFormats must be MessageFormat values: Plain or Html.';
    else messageFormats = [...new Set(parsed as MessageFormat[])];
  }

  const rawSignInAs = given('signInAs');
  const signInAs = parsePreferredAvailability(rawSignInAs);
  if (rawSignInAs !== undefined && signInAs === undefined) invalid.signInAs = 'signInAs must be Online, Busy, DoNotDisturb, BeRightBack, Away or Offwork.';

  const rawAudio = given('audioPreference');
  const audioPreference = oneOf(AUDIO_PREFERENCES, rawAudio);
  if (rawAudio !== undefined && audioPreference === undefined) invalid.audioPreference = 'audioPreference must be PhoneAudio or VoipAudio.';

  const rawPhone = given('phoneNumber');
  const phoneNumber = typeof rawPhone === 'string' ? normalizePhoneNumber(rawPhone) : undefined;
  if (rawPhone !== undefined && phoneNumber === undefined) invalid.phoneNumber = 'phoneNumber is not a valid phone number.';

  let inactiveTimeoutMs = defaultInactiveTimeoutMs;
  const rawTimeout = given('inactiveTimeout');
  if (rawTimeout !== undefined) {
    const minutes = integerParameter(rawTimeout, 1, 1440);
    if (typeof minutes === 'number') inactiveTimeoutMs = minutes * 60_000;
    else invalid.inactiveTimeout = 'inactiveTimeout must be a whole number of minutes; the maximum value is 1440 and the minimum value is 1.';
  }

  if (Object.keys(invalid).length > 0) return parameterValidationFailure(invalid);
  return {
    settings: {
      modalities,
      messageFormats,
      inactiveTimeoutMs,
      ...(audioPreference === undefined ? {} : { audioPreference }),
      ...(phoneNumber === undefined ? {} : { phoneNumber }),
    },
    ...(signInAs === undefined ? {} : { signInAs }),
  };
}
