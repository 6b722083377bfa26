import type { Clock } from '../time/clock.js';

/** One request's abort signal with a client-side timeout on the client's clock. */
export interface TimedSignal {
  /** Aborts when the request is cancelled or the timeout passes. */
  readonly signal: AbortSignal;
  /** Whether it was the timeout that aborted. */
  readonly timedOut: () => boolean;
  /** Stops the timeout (the answer arrived); cancelling still aborts. */
  readonly clear: () => void;
}

/**
 * A deadline for one request: aborts `controller` (the request's own, which cancelling also
 * aborts) after `timeoutMs` on `clock`, and remembers that it was the timeout. Request timeouts
 * run on the client's clock (not a timer of the HTTP library), so a test's ManualClock drives
 * them and a client's timers all share one native timer. One controller serves the request and
 * its deadline: creating an AbortController (and linking signals) costs more than the rest of
 * the deadline on a loopback request.
 */
export function timedSignal(clock: Clock, controller: AbortController, timeoutMs: number): TimedSignal {
  let timedOut = false;
  const cancel = controller.signal.aborted
    ? () => undefined
    : clock.setTimer(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
  return { signal: controller.signal, timedOut: () => timedOut, clear: cancel };
}
