import { hrefOf, type ResourceBase } from '../../codecs/link.js';
import { DecodeError } from '../../errors/decode-error.js';
import { resolveHref } from '../../http/href.js';
import type { Me, MyLocation, MyNote, MyPresence } from './me-types.js';

type Fields = { readonly [name: string]: unknown };

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The body as an object of fields, or a typed DecodeError naming `target`. */
export function fieldsOf(body: unknown, target: string, url?: string): Fields & ResourceBase {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DecodeError(target, [{ path: '', expected: 'an object', actual: Array.isArray(body) ? 'array' : typeof body }], 'mismatch', url);
  }
  return body as Fields & ResourceBase;
}

/**
 * The public {@link Me} of a me resource read from `url`, read leniently: `uri` must be a string;
 * other fields are kept when well-formed and ignored otherwise. The photo link becomes an absolute URL.
 */
export function meValue(body: unknown, url: string): Me {
  const fields = fieldsOf(body, 'me', url);
  const uri = fields['uri'];
  if (typeof uri !== 'string') throw new DecodeError('me', [{ path: 'uri', expected: 'string', actual: typeof uri }], 'mismatch', url);
  const emails = fields['emailAddresses'];
  const photo = typeof fields._links === 'object' && fields._links !== null ? hrefOf(fields, 'photo') : undefined;
  let photoUrl: string | undefined;
  try {
    photoUrl = photo === undefined ? undefined : resolveHref(photo, url).toString();
  } catch {
    photoUrl = undefined;
  }
  return {
    uri,
    name: text(fields['name']),
    title: text(fields['title']),
    department: text(fields['department']),
    company: text(fields['company']),
    officeLocation: text(fields['officeLocation']),
    emailAddresses: Array.isArray(emails) ? emails.filter((e): e is string => typeof e === 'string') : [],
    workPhoneNumber: text(fields['workPhoneNumber']),
    mobilePhoneNumber: text(fields['mobilePhoneNumber']),
    homePhoneNumber: text(fields['homePhoneNumber']),
    otherPhoneNumber: text(fields['otherPhoneNumber']),
    endpointUri: text(fields['endpointUri']),
    photoUrl,
  };
}

/** True when two values of `me$` say the same. */
export function sameMe(a: Me, b: Me): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Me)[]);
  for (const key of keys) {
    if (key === 'emailAddresses') {
      if (a.emailAddresses.join('\n') !== b.emailAddresses.join('\n')) return false;
    } else if (a[key] !== b[key]) return false;
  }
  return true;
}

/** My presence of a presence body (presence_ref.md); `availability` must be a string when present (`Offline` when absent). */
export function myPresenceValue(body: unknown, url?: string): MyPresence {
  const fields = fieldsOf(body, 'presence', url);
  const availability = fields['availability'];
  if (availability !== undefined && typeof availability !== 'string') {
    throw new DecodeError('presence', [{ path: 'availability', expected: 'Availability', actual: typeof availability }], 'mismatch', url);
  }
  return { availability: availability ?? 'Offline', activity: text(fields['activity']) };
}

/** My note of a note body (note_ref.md); fields that are not strings are ignored. */
export function myNoteValue(body: unknown, url?: string): MyNote {
  const fields = fieldsOf(body, 'note', url);
  return { message: text(fields['message']), type: text(fields['type']) };
}

/** My location of a location body (location_ref.md). */
export function myLocationValue(body: unknown, url?: string): MyLocation {
  return { location: text(fieldsOf(body, 'location', url)['location']) };
}

/** True when two plain values (strings, or undefined) are the same field by field. */
export function sameFields<T extends object>(a: T, b: T): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a as Fields)[key] !== (b as Fields)[key]) return false;
  return true;
}
