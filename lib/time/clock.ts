/**
 * A source of time and one-shot timers. The library and the simulator take one so that
 * tests can drive minutes-long lifetimes (subscription expiry, token renewal) without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Calls `callback` once after `delayMs`; the returned function cancels it (idempotent). */
  setTimer(callback: () => void, delayMs: number): () => void;
}

/** The real clock: `Date.now()` and the host's `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const handle = globalThis.setTimeout(callback, Math.max(0, delayMs));
    return () => globalThis.clearTimeout(handle);
  },
};
