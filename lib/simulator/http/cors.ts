import type { CorsOptions } from '../options.js';
import type { HeaderMap, ResponseHeaders } from './types.js';

/** Response headers a browser page may read. */
const EXPOSED = 'Retry-After, WWW-Authenticate, X-Ms-diagnostics, X-MS-Server-Fqdn, ETag, Location, Content-Type';
/** Request headers allowed when a preflight does not list any. */
const DEFAULT_ALLOWED_HEADERS =
  'Authorization, Content-Type, Accept, Accept-Language, X-Ms-Origin, X-Requested-With, X-MS-RequiresMinResourceVersion, If-Match, If-None-Match';

/** Which browser origins may call one part of the simulator. */
export interface OriginPolicy {
  /** Any origin at all. */
  readonly any: boolean;
  /** http(s) pages on localhost, 127.0.0.0/8 or [::1], any port. */
  readonly loopback: boolean;
  /** Further origins, normalised (`scheme://host[:port]`, lower case, no default port). */
  readonly origins: readonly string[];
}

/** The CORS policy in effect: one for the UCWA resources, one for the admin API. */
export interface CorsPolicy {
  /** UCWA resources, discovery and the token endpoint. */
  readonly ucwa: OriginPolicy;
  /** The admin API under `/_simulator/` (its own origin is always allowed). */
  readonly admin: OriginPolicy;
}

const NONE: OriginPolicy = { any: false, loopback: false, origins: [] };

/** `scheme://host[:port]` of an http(s) origin, or undefined when `value` is not one. */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  return url.origin;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function listed(name: string, origins: readonly string[]): string[] {
  return origins.map((origin) => {
    const normalized = normalizeOrigin(origin);
    if (normalized === undefined) throw new RangeError(`cors.${name}: ${JSON.stringify(origin)} is not an http(s) origin`);
    return normalized;
  });
}

/**
 * The policy for the `cors` option: omitted or true, loopback origins for the UCWA resources and
 * none for the admin API; `origins` adds origins (or `'*'` allows any); `admin` true gives the
 * admin API the UCWA resources' origins, a list gives it those; false turns CORS off.
 * Throws a RangeError for a listed value that is not an http(s) origin.
 */
export function corsPolicy(option: boolean | CorsOptions | undefined): CorsPolicy {
  if (option === false) return { ucwa: NONE, admin: NONE };
  const options: CorsOptions = option === true || option === undefined ? {} : option;
  const ucwa: OriginPolicy =
    options.origins === '*' ? { any: true, loopback: true, origins: [] } : { any: false, loopback: true, origins: listed('origins', options.origins ?? []) };
  const admin = options.admin;
  if (admin === true) return { ucwa, admin: ucwa };
  if (admin === undefined || admin === false) return { ucwa, admin: NONE };
  if (admin === '*') return { ucwa, admin: { any: true, loopback: true, origins: [] } };
  return { ucwa, admin: { any: false, loopback: false, origins: listed('admin', admin) } };
}

/** The normalised Origin header if `policy` allows it. */
export function allowedOrigin(policy: OriginPolicy, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return undefined;
  if (policy.any || policy.origins.includes(normalized)) return normalized;
  return policy.loopback && isLoopbackHost(new URL(normalized).hostname) ? normalized : undefined;
}

/**
 * True when a request to the admin API may go on: it has no Origin header (curl, scripts, tests),
 * its Origin is the simulator's own, or the admin policy allows it. "Own" means the origin the
 * request was addressed to, when that is an IP address or localhost: a DNS name pointing at the
 * simulator (DNS rebinding) is not its own.
 *
 * @param policy the admin API's policy; @param headers the request's; @param ownOrigin from its Host header.
 */
export function adminRequestAllowed(policy: OriginPolicy, headers: HeaderMap, ownOrigin: string): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized !== undefined && normalized === ownOrigin) {
    const host = new URL(ownOrigin).hostname;
    if (isLoopbackHost(host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) return true;
  }
  return allowedOrigin(policy, origin) !== undefined;
}

/** CORS headers for an ordinary response. */
export function corsHeaders(policy: OriginPolicy, headers: HeaderMap): ResponseHeaders {
  const origin = allowedOrigin(policy, headers.origin);
  if (origin === undefined) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSED,
    Vary: 'Origin',
  };
}

/** True for a CORS preflight request. */
export function isPreflight(method: string, headers: HeaderMap): boolean {
  return method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined;
}

/** Headers of the 204 answer to a preflight, or undefined when the origin is not allowed. */
export function preflightHeaders(policy: OriginPolicy, headers: HeaderMap): ResponseHeaders | undefined {
  const origin = allowedOrigin(policy, headers.origin);
  if (origin === undefined) return undefined;
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': headers['access-control-request-headers'] ?? DEFAULT_ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}
