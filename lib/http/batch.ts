import { isLeft, left, right, type Either } from '../util/either.js';
import { asyncScheduler, catchError, concat, defer, from, map, mergeMap, of, timer, toArray, type Observable } from 'rxjs';
import { InvalidArgumentError } from '../errors/argument-errors.js';
import { DecodeError } from '../errors/decode-error.js';
import { isHttpError, isUcwaError, type UcwaError } from '../errors/guards.js';
import type { HttpError } from '../errors/http-error.js';
import { redactText, redactUrl } from '../errors/redact.js';
import { RefusedOriginError } from '../errors/transport-errors.js';
import { backoffDelay } from '../operators/backoff.js';
import type { RetryOptions } from '../operators/retry-policy.js';
import { httpErrorFromResponse } from './error-from-response.js';
import { resolveHref, withQuery } from './href.js';
import {
  boundaryOf,
  encodeBatchingRequest,
  parseBatchingResponse,
  type BatchingPartRequest,
  type BatchingResponsePart,
  type ParsedBatchingPart,
} from './multipart-batching.js';
import type { HttpRequest, HttpResponse, Requester } from './transport.js';

/**
 * One request to send inside a batch: an {@link HttpRequest} without what belongs to the batch
 * POST alone (credentials, timeout). A part never carries credentials; the batch POST does. Its
 * `base` defaults to the batch call's.
 */
export type BatchPartRequest = Pick<HttpRequest, 'method' | 'href' | 'base' | 'query' | 'json' | 'body' | 'contentType' | 'accept'>;

/**
 * The outcome of one part: Right with the 2xx response read like the transport reads one
 * (`url` resolved, `json` parsed when JSON), or Left with a typed error: HttpError for a
 * non-2xx part, DecodeError for an unreadable or missing part or malformed JSON,
 * RefusedOriginError or InvalidArgumentError for a part that was never sent.
 */
export type BatchPartResult = Either<UcwaError, HttpResponse>;

/** Options of {@link sendBatch}. */
export interface SendBatchOptions {
  /** Client-side timeout of the batch POST, ms (the transport's default otherwise). */
  readonly timeoutMs?: number | undefined;
  /** Current time in ms, for Retry-After dates of failed parts (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

interface PreparedPart {
  readonly request: BatchPartRequest;
  readonly url: URL;
  readonly outgoing: BatchingPartRequest;
}

function prepare(request: BatchPartRequest, base: string | URL, batchUrl: URL): Either<UcwaError, PreparedPart> {
  let url: URL;
  try {
    const resolved = resolveHref(request.href, request.base ?? base);
    url = request.query ? withQuery(resolved, request.query) : resolved;
  } catch (error) {
    if (isUcwaError(error)) return left(error);
    throw error;
  }
  // Same origin as the batch resource (compared by parts: the origin getter builds a string).
  if (url.protocol !== batchUrl.protocol || url.host !== batchUrl.host) return left(new RefusedOriginError(url.origin, batchUrl.origin, request.method));
  const json = request.json !== undefined;
  const outgoing: BatchingPartRequest = {
    method: request.method,
    url,
    accept: request.accept,
    body: json ? JSON.stringify(request.json) : request.body,
    contentType: json ? 'application/json' : request.body !== undefined ? (request.contentType ?? 'text/plain') : undefined,
  };
  return right({ request, url, outgoing });
}

/** A part's 2xx response, read like the transport reads one; its headers are the part's, built when first read. */
class PartResponse implements HttpResponse {
  readonly #part: BatchingResponsePart;

  constructor(
    readonly status: number,
    readonly url: string,
    part: BatchingResponsePart,
    readonly contentType: string,
    readonly text: string,
    readonly json: unknown,
  ) {
    this.#part = part;
  }

