import { SignInError } from '../../errors/sign-in-error.js';
import { isUcwaError } from '../../errors/guards.js';
import { redactText } from '../../errors/redact.js';
import type { Authenticator, TokenRequestReason, TokenSource } from './authenticator.js';

/** Bearer scheme prefix some token sources include; the transport adds its own. */
const BEARER = /^Bearer\s+/i;

/** Authenticator over a user-supplied {@link TokenSource}. */
export class TokenSourceAuthenticator implements Authenticator {
  private origin: string | undefined;
  private current: string | undefined;
  private renewal: { rejected: string | undefined; promise: Promise<string> } | undefined;
  private reason: TokenRequestReason = 'initial';

  constructor(private readonly source: TokenSource) {}

  get boundOrigin(): string | undefined {
    return this.origin;
  }

  bind(origin: string): void {
    this.origin ??= origin;
  }

  rebind(origin: string): void {
    this.origin = origin;
    this.current = undefined;
    this.reason = 'redirect';
  }

  async token(): Promise<string> {
    if (this.current !== undefined) return this.current;
    return this.ask(this.reason);
  }

  renew(rejected: string | undefined): Promise<string> {
    if (this.current !== undefined && this.current !== rejected) return Promise.resolve(this.current);
    if (this.renewal && this.renewal.rejected === rejected) return this.renewal.promise;
    const promise = this.ask('rejected').finally(() => {
      if (this.renewal?.promise === promise) this.renewal = undefined;
    });
    this.renewal = { rejected, promise };
    return promise;
  }

  private async ask(reason: TokenRequestReason): Promise<string> {
    const origin = this.origin ?? '';
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
