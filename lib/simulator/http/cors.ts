import type { CorsOptions } from '../options.js';
import type { HeaderMap, ResponseHeaders } from './types.js';

/** Response headers a browser page may read. */
const EXPOSED = 'Retry-After, WWW-Authenticate, X-Ms-diagnostics, X-MS-Server-Fqdn, ETag, Location, Content-Type';
/** Request headers allowed when a preflight does not list any. */
const DEFAULT_ALLOWED_HEADERS =
  'Authorization, Content-Type, Accept, Accept-Language, X-Ms-Origin, X-Requested-With, X-MS-RequiresMinResourceVersion, If-Match, If-None-Match';

function allowedOrigin(cors: CorsOptions | false, origin: string | undefined): string | undefined {
  if (cors === false || origin === undefined) return undefined;
  if (cors.origins !== undefined && !cors.origins.includes(origin)) return undefined;
  return origin;
}

/** CORS headers for an ordinary response. */
export function corsHeaders(cors: CorsOptions | false, headers: HeaderMap): ResponseHeaders {
  const origin = allowedOrigin(cors, headers.origin);
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
export function preflightHeaders(cors: CorsOptions | false, headers: HeaderMap): ResponseHeaders | undefined {
  const origin = allowedOrigin(cors, headers.origin);
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
