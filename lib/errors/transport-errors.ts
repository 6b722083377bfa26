import { UcwaErrorBase } from './ucwa-error.js';

/** The request never got a response: connection refused or reset, DNS failure, CORS refusal. */
export class NetworkError extends UcwaErrorBase {
  readonly kind = 'network' as const;

  constructor(
    /** Request method. */
    readonly method: string,
    /** Request URL, redacted. */
    readonly url: string,
    /** The platform's description of the failure, redacted. */
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`${method} ${url}: network error: ${reason}`, { cause });
  }
}

/** The response did not arrive within the request's client-side timeout. */
export class TimeoutError extends UcwaErrorBase {
  readonly kind = 'timeout' as const;

  constructor(
    /** Request method. */
    readonly method: string,
    /** Request URL, redacted. */
    readonly url: string,
    /** The timeout that elapsed, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url}: no response within ${timeoutMs} ms`);
  }
}

/**
 * A request to an origin the credentials do not belong to, refused before anything was sent.
 * A hostile or mistaken href cannot make the library leak the bearer token.
 */
export class RefusedOriginError extends UcwaErrorBase {
  readonly kind = 'refusedOrigin' as const;

  constructor(
    /** The origin the request would have gone to. */
    readonly origin: string,
    /** The origin the credentials were obtained for. */
    readonly allowedOrigin: string,
    /** Request method. */
    readonly method: string,
  ) {
    super(`Refused ${method} to ${origin}: credentials belong to ${allowedOrigin}`);
  }
}
