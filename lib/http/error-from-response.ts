import { isRight } from '../util/either.js';
import { ErrorBodyCodec } from '../codecs/error-body.js';
import { HttpError } from '../errors/http-error.js';
import { redactBag } from '../errors/redact-value.js';
import { redactText } from '../errors/redact.js';
import { parseRetryAfter } from './retry-after.js';

/** Error codes for statuses whose body is not a UCWA error (IIS pages, proxies, empty bodies). */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
  408: 'ClientTimeout', 409: 'Conflict', 410: 'Gone', 412: 'PreconditionFailed', 413: 'EntityTooLarge',
  415: 'UnsupportedMediaType', 428: 'PreconditionRequired', 429: 'TooManyRequests', 500: 'ServiceFailure',
  502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'Timeout',
};

/** What {@link httpErrorFromResponse} reads of a failed response. */
export interface FailedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An optional string from the server, redacted and cut to a sane length. */
function serverString(value: string | null | undefined, redact: (text: string) => string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return redact(value.length > MAX_SERVER_STRING ? `${value.slice(0, MAX_SERVER_STRING)}…` : value);
}

const MAX_SERVER_STRING = 2000;

/**
 * Builds the typed {@link HttpError} for a non-2xx response: the UCWA error body when there
 * is one (code, subcode, message, debugInfo, parameters), otherwise a code from the status
 * (HTML error pages, empty bodies, a proxy's 502). Retry-After and X-Ms-diagnostics are kept.
 * Every string that comes from the server (body fields, the property bags' keys and values,
 * headers) goes through `redact` (by default {@link redactText}; the transport adds the token
 * it sent), and the property bags are bounded copies: a server that echoes a credential, or
 * sends a body nested 100,000 deep, cannot put either into the error.
 */
export function httpErrorFromResponse(
  response: FailedResponse,
  method: string,
  url: string,
  now: number,
  redact: (text: string) => string = (text) => redactText(text),
): HttpError {
  const contentType = serverString(response.headers.get('content-type'), redact);
  const looksJson = contentType === undefined || /json/i.test(contentType);
  const decoded = looksJson && response.text ? ErrorBodyCodec.decode(parseJson(response.text)) : undefined;
  const body = decoded && isRight(decoded) ? decoded.right : undefined;
  return new HttpError({
    status: response.status,
    // An empty code says nothing: the status names it.
    code: serverString(body?.code, redact) || (CODE_BY_STATUS[response.status] ?? `Http${response.status}`),
    subcode: serverString(body?.subcode, redact) || undefined,
    serverMessage: serverString(body?.message, redact),
    debugInfo: redactBag(body?.debugInfo, redact),
    parameters: redactBag(body?.parameters, redact),
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
    diagnostics: serverString(response.headers.get('x-ms-diagnostics'), redact),
    method,
    url: redact(url),
    contentType,
    fromUcwa: body !== undefined,
  });
}
