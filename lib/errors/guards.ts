import type { CapacityError } from './capacity-error.js';
import type { DecodeError } from './decode-error.js';
import type { EventChannelError } from './event-channel-error.js';
import type { HttpError } from './http-error.js';
import type { ClosedError, InvalidArgumentError } from './argument-errors.js';
import type { SignInError } from './sign-in-error.js';
import type { TooManyApplicationsError } from './too-many-applications-error.js';
import type { NetworkError, RefusedOriginError, TimeoutError } from './transport-errors.js';
import { UCWA_ERROR_BRAND, type UcwaErrorKind } from './ucwa-error.js';

/** Every error ucwa-rx produces, discriminated by `kind`. */
export type UcwaError =
  | HttpError
  | DecodeError
  | NetworkError
  | TimeoutError
  | RefusedOriginError
  | SignInError
  | InvalidArgumentError
  | EventChannelError
  | CapacityError
  | TooManyApplicationsError
  | ClosedError;

/** True for any ucwa-rx error, including one made by another copy of the library. */
export function isUcwaError(value: unknown): value is UcwaError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[UCWA_ERROR_BRAND] === true;
}

/** Narrows to the union member of the given kind. */
export function isUcwaErrorOfKind<K extends UcwaErrorKind>(value: unknown, kind: K): value is Extract<UcwaError, {
  /** The error's kind. */
  kind: K;
}> {
  return isUcwaError(value) && value.kind === kind;
}

/**
 * True for an {@link HttpError}, optionally only with the given status and UCWA subcode
 * (compared case-insensitively, as subcodes are contextual strings).
 */
export function isHttpError(value: unknown, status?: number, subcode?: string): value is HttpError {
  if (!isUcwaErrorOfKind(value, 'http')) return false;
  if (status !== undefined && value.status !== status) return false;
  if (subcode !== undefined && value.subcode?.toLowerCase() !== subcode.toLowerCase()) return false;
  return true;
}

/** True for 410 Gone with subcode CannotRedirect (no backup pool right now: worth retrying). */
export function isCannotRedirect(value: unknown): value is HttpError {
  return isHttpError(value, 410, 'CannotRedirect');
}

/** True for 404 with subcode ApplicationNotFound or InactiveApplicationExpired. */
export function isApplicationGone(value: unknown): value is HttpError {
  return isHttpError(value, 404, 'ApplicationNotFound') || isHttpError(value, 404, 'InactiveApplicationExpired');
}

/** True for a {@link DecodeError}. */
export const isDecodeError = (value: unknown): value is DecodeError => isUcwaErrorOfKind(value, 'decode');
/** True for a {@link NetworkError}. */
export const isNetworkError = (value: unknown): value is NetworkError => isUcwaErrorOfKind(value, 'network');
/** True for a {@link TimeoutError}. */
export const isTimeoutError = (value: unknown): value is TimeoutError => isUcwaErrorOfKind(value, 'timeout');
/** True for a {@link RefusedOriginError}. */
export const isRefusedOriginError = (value: unknown): value is RefusedOriginError => isUcwaErrorOfKind(value, 'refusedOrigin');
/** True for a {@link SignInError}. */
export const isSignInError = (value: unknown): value is SignInError => isUcwaErrorOfKind(value, 'signIn');
