import { randomBytes } from 'node:crypto';
import type { Clock } from '../../time/clock.js';
import type { AccountRecord } from '../directory/records.js';

interface Issued {
  readonly account: AccountRecord;
  readonly expiresAt: number;
}

/**
 * OAuth tokens issued by this simulator (so they are valid for its origin only). They expire by
 * the simulator clock and are then forgotten; each account keeps at most `maxPerAccount` of them
 * (a new one evicts the account's oldest), so signing in again and again cannot grow the store.
 */
export class TokenStore {
  /** Every live token, oldest first: with one lifetime for all, that is also expiry order. */
  private readonly tokens = new Map<string, Issued>();
  /** Each account's tokens, oldest first. */
  private readonly byAccount = new Map<string, Set<string>>();

  /**
   * @param clock the simulator clock
   * @param lifetimeMs token lifetime
   * @param maxPerAccount how many live tokens one account may have
   */
  constructor(
    private readonly clock: Clock,
    private readonly lifetimeMs: number,
    private readonly maxPerAccount: number,
  ) {}

  /** How many tokens are held. */
  get size(): number {
    return this.tokens.size;
  }

  /** Issues a token: `cwt=...` and its lifetime in seconds. */
  issue(account: AccountRecord): { readonly accessToken: string; readonly expiresIn: number } {
    this.evictExpired();
    const mine = this.byAccount.get(account.key) ?? new Set<string>();
    for (const oldest of mine) {
      if (mine.size < this.maxPerAccount) break;
      this.remove(oldest);
    }
    const accessToken = `cwt=${randomBytes(36).toString('base64')}`;
    this.tokens.set(accessToken, { account, expiresAt: this.clock.now() + this.lifetimeMs });
    mine.add(accessToken);
    this.byAccount.set(account.key, mine);
    return { accessToken, expiresIn: Math.floor(this.lifetimeMs / 1000) };
  }

  /** The account an `Authorization: Bearer cwt=...` header stands for, if valid and not expired. */
  authenticate(authorization: string | undefined): AccountRecord | undefined {
    this.evictExpired();
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (token === undefined) return undefined;
    const issued = this.tokens.get(token);
    if (!issued) return undefined;
    if (issued.expiresAt <= this.clock.now()) {
      this.remove(token);
      return undefined;
    }
    return issued.account;
  }

  /** Makes every token of `account` (or every token) expire now. */
  expireAll(account?: AccountRecord): void {
    for (const [token, issued] of this.tokens) {
      if (!account || issued.account.key === account.key) this.remove(token);
    }
  }

  /** Forgets expired tokens from the oldest on: amortised constant work per call. */
  private evictExpired(): void {
    const now = this.clock.now();
    for (const [token, issued] of this.tokens) {
      if (issued.expiresAt > now) return;
      this.remove(token);
    }
  }

  private remove(token: string): void {
    const issued = this.tokens.get(token);
    if (!issued) return;
    this.tokens.delete(token);
    const mine = this.byAccount.get(issued.account.key);
    mine?.delete(token);
    if (mine?.size === 0) this.byAccount.delete(issued.account.key);
  }
}
