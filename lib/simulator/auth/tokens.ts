import { randomBytes } from 'node:crypto';
import type { Clock } from '../../time/clock.js';
import type { AccountRecord } from '../directory/records.js';

interface Issued {
  readonly account: AccountRecord;
  readonly expiresAt: number;
}

/**
 * OAuth tokens issued by this simulator (so they are valid for its origin only). They
 * expire by the simulator clock.
 */
export class TokenStore {
  private readonly tokens = new Map<string, Issued>();

  /** @param clock the simulator clock; @param lifetimeMs token lifetime. */
  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs: number,
  ) {}

  /** Issues a token: `cwt=...` and its lifetime in seconds. */
  issue(account: AccountRecord): { readonly accessToken: string; readonly expiresIn: number } {
    const accessToken = `cwt=${randomBytes(36).toString('base64')}`;
    this.tokens.set(accessToken, { account, expiresAt: this.clock.now() + this.lifetimeMs });
    return { accessToken, expiresIn: Math.floor(this.lifetimeMs / 1000) };
  }

  /** The account an `Authorization: Bearer cwt=...` header stands for, if valid and not expired. */
  authenticate(authorization: string | undefined): AccountRecord | undefined {
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (token === undefined) return undefined;
    const issued = this.tokens.get(token);
    if (!issued) return undefined;
    if (issued.expiresAt <= this.clock.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return issued.account;
  }

  /** Makes every token of `account` (or every token) expire now. */
  expireAll(account?: AccountRecord): void {
    for (const [token, issued] of this.tokens) {
      if (!account || issued.account.key === account.key) this.tokens.delete(token);
    }
  }
}
