import { redactText } from '../errors/redact.js';
import { NetworkError, TimeoutError } from '../errors/transport-errors.js';
import type { TimedSignal } from './request-timeout.js';
import { textWithin } from './within-deadline.js';

/** What {@link exchangeFailure} needs to know about the request that failed. */
export interface FailedExchange {
  readonly method: string;
  /** The request URL, already redacted. */
  readonly url: string;
  readonly timeoutMs: number;
  /** The request's timed signal: tells a timeout from other failures. */
  readonly attempt: TimedSignal;
}

/**
 * The typed error for a request that failed before its body was read in full: a
 * {@link TimeoutError} when its deadline passed (waiting for the headers or for the body), else
 * a {@link NetworkError} with the platform's reason (redacted).
 */
export function exchangeFailure(error: unknown, exchange: FailedExchange): TimeoutError | NetworkError {
  if (exchange.attempt.timedOut()) return new TimeoutError(exchange.method, exchange.url, exchange.timeoutMs);
  const failure = error as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  let reason: string;
  try {
    reason = String(failure?.cause?.code ?? failure?.cause?.message ?? failure?.message ?? error);
  } catch {
    reason = 'unknown failure';
  }
  return new NetworkError(exchange.method, exchange.url, redactText(reason.slice(0, 200)));
}

/**
 * Reads a response body within the deadline of the request that produced it: the request's
 * timeout covers the headers and the body, so a body that stalls after the headers ends in a
 * {@link TimeoutError} instead of hanging (even with a fetch that ignores its abort signal: see
 * {@link textWithin}). Stops the deadline once the body is read (or failed).
 * When `outer` (the caller's signal) aborted, the original error is rethrown: nobody awaits it.
 * `read` reads the body within the signal (as text by default; `bytesWithin` for bytes).
 */
export async function readBodyWithin<T = string>(
  response: Response,
  exchange: FailedExchange,
  outer: AbortSignal,
  read: (response: Response, signal: AbortSignal) => Promise<T> = textWithin as (response: Response, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await read(response, exchange.attempt.signal);
  } catch (error) {
    if (outer.aborted && !exchange.attempt.timedOut()) throw error;
    throw exchangeFailure(error, exchange);
  } finally {
    exchange.attempt.clear();
  }
}
