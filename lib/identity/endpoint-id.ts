import { randomId } from '../util/random-id.js';
import type { UcwaStorage } from './storage.js';

/** What the endpointId of a client depends on. */
export interface EndpointIdentity {
  /** The autodiscovery URL: one pool (or simulator) per key. */
  readonly discoveryUrl: string;
  /** The user, when the client knows it (credentials); a token source signs in whoever it signs in. */
  readonly username?: string | undefined;
}

/**
 * The storage key of the endpointId for a pool and user: `ucwa-rx.endpointId ` + the discovery
 * URL's origin and path, and the user name in lower case when known.
 */
export function endpointIdKey(identity: EndpointIdentity): string {
  let where = identity.discoveryUrl;
  try {
    const url = new URL(identity.discoveryUrl);
    where = `${url.origin}${url.pathname}`;
  } catch {
    // kept as given: the client refuses URLs it cannot parse before this is used
  }
  return `ucwa-rx.endpointId ${where.toLowerCase()} ${identity.username?.trim().toLowerCase() ?? ''}`.trimEnd();
}

/**
 * The endpointId to register with (applications_ref: "unique among applications for the
 * same user currently running across all the devices"): the one stored for this pool and user,
 * or a new random one that is stored for next time. Two tabs that make one at the same moment
 * both read back what was stored last and use that one. Without storage, or when it fails, a
 * random one (the application then lives only as long as this client).
 */
export async function storedEndpointId(storage: UcwaStorage | undefined, identity: EndpointIdentity): Promise<string> {
  if (!storage) return randomId();
  const key = endpointIdKey(identity);
  const made = randomId();
  try {
    const known = await storage.get(key);
    if (usable(known)) return known;
    await storage.set(key, made);
    const kept = await storage.get(key);
    if (usable(kept)) return kept;
  } catch {
    // Not read or not kept: a random one, as without storage.
  }
  return made;
}

/** Whether a stored value can be an endpointId (applications_ref: a non-empty string of at most 100 characters). */
function usable(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= 100;
}
