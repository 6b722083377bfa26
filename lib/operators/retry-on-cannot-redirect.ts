import type { MonoTypeOperatorFunction } from 'rxjs';
import { isCannotRedirect } from '../errors/guards.js';
import { retryIf, type RetryOptions } from './retry-policy.js';

/**
 * Retries on 410 Gone with subcode CannotRedirect: the pool has no backup configured right
 * now (a failover in progress). Bounded attempts (3 by default), exponential backoff with
 * jitter, Retry-After honoured; then the typed HttpError is passed on. Any other error
 * passes through at once.
 */
export function retryOnCannotRedirect<T>(options: RetryOptions = {}): MonoTypeOperatorFunction<T> {
  return retryIf<T>(isCannotRedirect, { baseDelayMs: 2000, ...options });
}
