import { UcwaErrorBase } from './ucwa-error.js';

/** What {@link HttpError} is built from: the response's status line, UCWA error body and headers. */
export interface HttpErrorDetails {
  /** HTTP status, e.g. 410. */
  readonly status: number;
  /** UCWA error `code` (e.g. `Gone`), or the status text when the body was not a UCWA error. */
  readonly code: string;
  /** UCWA `subcode` (e.g. `CannotRedirect`), kept as sent even when unknown to this library. */
  readonly subcode?: string | undefined;
  /** The server's (localised) message, redacted of anything that looks like a credential. */
  readonly serverMessage?: string | undefined;
  /** The `debugInfo` property bag, for logs only (a redacted, bounded copy); its contents may change at any time. */
  readonly debugInfo?: Readonly<Record<string, unknown>> | undefined;
  /** The `parameters` bag of a 400: the request properties the server found invalid (a redacted, bounded copy). */
  readonly parameters?: Readonly<Record<string, unknown>> | undefined;
  /** Retry-After, converted to milliseconds, when the response carried one. */
  readonly retryAfterMs?: number | undefined;
  /** The X-Ms-diagnostics header, when present (redacted). */
  readonly diagnostics?: string | undefined;
  /** Request method. */
  readonly method: string;
  /** Request URL, redacted. */
  readonly url: string;
  /** Content-Type of the error response (`text/html` for IIS or proxy pages). */
  readonly contentType?: string | undefined;
  /** True when the body was a UCWA error body; false for HTML, empty or foreign bodies. */
  readonly fromUcwa: boolean;
}

/** A non-2xx response from the server or from a proxy in front of it; its fields are {@link HttpErrorDetails}. */
// The interface declares the fields the constructor copies in: one list of them, not two.
export interface HttpError extends HttpErrorDetails {}

/** A non-2xx response from the server or from a proxy in front of it; its fields are {@link HttpErrorDetails}. */
export class HttpError extends UcwaErrorBase {
  readonly kind = 'http' as const;

  constructor(details: HttpErrorDetails) {
    const sub = details.subcode ? `/${details.subcode}` : '';
    super(`${details.method} ${details.url} failed: ${details.status} ${details.code}${sub}`);
    Object.assign(this, details);
  }
}
