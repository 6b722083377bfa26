import type { Clock } from '../time/clock.js';

/** One request's abort signal with a client-side timeout on the client's clock. */
export interface TimedSignal {
  /** Aborts when the caller's signal aborts or the timeout passes. */
  readonly signal: AbortSignal;
  /** Whether it was the timeout that aborted. */
  readonly timedOut: () => boolean;
  /** Stops the timeout (the answer arrived); the caller's signal still aborts. */
  readonly clear: () => void;
}

/**
 * A signal for one request that follows `outer` and also aborts after `timeoutMs` on `clock`.
 * Request timeouts run on the client's clock (not a timer of the HTTP library), so a test's
 * ManualClock drives them and a client's timers all share one native timer.
 */
export function timedSignal(clock: Clock, outer: AbortSignal, timeoutMs: number): TimedSignal {
  const controller = new AbortController();
  let timedOut = false;
  if (outer.aborted) controller.abort();
  else outer.addEventListener('abort', () => controller.abort(), { once: true });
  const cancel = clock.setTimer(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  return { signal: controller.signal, timedOut: () => timedOut, clear: cancel };
}
