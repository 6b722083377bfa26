import { DecodeError } from '../../errors/decode-error.js';
import { redactUrl } from '../../errors/redact.js';
import type { HttpResponse } from '../../http/transport.js';

/**
 * The answer to a request that changes something (a DELETE, a POST without a resource in the
 * answer) as proof that it was done: UCWA answers those with 204 or JSON. A 2xx carrying an HTML
 * page is an intermediary's page (a proxy, a captive portal), not the server's answer: a typed
 * DecodeError, which a reconcile loop treats as an unknown outcome and reads back.
 */
export function checkMutationAnswer(response: HttpResponse, target: string): HttpResponse {
  if (response.text.trim() !== '' && /html/i.test(response.contentType)) {
    throw new DecodeError(target, [{ path: '', expected: 'an empty or JSON answer', actual: response.contentType }], 'unexpectedContentType', redactUrl(response.url));
  }
  return response;
}
