import { UcwaDateCodec } from '../../codecs/ucwa-date.js';
import type { ContactPresence } from '../../codecs/presence.js';
import { DecodeError } from '../../errors/decode-error.js';
import { readJson } from '../../http/read-resource.js';
import type { HttpResponse } from '../../http/transport.js';
import { isRight } from '../../util/either.js';
import type { FacetKind } from './facet-kind.js';

type Fields = { readonly [name: string]: unknown };

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The public presence value of a contactPresence body (contactPresence_ref), read leniently:
 * `availability` must be a string when present (`Offline` when absent); `activity`,
 * `deviceType` and `lastActive` are kept when well-formed and ignored otherwise, so that one
 * mistyped optional field never costs the value. A body that is not an object, or whose
 * availability is not a string, is a typed DecodeError (the caller tries again later).
 */
export function presenceValue(uri: string, body: unknown, url?: string): ContactPresence {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DecodeError('contactPresence', [{ path: '', expected: 'ContactPresence', actual: Array.isArray(body) ? 'array' : typeof body }], 'mismatch', url);
  }
  const fields = body as Fields;
  const availability = fields['availability'];
  if (availability !== undefined && typeof availability !== 'string') {
    throw new DecodeError('contactPresence', [{ path: 'availability', expected: 'Availability', actual: typeof availability }], 'mismatch', url);
  }
  const lastActive = fields['lastActive'] === undefined ? undefined : UcwaDateCodec.decode(fields['lastActive']);
  return {
    uri,
    availability: availability ?? 'Offline',
    activity: optionalString(fields['activity']),
    deviceType: optionalString(fields['deviceType']),
    lastActive: lastActive && isRight(lastActive) ? lastActive.right : undefined,
  };
}

/** {@link presenceValue} of a response: an empty, HTML or non-JSON body is a typed DecodeError. */
export function presenceFromResponse(uri: string, response: HttpResponse): ContactPresence {
  return presenceValue(uri, readJson(response, 'contactPresence'), response.url);
}

/** True when two values show the same presence. */
export function samePresence(a: ContactPresence, b: ContactPresence): boolean {
  return (
    a.availability === b.availability &&
    a.activity === b.activity &&
    a.deviceType === b.deviceType &&
    a.lastActive?.getTime() === b.lastActive?.getTime()
  );
}

/** A contact's presence as the reconciler keeps it: contactPresence (or `presence`), events of rel contactPresence. */
export const PRESENCE: FacetKind<ContactPresence> = { rels: ['contactPresence', 'presence'], read: presenceValue, same: samePresence };
