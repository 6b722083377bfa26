import type { Reply, ResponseHeaders, UcwaErrorBody } from './types.js';

/** The UCWA error code for each HTTP status (ErrorsAndInformationalMessages, ErrorCode_ref). */
export const CODE_FOR_STATUS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'ClientTimeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'PreconditionFailed',
  413: 'EntityTooLarge',
  415: 'UnsupportedMediaType',
  428: 'PreconditionRequired',
  429: 'TooManyRequests',
  500: 'ServiceFailure',
  502: 'ServiceFailure',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** Messages for the subcodes the simulator sends, worded after the reference's tables. */
const MESSAGES: Readonly<Record<string, string>> = {
  ApplicationNotFound: 'The application resource does not exist.',
  ResourceNotFound: 'The resource does not exist.',
  ParameterValidationFailure: 'A parameter value is not valid.',
  DeserializationFailure:
    'The request body could not be deserialized. Please check if the body confirms to allowed formats and does not have any invalid characters.',
  TooManyApplications: 'There are too many applications for this user.',
  LimitExceeded: 'The user has reached the maximum number of subscriptions that can be created.',
  PGetReplaced: 'The existing P-GET was replaced with a new P-GET from the client application.',
  CannotRedirect: 'Cannot redirect since there is no back up pool configured.',
  CallbackChannelError: 'The remote event channel is not reachable',
  InactiveApplicationExpired: 'An inactive application expired.',
  AlreadyExists: 'The requested resource already exists. Please wait and try again.',
};

const CODE_MESSAGES: Readonly<Record<string, string>> = {
  MethodNotAllowed: 'The requested HTTP method is not supported for this resource.',
  UnsupportedMediaType: 'The content-type is not supported.',
  TooManyRequests: 'Too many outstanding requests.',
  ServiceFailure: 'Internal Server Error.',
  ServiceUnavailable: 'The service is temporarily unavailable.',
  Timeout: 'Internal Server Error, remote timeout.',
  BadRequest: 'Something is wrong with the entire request.',
  NotFound: 'The resource does not exist.',
  Conflict: 'Conflict occurs when the resource is not in the proper state to accept the request.',
  Forbidden: 'The user does not have sufficient privileges for this operation.',
  Gone: 'The resource is permanently gone.',
  EntityTooLarge: 'The request is too large.',
};

/** A default message for a code and subcode. */
export function defaultMessage(code: string, subcode?: string): string {
  return (subcode !== undefined ? MESSAGES[subcode] : undefined) ?? CODE_MESSAGES[code] ?? 'An error occurred.';
}

/** Builds an error body; the code defaults from the status and the message from the subcode. */
export function errorBody(status: number, subcode?: string, message?: string, code?: string): UcwaErrorBody {
  const resolvedCode = code ?? CODE_FOR_STATUS[status] ?? 'ServiceFailure';
  const body: { code: string; subcode?: string; message: string } = {
    code: resolvedCode,
    message: message ?? defaultMessage(resolvedCode, subcode),
  };
  if (subcode !== undefined) body.subcode = subcode;
  return body;
}

/** An error reply. */
export function errorReply(status: number, subcode?: string, message?: string, headers?: ResponseHeaders): Reply {
  return headers === undefined
    ? { kind: 'error', status, error: errorBody(status, subcode, message) }
    : { kind: 'error', status, error: errorBody(status, subcode, message), headers };
}

/** 400 ParameterValidationFailure with the invalid parameters (PayloadFormat). */
export function parameterValidationFailure(parameters: Record<string, string>): Reply {
  const names = Object.keys(parameters).join(', ');
  return {
    kind: 'error',
    status: 400,
    error: { ...errorBody(400, 'ParameterValidationFailure', `A parameter value is not valid: ${names}.`), parameters },
  };
}

/** 404 ApplicationNotFound, the answer for any request to an application that does not exist. */
export const applicationNotFound = (): Reply => errorReply(404, 'ApplicationNotFound');

/** 404 ResourceNotFound. */
export const resourceNotFound = (): Reply => errorReply(404, 'ResourceNotFound');

/** 405 with an Allow header. */
export function methodNotAllowed(allowed: readonly string[]): Reply {
  return errorReply(405, undefined, undefined, { Allow: allowed.join(', ') });
}

/** 400 BadRequest DeserializationFailure (malformed JSON or XML). */
export const deserializationFailure = (): Reply => errorReply(400, 'DeserializationFailure');

/** 400 BadRequest for a batch or events request inside a batch (BatchingRequests). */
export const notAllowedInBatch = (): Reply => errorReply(400, undefined, 'Batch requests cannot contain batch or events requests.');

/** 415 UnsupportedMediaType. */
export const unsupportedMediaType = (): Reply => errorReply(415);
