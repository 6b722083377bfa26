import type * as t from 'io-ts';
import { map, type Observable } from 'rxjs';
import { decodeOrThrow } from '../codecs/decode.js';
import { DecodeError } from '../errors/decode-error.js';
import { redactUrl } from '../errors/redact.js';
import type { HttpRequest, HttpResponse, Requester } from './transport.js';

/** A decoded resource and the URL it was read from (the base for its relative hrefs). */
export interface Located<A> {
  /** The decoded resource. */
  readonly value: A;
  /** The URL it was read from: its relative hrefs resolve against it. */
  readonly url: string;
}

/**
 * The JSON body of a response, or a typed {@link DecodeError}: `emptyBody` when there is
 * none, `unexpectedContentType` for HTML or text where JSON was expected.
 */
export function readJson(response: HttpResponse, target: string): unknown {
  if (response.json !== undefined) return response.json;
  const url = redactUrl(response.url);
  if (response.text.trim() === '') throw new DecodeError(target, [], 'emptyBody', url);
  throw new DecodeError(target, [{ path: '', expected: 'application/json', actual: response.contentType || '(none)' }], 'unexpectedContentType', url);
}

/** Decodes a response's JSON body with `codec`; see {@link readJson}. */
export function decodeResponse<A, O>(response: HttpResponse, codec: t.Type<A, O, unknown>, target: string = codec.name): Located<A> {
  return { value: decodeOrThrow(codec, readJson(response, target), target, () => redactUrl(response.url)), url: response.url };
}

/** Sends `request` and decodes the JSON answer with `codec`, keeping the URL it came from. */
export function requestResource<A, O>(
  send: Requester,
  request: HttpRequest,
  codec: t.Type<A, O, unknown>,
  target: string = codec.name,
): Observable<Located<A>> {
  return send(request).pipe(map((response) => decodeResponse(response, codec, target)));
}
