import type { EventPage } from '../events/event-page.js';
import type { JsonValue } from '../format/json.js';
import type { Resource } from '../format/resource.js';

/** Header values by lower-case name. */
export type HeaderMap = Readonly<Record<string, string | undefined>>;

/** Response headers: a repeated header (e.g. two WWW-Authenticate lines) is an array. */
export type ResponseHeaders = Record<string, string | string[]>;

/** A request as the simulator's routes see it, whether it came over HTTP or inside a batch. */
export interface SimRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request target resolved against {@link origin}. */
  readonly url: URL;
  /** Request headers by lower-case name. */
  readonly headers: HeaderMap;
  /** The raw request body (empty when none). */
  readonly body: Buffer;
  /** The origin the client used (scheme, Host header), e.g. `http://127.0.0.1:4000`. */
  readonly origin: string;
  /** Aborted when the client goes away before the response is written. */
  readonly signal: AbortSignal;
  /** True for a part of a batch request. */
  readonly inBatch: boolean;
  /** Marks the request as parked on the clock (a held P-GET): it no longer keeps the server busy. */
  park(): void;
  /** Ends {@link park}. */
  unpark(): void;
}

/** The UCWA error body (ErrorsAndInformationalMessages). */
export interface UcwaErrorBody {
  /** Required: maps one-to-one to the HTTP status for synchronous errors. */
  readonly code: string;
  /** Further classification, e.g. `ParameterValidationFailure`. */
  readonly subcode?: string;
  /** Human-readable reason. */
  readonly message?: string;
  /** Invalid parameters of a 400 response, by name. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** What a route produces; rendered to bytes according to the request's Accept header. */
export type Reply =
  | { readonly kind: 'resource'; readonly status: number; readonly resource: Resource; readonly headers?: ResponseHeaders }
  | { readonly kind: 'error'; readonly status: number; readonly error: UcwaErrorBody; readonly headers?: ResponseHeaders }
  | { readonly kind: 'empty'; readonly status: number; readonly headers?: ResponseHeaders }
  | { readonly kind: 'events'; readonly page: EventPage }
  | { readonly kind: 'json'; readonly status: number; readonly body: JsonValue; readonly headers?: ResponseHeaders }
  | {
      readonly kind: 'raw';
      readonly status: number;
      readonly contentType: string;
      readonly body: string | Buffer;
      readonly headers?: ResponseHeaders;
    };

/** A rendered response. `drop` destroys the connection instead of answering. */
export interface SimResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers: ResponseHeaders;
  /** Body bytes or text. */
  readonly body: string | Buffer;
  /** Destroy the socket instead of writing the response (fault injection). */
  readonly drop?: boolean;
}
