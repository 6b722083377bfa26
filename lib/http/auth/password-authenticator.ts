import { isLeft } from '../../util/either.js';
import ky from 'ky';
import { OAuthErrorBodyCodec } from '../../codecs/error-body.js';
import { OAuthTokenCodec } from '../../codecs/discovery.js';
import { decodeOrThrow } from '../../codecs/decode.js';
import { DecodeError } from '../../errors/decode-error.js';
import { RefusedOriginError } from '../../errors/transport-errors.js';
import { SignInError } from '../../errors/sign-in-error.js';
import { redactText, redactUrl } from '../../errors/redact.js';
import { isDecodeError } from '../../errors/guards.js';
import { httpErrorFromResponse } from '../error-from-response.js';
import { exchangeFailure, readBodyWithin, type FailedExchange } from '../exchange-failure.js';
import { signalFetch } from '../signal-fetch.js';
import { headersWithin } from '../within-deadline.js';
import type { Clock } from '../../time/clock.js';
import { resolveHref } from '../href.js';
import { timedSignal } from '../request-timeout.js';
import { OriginBoundAuthenticator } from './authenticator.js';
import type { OAuthChallenge } from './challenge.js';

/** A user name and password for the MsRtcOAuth password grant. */
export interface PasswordCredentials {
  /** Sign-in name, e.g. `alice@contoso.com`. */
  readonly username: string;
  /** Password. Sent only to the token endpoint of the origin that challenged. */
  readonly password: string;
}

/** Options of {@link PasswordAuthenticator}. */
export interface PasswordAuthenticatorOptions {
  readonly credentials: PasswordCredentials;
  readonly clock: Clock;
  /** The fetch to use (defaults to the global one). */
  readonly fetch?: typeof fetch | undefined;
  /** Request timeout for the token endpoint, ms. */
  readonly timeoutMs?: number | undefined;
}

interface HeldToken {
  readonly value: string;
  /** When to stop using it and get a new one (before `expires_in` runs out). */
  readonly renewAt: number;
}

/** Statuses of a token answer without an OAuth error body that still refuse the grant (permanently). */
const REFUSING_STATUSES: ReadonlySet<number> = new Set([400, 401, 403]);

/** Lifetime assumed when the token endpoint does not say (AuthenticationInUCWA: 8 hours). */
const DEFAULT_LIFETIME_S = 8 * 3600;

/**
 * The MsRtcOAuth password grant (CreateAnApplication, AuthenticationInUCWA): the first
 * request goes without a token, its 401 names the token endpoint, a POST of
 * `grant_type=password` there returns `access_token`. The token is renewed before
 * `expires_in` runs out. The password goes only to a token endpoint on the origin that
 * challenged.
 */
export class PasswordAuthenticator extends OriginBoundAuthenticator {
  private held: HeldToken | undefined;
  private tokenUrl: string | undefined;

  constructor(private readonly options: PasswordAuthenticatorOptions) {
    super();
  }

  protected forget(): void {
    this.held = undefined;
    this.tokenUrl = undefined;
  }

  async token(): Promise<string | undefined> {
    if (this.held && this.options.clock.now() < this.held.renewAt) return this.held.value;
    if (this.tokenUrl) return this.renew(this.held?.value, undefined, this.tokenUrl);
    return undefined;
  }

  renew(rejected: string | undefined, challenge: OAuthChallenge | undefined, challengeUrl: string): Promise<string> {
    const fresh = this.held && this.held.value !== rejected && this.options.clock.now() < this.held.renewAt;
    if (fresh && this.held) return Promise.resolve(this.held.value);
    return this.renewOnce(rejected, () => this.grant(challenge, challengeUrl));
  }

  private async grant(challenge: OAuthChallenge | undefined, challengeUrl: string): Promise<string> {
    if (challenge) {
      if (challenge.grantTypes.length > 0 && !challenge.grantTypes.some((g) => g.toLowerCase() === 'password')) {
        throw new SignInError('unsupported_grant_type', 'the server does not offer the password grant');
      }
      const url = resolveHref(challenge.href, challengeUrl);
      const challenger = new URL(challengeUrl).origin;
      if (url.origin !== challenger) throw new RefusedOriginError(url.origin, challenger, 'POST');
      this.tokenUrl = url.toString();
    }
    if (!this.tokenUrl) throw new SignInError('noChallenge', 'the server sent no MsRtcOAuth challenge with its 401', 401);
    const issuedAt = this.options.clock.now();
    const body = await this.post(this.tokenUrl);
    const lifetimeMs = (body.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    const margin = Math.min(5 * 60_000, lifetimeMs / 10);
    this.held = { value: body.access_token.replace(/^Bearer\s+/i, ''), renewAt: issuedAt + lifetimeMs - margin };
    return this.held.value;
  }

  private async post(tokenUrl: string): Promise<{ access_token: string; expires_in?: number | undefined }> {
    const form = new URLSearchParams({
      grant_type: 'password',
      username: this.options.credentials.username,
      password: this.options.credentials.password,
    });
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    // Nothing cancels the token request but its deadline: one for the headers and the body.
    const controller = new AbortController();
    const exchange: FailedExchange = { method: 'POST', url: redactUrl(tokenUrl), timeoutMs, attempt: timedSignal(this.options.clock, controller, timeoutMs) };
    let response: Response;
    try {
      const posting = ky.post(tokenUrl, {
        body: form,
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        retry: 0,
        throwHttpErrors: false,
        timeout: false,
        fetch: signalFetch(this.options.fetch, exchange.attempt.signal, form),
      });
      response = await headersWithin(posting, exchange.attempt.signal);
    } catch (error) {
      exchange.attempt.clear();
      throw exchangeFailure(error, exchange);
    }
    const text = await readBodyWithin(response, exchange, controller.signal);
    // Whatever the token endpoint says is kept only after the password and tokens are removed from it.
    const redact = (value: string): string => redactText(value, [this.options.credentials.password]);
    const rawDiagnostics = response.headers.get('x-ms-diagnostics');
    const diagnostics = rawDiagnostics === null ? undefined : redact(rawDiagnostics);
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = OAuthErrorBodyCodec.decode(json);
      // The endpoint could not act now (5xx, 429, 408, or a status that is no answer to a grant): worth retrying.
      if (isLeft(error) && !REFUSING_STATUSES.has(response.status)) {
        throw httpErrorFromResponse({ status: response.status, headers: response.headers, text }, 'POST', exchange.url, this.options.clock.now(), redact);
      }
      const reason = isLeft(error) ? 'invalid_request' : redact(error.right.error.slice(0, 100));
      throw new SignInError(reason, `the token endpoint answered ${response.status}`, response.status, diagnostics);
    }
    if (json === undefined) throw new DecodeError('OAuth token', [], 'malformedJson', exchange.url);
    try {
      return decodeOrThrow(OAuthTokenCodec, json, 'OAuth token', exchange.url);
    } catch (error) {
      // A token answer of the wrong shape may still hold the token: say where, never what.
      if (isDecodeError(error)) throw new DecodeError('OAuth token', error.failures.map((f) => ({ ...f, actual: '[redacted]' })), 'mismatch', exchange.url);
      throw error;
    }
  }
}
