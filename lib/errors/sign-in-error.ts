import { UcwaErrorBase } from './ucwa-error.js';

/** Why signing in failed. OAuth `error` values are kept as sent, known or not. */
export type SignInFailure =
  | 'invalid_grant'
  | 'invalid_request'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'noChallenge'
  | 'tokenSourceFailed'
  | 'unauthorized'
  | 'redirectNeedsTokenSource'
  | (string & {});

/**
 * Reasons that say the sign-in could not happen now rather than that it was refused: the token
 * endpoint's own trouble (`server_error`, `temporarily_unavailable`), a 401 without an MsRtcOAuth
 * challenge (a proxy in the way), a token function that threw or gave nothing. Worth retrying.
 */
const TRANSIENT_REASONS: ReadonlySet<string> = new Set(['server_error', 'temporarily_unavailable', 'noChallenge', 'tokenSourceFailed']);

/**
 * Sign-in was refused or impossible: wrong password, a token the server keeps rejecting
 * (401 after a fresh token), no usable MsRtcOAuth challenge, a token source that threw, or a
 * fixed token and a pool on another origin. `permanent` tells a refusal (the wrong password, a
 * refused grant, a token rejected twice, a fixed token that cannot follow a redirect: retrying
 * cannot help, the client stops) from trouble the library retries (see `TRANSIENT_REASONS`).
 */
export class SignInError extends UcwaErrorBase {
  readonly kind = 'signIn' as const;
  /** True when retrying cannot succeed without new credentials or options. */
  readonly permanent: boolean;

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
    this.permanent = !TRANSIENT_REASONS.has(reason);
  }
}