  get headers(): Headers {
    return this.#part.headers;
  }
}

function readPart(parsed: ParsedBatchingPart | undefined, index: number, part: PreparedPart, now: number): BatchPartResult {
  const method = part.request.method;
  const href = part.url.toString();
  // Redacted for an error only: a part that reads well needs no redacted URL.
  const url = (): string => redactUrl(href);
  if (parsed === undefined) {
    return left(new DecodeError(`batch part ${index}`, [{ path: `parts.${index}`, expected: 'an application/http response', actual: 'missing' }], 'mismatch', url()));
  }
  if (isLeft(parsed)) {
    const { reason, excerpt } = parsed.left;
    return left(new DecodeError(`batch part ${index} (${reason})`, [{ path: `parts.${index}`, expected: 'an HTTP response', actual: redactText(excerpt) || '(empty)' }], 'mismatch', url()));
  }
  const read = parsed.right;
  const { status, text } = read;
  if (status < 200 || status > 299) return left(httpErrorFromResponse({ status, headers: read.headers, text }, method, url(), now));
  const contentType = read.contentType ?? '';
  let json: unknown;
  if (text.trim() !== '' && /json/i.test(contentType)) {
    try {
      json = JSON.parse(text);
    } catch {
      return left(new DecodeError(`${method} response`, [], 'malformedJson', url()));
    }
  }
  return right(new PartResponse(status, href, read, contentType, text, json));
}

/**
 * Sends `requests` as one `multipart/batching` POST to the batch resource (`batchHref`
 * resolved against `base`) and emits one result per request, in input order, then completes.
 * Nothing is sent before subscription; unsubscribing aborts the POST. A part whose URL is on
 * another origin than the batch resource is refused (RefusedOriginError) and left out of the
 * body; when no part is left, nothing is sent. Failures of the POST itself (429, 5xx, network,
 * a response that is not multipart) error the Observable; failures of single parts are Lefts.
 */
export function sendBatch(
  send: Requester,
  batchHref: string,
  base: string | URL,
  requests: readonly BatchPartRequest[],
  options: SendBatchOptions = {},
): Observable<BatchPartResult[]> {
  return defer(() => {
    const batchUrl = resolveHref(batchHref, base);
    const prepared = requests.map((request) => prepare(request, base, batchUrl));
    const outgoing = prepared.flatMap((part) => (isLeft(part) ? [] : [part.right.outgoing]));
    // Every part was refused: nothing to send.
    if (outgoing.length === 0) return of<BatchPartResult[]>(prepared.filter(isLeft));
    const encoded = encodeBatchingRequest(outgoing);
    const batch$ = send({
      method: 'POST',
      href: batchUrl.toString(),
      body: encoded.body,
      contentType: encoded.contentType,
      accept: 'multipart/batching',
      timeoutMs: options.timeoutMs,
    });
    return batch$.pipe(
      map((response) => {
        const boundary = boundaryOf(response.headers.get('content-type'));
        if (boundary === undefined) {
          const actual = response.contentType || '(none)';
          throw new DecodeError('batch response', [{ path: '', expected: 'multipart/batching', actual }], 'unexpectedContentType', redactUrl(batchUrl.toString()));
        }
        const parsed = parseBatchingResponse(response.text, boundary);
        const now = (options.now ?? Date.now)();
        let sent = 0;
        return prepared.map((part, index): BatchPartResult => (isLeft(part) ? part : readPart(parsed[sent++], index, part.right, now)));
      }),
    );
  });
}

/** Options of {@link batchRequests}: batch size, concurrency, and the retry policy for 429. */
export interface BatchRequestsOptions extends SendBatchOptions, RetryOptions {
  /** Most parts in one batch (default 100, the server's documented per-user limit). */
  readonly maxParts?: number | undefined;
  /** Batches in flight at once (default 1; see {@link batchRequests}). */
  readonly concurrency?: number | undefined;
}

type Indexed = readonly [number, BatchPartResult];

interface AttemptState {
  /** 429s met on the way to this attempt: the backoff exponent. */
  readonly depth: number;
  /** Retries already spent on a batch of this one request. */
  readonly singleRetries: number;
}

const isTooManyRequests = (error: unknown): error is HttpError => isHttpError(error, 429);

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(name, 'a positive integer', String(value));
  return value;
}

