import { UcwaErrorBase } from './ucwa-error.js';

/** Why signing in failed. OAuth `error` values are kept as sent, known or not. */
export type SignInFailure =
  | 'invalid_grant'
  | 'invalid_request'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error'
  | 'noChallenge'
  | 'tokenSourceFailed'
  | 'unauthorized'
  | (string & {});

/**
 * Sign-in was refused or impossible: wrong password, a token the server keeps rejecting
 * (401 after a fresh token), no usable MsRtcOAuth challenge, or a token source that threw.
 * Not retried: it cannot succeed without new credentials.
 */
export class SignInError extends UcwaErrorBase {
  readonly kind = 'signIn' as const;

  constructor(
    /** The OAuth error, or this library's reason. */
    readonly reason: SignInFailure,
    /** A human-readable explanation, without secrets. */
    detail: string,
    /** HTTP status of the refusing response, when there was one. */
    readonly status?: number,
    /** X-Ms-diagnostics of the refusing response, when present. */
    readonly diagnostics?: string,
    cause?: unknown,
  ) {
    super(`Sign-in failed (${reason}): ${detail}`, { cause });
  }
}
