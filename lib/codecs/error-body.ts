import * as t from 'io-ts';
import { LinkCodec } from './link.js';
import { openEnum } from './open-enum.js';

/** UCWA error codes (ErrorCode_ref.md); unknown codes are kept. */
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
 * The UCWA error body (ErrorsAndInformationalMessages.md): only `code` is required;
 * `link` may be a link object or a bare href.
 */
export const ErrorBodyCodec = t.intersection(
  [
    t.type({ code: ErrorCodeCodec }),
    t.partial({
      subcode: ErrorSubcodeCodec,
      message: t.string,
      debugInfo: PropertyBag,
      parameters: PropertyBag,
      link: t.union([LinkCodec, t.string]),
    }),
  ],
  'ErrorBody',
);
/** The UCWA error body; see {@link ErrorBodyCodec}. */
export type ErrorBody = t.TypeOf<typeof ErrorBodyCodec>;

/** The OAuth token endpoint's error body (`{"error":"invalid_grant"}`). */
export const OAuthErrorBodyCodec = t.intersection(
  [t.type({ error: t.string }), t.partial({ error_description: t.string, ms_rtc_passiveauthuri: t.string })],
  'OAuthErrorBody',
);