/**
 * Sends any number of requests through the batch resource and emits all results once, in
 * input order. Requests go out in batches of at most `maxParts` (100), one batch at a time by
 * default: the server counts outstanding requests per user across all batches, so parallel
 * full batches would only earn 429s. A batch answered 429 TooManyRequests was not executed:
 * it is split in halves which are retried one after the other after a backoff (exponential with
 * jitter, never shorter than Retry-After, on `scheduler`), down to single requests; parts
 * answered 429 inside a batch are retried the same way. A single request gets `maxRetries` (3)
 * further attempts, then its HttpError is its result. Any other failure of a batch POST
 * becomes the result of each of its parts. Never errors, except for invalid options.
 */
export function batchRequests(
  send: Requester,
  batchHref: string,
  base: string | URL,
  requests: readonly BatchPartRequest[],
  options: BatchRequestsOptions = {},
): Observable<BatchPartResult[]> {
  return defer(() => {
    const maxParts = positiveInteger('maxParts', options.maxParts ?? 100);
    const concurrency = positiveInteger('concurrency', options.concurrency ?? 1);
    const maxRetries = options.maxRetries ?? 3;
    const scheduler = options.scheduler ?? asyncScheduler;
    const sendOptions: SendBatchOptions = { timeoutMs: options.timeoutMs, now: options.now ?? (() => scheduler.now()) };

    const attempt = (indices: readonly number[], state: AttemptState): Observable<Indexed> =>
      sendBatch(send, batchHref, base, indices.map((i) => requests[i] as BatchPartRequest), sendOptions).pipe(
        mergeMap((results) => {
          const done: Indexed[] = [];
          const again: number[] = [];
          let tooMany: HttpError | undefined;
          results.forEach((result, k) => {
            const index = indices[k] as number;
            if (isLeft(result) && isTooManyRequests(result.left)) {
              again.push(index);
              tooMany = result.left;
            } else done.push([index, result]);
          });
          return tooMany === undefined ? from(done) : concat(from(done), retryLater(again, state, tooMany));
        }),
        catchError((error: unknown) => {
          if (isTooManyRequests(error)) return retryLater(indices, state, error);
          if (!isUcwaError(error)) throw error;
          return from(indices.map((index): Indexed => [index, left(error)]));
        }),
      );

    const retryLater = (indices: readonly number[], state: AttemptState, error: HttpError): Observable<Indexed> => {
      const single = indices.length === 1;
      if (single && state.singleRetries >= maxRetries) return from(indices.map((index): Indexed => [index, left(error)]));
      const depth = state.depth + 1;
      const delayMs = backoffDelay(depth, options, error.retryAfterMs);
      options.onRetry?.(error, depth, delayMs);
      const half = Math.ceil(indices.length / 2);
      const next = single
        ? [{ indices, state: { depth, singleRetries: state.singleRetries + 1 } }]
        : [indices.slice(0, half), indices.slice(half)].map((part) => ({ indices: part, state: { depth, singleRetries: 0 } }));
      return timer(delayMs, scheduler).pipe(mergeMap(() => concat(...next.map((n) => attempt(n.indices, n.state)))));
    };

    const chunks: number[][] = [];
    for (let start = 0; start < requests.length; start += maxParts) {
      chunks.push(Array.from({ length: Math.min(maxParts, requests.length - start) }, (_, k) => start + k));
    }
    return from(chunks).pipe(
      mergeMap((chunk) => attempt(chunk, { depth: 0, singleRetries: 0 }), concurrency),
      toArray(),
      map((pairs) => {
        const results = new Array<BatchPartResult>(requests.length);
        for (const [index, result] of pairs) results[index] = result;
        return results;
      }),
    );
  });
}
