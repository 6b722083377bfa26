export { UCWA_ERROR_BRAND, UcwaErrorBase, type UcwaErrorKind } from './ucwa-error.js';
export { HttpError, type HttpErrorDetails } from './http-error.js';
export { DecodeError, type DecodeFailure } from './decode-error.js';
export { NetworkError, TimeoutError, RefusedOriginError } from './transport-errors.js';
export { SignInError, type SignInFailure } from './sign-in-error.js';
export { InvalidArgumentError, ClosedError } from './argument-errors.js';
export { EventChannelError, type EventChannelFailure } from './event-channel-error.js';
export { CapacityError } from './capacity-error.js';
export { TooManyApplicationsError } from './too-many-applications-error.js';
export {
  type UcwaError,
  isUcwaError,
  isUcwaErrorOfKind,
  isHttpError,
  isCannotRedirect,
  isApplicationGone,
  isDecodeError,
  isNetworkError,
  isTimeoutError,
  isRefusedOriginError,
  isSignInError,
} from './guards.js';
export { redactUrl, redactText } from './redact.js';
