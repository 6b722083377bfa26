/** How retries are spaced: exponential from `baseDelayMs`, capped, with jitter. */
export interface BackoffOptions {
  /** Delay before the first retry, ms (default 1000). */
  readonly baseDelayMs?: number | undefined;
  /** Upper bound of the computed delay, ms (default 30000). */
  readonly maxDelayMs?: number | undefined;
  /** Fraction of each delay that is random, 0 (none) to 1 (full jitter); default 0.5. */
  readonly jitter?: number | undefined;
  /** Upper bound for a server's Retry-After, ms (default 5 minutes); longer waits are capped. */
  readonly maxRetryAfterMs?: number | undefined;
  /** Random source in [0, 1); injectable for tests. */
  readonly random?: (() => number) | undefined;
}

/**
 * The delay before retry number `attempt` (1-based): `base * 2^(attempt-1)` capped at
 * `maxDelayMs`, of which a `jitter` fraction is random. A Retry-After from the server is
 * honoured: the delay is never shorter than it (up to `maxRetryAfterMs`).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, retryAfterMs?: number): number {
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 30_000;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const random = options.random ?? Math.random;
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const delay = exponential * (1 - jitter) + exponential * jitter * random();
  const floor = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, options.maxRetryAfterMs ?? 300_000);
  return Math.round(Math.max(delay, floor));
}
