import { systemClock, type Clock } from '../../lib/time/clock.js';

/** A clock that counts its timers still pending (set, neither fired nor cancelled). */
export interface CountingClock extends Clock {
  /** Timers set and not yet fired or cancelled. */
  readonly pending: number;
}

/** Wraps `base` (the real clock by default) and counts its pending timers. */
export function countingClock(base: Clock = systemClock): CountingClock {
  let pending = 0;
  return {
    now: () => base.now(),
    setTimer(callback, delayMs) {
      let live = true;
      pending += 1;
      const settle = (): void => {
        if (live) pending -= 1;
        live = false;
      };
      const cancel = base.setTimer(() => {
        settle();
        callback();
      }, delayMs);
      return () => {
        settle();
        cancel();
      };
    },
    get pending() {
      return pending;
    },
  };
}
