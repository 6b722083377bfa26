import * as t from 'io-ts';
import { LinkCodec } from './link.js';
import { openEnum } from './open-enum.js';

/** UCWA error codes (ErrorCode_ref); unknown codes are kept. */
export const ErrorCodeCodec = openEnum('ErrorCode', [
  'BadRequest', 'Conflict', 'EntityTooLarge', 'ExchangeServiceFailure', 'Forbidden', 'GatewayTimeout', 'Gone',
  'Informational', 'LocalFailure', 'MethodNotAllowed', 'NotAcceptable', 'NotFound', 'PreconditionFailed',
  'PreconditionRequired', 'RemoteFailure', 'ServiceFailure', 'ServiceUnavailable', 'Timeout', 'TooManyRequests',
  'UnsupportedMediaType',
] as const);

/** UCWA error subcodes this library acts on; any other subcode is kept as sent. */
export const ErrorSubcodeCodec = openEnum('ErrorSubcode', [
  'AlreadyExists', 'ApplicationNotFound', 'BadRequest', 'CallbackChannelError', 'CannotRedirect', 'DeserializationFailure',
  'InactiveApplicationExpired', 'InvalidExchangeServerVersion', 'LimitExceeded', 'ParameterValidationFailure',
  'PGetReplaced', 'ResourceNotFound', 'ServiceFailure', 'ServiceTimeout', 'TooManyApplications', 'TooManyGroups',
  'UnsupportedMediaType',
] as const);

const PropertyBag = t.record(t.string, t.unknown);

/**
 * The UCWA error body (ErrorsAndInformationalMessages): only `code` is required;
 * `link` may be a link object or a bare href.
 */
export const ErrorBodyCodec = t.intersection(
  [
    t.type({
      /** The error code, matching the HTTP status for synchronous errors (e.g. `Conflict`). */
      code: ErrorCodeCodec,
    }),
    t.partial({
      /** Further classification (e.g. `AlreadyExists`); new subcodes can appear at any time. */
      subcode: ErrorSubcodeCodec,
      /** A reason in the application's culture. */
      message: t.string,
      /** Troubleshooting data; its contents may change at any time. */
      debugInfo: PropertyBag,
      /** For 400: the request properties that were not valid. */
      parameters: PropertyBag,
      /** Where to read more about the error. */
      link: t.union([LinkCodec, t.string]),
    }),
  ],
  'ErrorBody',
);
/** The UCWA error body; see {@link ErrorBodyCodec}. */
export type ErrorBody = t.TypeOf<typeof ErrorBodyCodec>;

/** The OAuth token endpoint's error body (`{"error":"invalid_grant"}`). */
export const OAuthErrorBodyCodec = t.intersection(
  [
    t.type({
      /** `invalid_grant`, `unsupported_grant_type`, ... */
      error: t.string,
    }),
    t.partial({
      /** A description, when the server gives one. */
      error_description: t.string,
      /** Where passive authentication happens, for the passive grant. */
      ms_rtc_passiveauthuri: t.string,
    }),
  ],
  'OAuthErrorBody',
);
