import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import { isHttpError, isUcwaError } from '../errors/guards.js';
import type { HttpMethod } from '../http/transport.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

/** Options of the retry operators: how often, how spaced, on which scheduler. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries?: number | undefined;
  /** Scheduler for the waits (default asyncScheduler; tests pass a virtual or clock scheduler). */
  readonly scheduler?: SchedulerLike | undefined;
  /** Called before each retry with the error and the delay chosen, e.g. to report it. */
  readonly onRetry?: ((error: unknown, attempt: number, delayMs: number) => void) | undefined;
}

/**
 * Retries the source while `shouldRetry(error)` holds and the budget lasts, waiting
 * {@link backoffDelay} between attempts (honouring Retry-After); then errors with the last error.
 */
export function retryIf<T>(shouldRetry: (error: unknown) => boolean, options: RetryOptions = {}): MonoTypeOperatorFunction<T> {
  const scheduler = options.scheduler ?? asyncScheduler;
  return retry<T>({
    count: options.maxRetries ?? 3,
    delay: (error: unknown, attempt: number) => {
      if (!shouldRetry(error)) return throwError(() => error);
      const retryAfterMs = isHttpError(error) ? error.retryAfterMs : undefined;
      const delayMs = backoffDelay(attempt, options, retryAfterMs);
      options.onRetry?.(error, attempt, delayMs);
      return timer(delayMs, scheduler);
    },
  });
}

/** Methods that may be repeated without changing the outcome. */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

/**
 * Whether an error is worth another attempt of a `method` request. 429 and 503 say the
 * server did not act, so any method is retried; network errors, client timeouts and other
 * 5xx only for idempotent methods (a POST may have been carried out). A refused connection
 * never reached the server, so a POST is retried too. Other 4xx cannot succeed by repeating:
 * never retried. Sign-in, decode, origin and argument errors are never retried.
 */
export function isTransientFailure(error: unknown, method: HttpMethod): boolean {
  if (!isUcwaError(error)) return false;
  switch (error.kind) {
    case 'http':
      if (error.status === 429 || error.status === 503) return true;
      return error.status >= 500 && IDEMPOTENT.has(method);
    case 'network':
      return IDEMPOTENT.has(method) || /ECONNREFUSED/i.test(error.reason);
    case 'timeout':
      return IDEMPOTENT.has(method);
    default:
      return false;
  }
}

/** Retries a `method` request on {@link isTransientFailure}, with jittered backoff and Retry-After. */
export function retryTransient<T>(method: HttpMethod, options: RetryOptions = {}): MonoTypeOperatorFunction<T> {
  return retryIf<T>((error) => isTransientFailure(error, method), options);
}
