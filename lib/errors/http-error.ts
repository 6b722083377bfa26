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
  /** The `debugInfo` property bag, for logs only; its contents may change at any time. */
  readonly debugInfo?: Readonly<Record<string, unknown>> | undefined;
  /** The `parameters` bag of a 400: the request properties the server found invalid. */
  readonly parameters?: Readonly<Record<string, unknown>> | undefined;
  /** Retry-After, converted to milliseconds, when the response carried one. */
  readonly retryAfterMs?: number | undefined;
  /** The X-Ms-diagnostics header, when present. */
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

/** A non-2xx response from the server or from a proxy in front of it. */
export class HttpError extends UcwaErrorBase implements HttpErrorDetails {
  readonly kind = 'http' as const;
  readonly status: number;
  readonly code: string;
  readonly subcode?: string | undefined;
  readonly serverMessage?: string | undefined;
  readonly debugInfo?: Readonly<Record<string, unknown>> | undefined;
  readonly parameters?: Readonly<Record<string, unknown>> | undefined;
  readonly retryAfterMs?: number | undefined;
  readonly diagnostics?: string | undefined;
  readonly method: string;
  readonly url: string;
  readonly contentType?: string | undefined;
  readonly fromUcwa: boolean;

  constructor(details: HttpErrorDetails) {
    const sub = details.subcode ? `/${details.subcode}` : '';
    super(`${details.method} ${details.url} failed: ${details.status} ${details.code}${sub}`);
    this.status = details.status;
    this.code = details.code;
    this.subcode = details.subcode;
    this.serverMessage = details.serverMessage;
    this.debugInfo = details.debugInfo;
    this.parameters = details.parameters;
    this.retryAfterMs = details.retryAfterMs;
    this.diagnostics = details.diagnostics;
    this.method = details.method;
    this.url = details.url;
    this.contentType = details.contentType;
    this.fromUcwa = details.fromUcwa;
  }
}
