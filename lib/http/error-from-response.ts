import { isRight } from '../util/either.js';
import { ErrorBodyCodec } from '../codecs/error-body.js';
import { HttpError } from '../errors/http-error.js';
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

/**
 * Builds the typed {@link HttpError} for a non-2xx response: the UCWA error body when there
 * is one (code, subcode, message, debugInfo, parameters), otherwise a code from the status
 * (HTML error pages, empty bodies, a proxy's 502). Retry-After and X-Ms-diagnostics are kept.
 */
export function httpErrorFromResponse(response: FailedResponse, method: string, url: string, now: number): HttpError {
  const contentType = response.headers.get('content-type') ?? undefined;
  const looksJson = contentType === undefined || /json/i.test(contentType);
  const decoded = looksJson && response.text ? ErrorBodyCodec.decode(parseJson(response.text)) : undefined;
  const body = decoded && isRight(decoded) ? decoded.right : undefined;
  return new HttpError({
    status: response.status,
    code: body?.code ?? CODE_BY_STATUS[response.status] ?? `Http${response.status}`,
    subcode: body?.subcode,
    serverMessage: body?.message === undefined ? undefined : redactText(body.message),
    debugInfo: body?.debugInfo,
    parameters: body?.parameters,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
    diagnostics: response.headers.get('x-ms-diagnostics') ?? undefined,
    method,
    url,
    contentType,
    fromUcwa: body !== undefined,
  });
}
