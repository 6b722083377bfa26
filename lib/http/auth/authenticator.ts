import type { OAuthChallenge } from './challenge.js';

/** Why a token is being asked for. */
export type TokenRequestReason =
  /** The first request to an origin. */
  | 'initial'
  /** The server answered 401 to the previous token. */
  | 'rejected'
  /** The user is homed on another pool (autodiscovery redirect): a token for the new origin. */
  | 'redirect';

/** What a token source function is told when asked for a token. */
export interface TokenRequest {
  /** The origin the token will be sent to, e.g. `https://lyncweb.contoso.com`. */
  readonly origin: string;
  /** Why it is asked. */
  readonly reason: TokenRequestReason;
}

/**
 * Where bearer tokens come from: a fixed string (`cwt=...`), or a function returning one or a
 * Promise of one. A function is asked again after a 401; concurrent 401s share one call.
 */
export type TokenSource = string | ((request: TokenRequest) => string | Promise<string>);

/**
 * Supplies bearer tokens to the transport and renews them. Credentials are bound to one
 * origin: the first authenticated request binds it, a redirect rebinds it.
 */
export interface Authenticator {
  /** The origin the credentials belong to, once bound. */
  readonly boundOrigin: string | undefined;
  /** Binds the credentials to `origin` if they are not bound yet. */
  bind(origin: string): void;
  /** Forgets the token and binds to a new origin (autodiscovery redirect: sign in afresh). */
  rebind(origin: string): void;
  /** The token to send now, or undefined when the server must challenge first (password grant). */
  token(): Promise<string | undefined>;
  /**
   * A new token after the server rejected `rejected` (undefined when none was sent). Calls
   * with the same rejected token share one renewal.
   */
  renew(rejected: string | undefined, challenge: OAuthChallenge | undefined, challengeUrl: string): Promise<string>;
}

/**
 * What both authenticators share: credentials bound to one origin (the first authenticated
 * request binds it, a redirect rebinds it and forgets the token), and renewals shared by the
 * callers that saw the same token rejected.
 */
export abstract class OriginBoundAuthenticator implements Authenticator {
  private origin: string | undefined;
  private renewal: { readonly rejected: string | undefined; readonly promise: Promise<string> } | undefined;

  get boundOrigin(): string | undefined {
    return this.origin;
  }

  bind(origin: string): void {
    this.origin ??= origin;
  }

  rebind(origin: string): void {
    this.origin = origin;
    this.forget();
  }

  abstract token(): Promise<string | undefined>;
  abstract renew(rejected: string | undefined, challenge: OAuthChallenge | undefined, challengeUrl: string): Promise<string>;

  /** Drops the token (and whatever leads to it) after a rebind. */
  protected abstract forget(): void;

  /** Runs `obtain` once for every caller that saw `rejected` refused; a later rejection runs it again. */
  protected renewOnce(rejected: string | undefined, obtain: () => Promise<string>): Promise<string> {
    if (this.renewal && this.renewal.rejected === rejected) return this.renewal.promise;
    const promise = obtain().finally(() => {
      if (this.renewal?.promise === promise) this.renewal = undefined;
    });
    this.renewal = { rejected, promise };
    return promise;
  }
}
