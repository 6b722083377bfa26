import { retryOnCannotRedirect } from '../operators/retry-on-cannot-redirect.js';
import { retryTransient, type RetryOptions } from '../operators/retry-policy.js';
import type { Requester, Transport } from './transport.js';

/** Retry settings of ordinary requests ({@link UcwaClientOptions.retry}): one set for CannotRedirect, one for transient failures. */
export interface RequestRetryOptions {
  /** 410 CannotRedirect (default: 3 retries from 2 s). */
  readonly cannotRedirect?: RetryOptions | undefined;
  /** 429/503, network errors, timeouts, 5xx of idempotent requests (default: 3 retries from 1 s). */
  readonly transient?: RetryOptions | undefined;
}

/** The transport's requests with the library's standard retries around each one. */
export function withRetries(transport: Transport, options: RequestRetryOptions = {}): Requester {
  return (request) =>
    transport.request(request).pipe(
      retryOnCannotRedirect(options.cannotRedirect),
      retryTransient(request.method, options.transient),
    );
}
