import { HttpError, type HttpErrorDetails } from '../errors/http-error.js';
import { DecodeError, type DecodeFailure } from '../errors/decode-error.js';
import { NetworkError, RefusedOriginError, TimeoutError } from '../errors/transport-errors.js';
import { SignInError } from '../errors/sign-in-error.js';
import { ClosedError, InvalidArgumentError } from '../errors/argument-errors.js';
import { EventChannelError, type EventChannelFailure } from '../errors/event-channel-error.js';
import { CapacityError } from '../errors/capacity-error.js';
import { isUcwaError } from '../errors/guards.js';

/**
 * An error as it crosses between participants: its kind, message and own fields (never its
 * `cause`, which may hold anything). `kind` is `foreign` for an error that is not a UcwaError.
 */
export interface WireError {
  /** The UcwaError kind, or `foreign`. */
  readonly kind: string;
  /** The error's name (the class name). */
  readonly name: string;
  /** The error's message, as it was (already free of secrets). */
  readonly message: string;
  /** The error's own data fields (status, code, subcode, uri, ...). */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Turns any thrown value into its wire form. */
export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error) && !isUcwaError(error)) return { kind: 'foreign', name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || key === 'stack' || typeof value === 'function') continue;
    fields[key] = value;
  }
  return { kind: isUcwaError(error) ? error.kind : 'foreign', name: error.name, message: error.message, fields };
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const optStr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const optNum = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
const record = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The text after `prefix` in `message`, for classes that build their message around a detail. */
const after = (message: string, prefix: string): string => (message.startsWith(prefix) ? message.slice(prefix.length) : message);

type Rebuild = (f: Readonly<Record<string, unknown>>, message: string) => Error;

const REBUILD: Readonly<Record<string, Rebuild>> = {
  http: (f) => {
    const details: HttpErrorDetails = {
      status: num(f['status']),
      code: str(f['code']),
      subcode: optStr(f['subcode']),
      serverMessage: optStr(f['serverMessage']),
      debugInfo: record(f['debugInfo']),
      parameters: record(f['parameters']),
      retryAfterMs: optNum(f['retryAfterMs']),
      diagnostics: optStr(f['diagnostics']),
      method: str(f['method']),
      url: str(f['url']),
      contentType: optStr(f['contentType']),
      fromUcwa: f['fromUcwa'] === true,
    };
    return new HttpError(details);
  },
  decode: (f) => {
    const failures = Array.isArray(f['failures']) ? (f['failures'] as unknown[]).map(failure) : [];
    const reason = f['reason'];
    const known = reason === 'malformedJson' || reason === 'unexpectedContentType' || reason === 'emptyBody' ? reason : 'mismatch';
    return new DecodeError(str(f['target']), failures, known, optStr(f['url']));
  },
  network: (f) => new NetworkError(str(f['method']), str(f['url']), str(f['reason'])),
  timeout: (f) => new TimeoutError(str(f['method']), str(f['url']), num(f['timeoutMs'])),
  refusedOrigin: (f) => new RefusedOriginError(str(f['origin']), str(f['allowedOrigin']), str(f['method'])),
  signIn: (f, message) => new SignInError(str(f['reason']), after(message, `Sign-in failed (${str(f['reason'])}): `), optNum(f['status']), optStr(f['diagnostics'])),
  invalidArgument: (f) => new InvalidArgumentError(str(f['argument']), str(f['expected']), str(f['actual'])),
  eventChannel: (f, message) => new EventChannelError(str(f['reason']) as EventChannelFailure, after(message, `Event channel stopped (${str(f['reason'])}): `)),
  capacity: (f) => new CapacityError(str(f['uri']), num(f['subscriptions']), num(f['contactsPerSubscription']), undefined, optNum(f['applications']) ?? 1),
  closed: () => new ClosedError(),
};

function failure(value: unknown): DecodeFailure {
  const f = record(value) ?? {};
  return { path: str(f['path']), expected: str(f['expected']), actual: str(f['actual']) };
}

/** Rebuilds the typed error class from its wire form (a plain `Error` named as sent for a foreign one). */
export function fromWireError(wire: WireError): Error {
  const rebuild = REBUILD[wire.kind];
  const error = rebuild ? rebuild(wire.fields, wire.message) : Object.assign(new Error(wire.message), { name: wire.name });
  // The message as the leader had it (the classes rebuild it from their fields; the same, but the source wins).
  Object.defineProperty(error, 'message', { value: wire.message, writable: true, configurable: true, enumerable: false });
  return error;
}
