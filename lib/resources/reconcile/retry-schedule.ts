import { backoffDelay, type BackoffOptions } from '../../operators/backoff.js';
import { isHttpError } from '../../errors/guards.js';

/**
 * Per-item requeue with jittered exponential backoff, as a rate-limited work queue does: each
 * failure of an item pushes its next attempt further out (honouring Retry-After), a success
 * forgets its failures. Items are anything with identity (a contact, a subscription).
 */
export class RetrySchedule<T extends object> {
  private failures = new WeakMap<T, { count: number; notBefore: number }>();

  constructor(
    private readonly now: () => number,
    private readonly options: BackoffOptions = { baseDelayMs: 1000, maxDelayMs: 30_000 },
  ) {}

  /** Records a failure of `item`; returns when it may be tried again (clock ms). */
  failed(item: T, error?: unknown): number {
    const count = (this.failures.get(item)?.count ?? 0) + 1;
    const retryAfterMs = isHttpError(error) ? error.retryAfterMs : undefined;
    const notBefore = this.now() + backoffDelay(count, this.options, retryAfterMs);
    this.failures.set(item, { count, notBefore });
    return notBefore;
  }

  /** Forgets every failure (a new application: what failed against the old one says nothing). */
  reset(): void {
    this.failures = new WeakMap();
  }

  /** Forgets the failures of `item`. */
  succeeded(item: T): void {
    this.failures.delete(item);
  }

  /** When `item` may be tried again; 0 when it has no failures. */
  notBefore(item: T): number {
    return this.failures.get(item)?.notBefore ?? 0;
  }

  /** True when `item` may be tried now. */
  ready(item: T): boolean {
    return this.notBefore(item) <= this.now();
  }

  /** Consecutive failures of `item`. */
  attempts(item: T): number {
    return this.failures.get(item)?.count ?? 0;
  }
}
