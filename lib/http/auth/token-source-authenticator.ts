import { SignInError } from '../../errors/sign-in-error.js';
import { isUcwaError } from '../../errors/guards.js';
import { redactText } from '../../errors/redact.js';
import { OriginBoundAuthenticator, type TokenRequestReason, type TokenSource } from './authenticator.js';

/** Bearer scheme prefix some token sources include; the transport adds its own. */
const BEARER = /^Bearer\s+/i;

/** Authenticator over a user-supplied {@link TokenSource}. */
export class TokenSourceAuthenticator extends OriginBoundAuthenticator {
  private current: string | undefined;
  private reason: TokenRequestReason = 'initial';

  constructor(private readonly source: TokenSource) {
    super();
  }

  /** The origin the credentials were first bound to: the only one a fixed string token may go to. */
  private home: string | undefined;

  override bind(origin: string): void {
    this.home ??= origin;
    super.bind(origin);
  }

  /**
   * Follows a redirect to the pool the user is homed on. A token function is asked for a token
   * of the new origin (reason `redirect`); a fixed string token belongs to the origin it was
   * first sent to and never leaves it (it may come back to it, when sign-in starts over): a
   * redirect elsewhere is a permanent `SignInError('redirectNeedsTokenSource')` that says what to
   * configure instead.
   */
  override rebind(origin: string): void {
    const home = this.home;
    if (typeof this.source === 'string' && home !== undefined && home !== origin) {
      throw new SignInError(
        'redirectNeedsTokenSource',
        `the user is homed on ${origin} (autodiscovery redirect), but a fixed token belongs to ${home} and is never sent elsewhere: ` +
          'give a token function (it is asked with the new origin and reason "redirect") or credentials for the password grant',
      );
    }
    this.home ??= origin;
    super.rebind(origin);
  }

  protected forget(): void {
    this.current = undefined;
    this.reason = 'redirect';
  }

  async token(): Promise<string> {
    if (this.current !== undefined) return this.current;
    return this.ask(this.reason);
  }

  renew(rejected: string | undefined): Promise<string> {
    if (this.current !== undefined && this.current !== rejected) return Promise.resolve(this.current);
    return this.renewOnce(rejected, () => this.ask('rejected'));
  }

  private async ask(reason: TokenRequestReason): Promise<string> {
    const origin = this.boundOrigin ?? '';
    let token: string;
    try {
      token = typeof this.source === 'string' ? this.source : await this.source({ origin, reason });
    } catch (error) {
      if (isUcwaError(error)) throw error;
      const message = (error as { message?: unknown } | undefined)?.message;
      const detail = typeof message === 'string' ? redactText(message) : 'the token source failed';
      throw new SignInError('tokenSourceFailed', detail);
    }
    if (typeof token !== 'string' || token.trim() === '') {
      throw new SignInError('tokenSourceFailed', 'the token source returned no token');
    }
    this.current = token.trim().replace(BEARER, '');
    this.reason = 'initial';
    return this.current;
  }
}
