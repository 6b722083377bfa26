import type { Clock } from './clock.js';

interface PendingTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/** Waits for pending I/O between two timers of {@link ManualClock.advance}. */
export type Settle = () => Promise<void>;

/** One real macrotask turn: lets promise chains and socket callbacks run. */
const macrotask: Settle = () => new Promise((resolve) => globalThis.setTimeout(resolve, 0));

/**
 * A clock that moves only when told to. Timers fire in due order during {@link advance};
 * between two timers it awaits a settle function so that requests a timer started can
 * complete before the next timer fires. Share one instance between the simulator and the
 * client to run hours of protocol time in milliseconds.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  /** @param startMs the initial time, milliseconds since the epoch. */
  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
  }

  /** The clock's current time. */
  now(): number {
    return this.current;
  }

  /** Schedules `callback` at `now() + delayMs`; returns its cancel function. */
  setTimer(callback: () => void, delayMs: number): () => void {
    const timer: PendingTimer = { id: this.nextId++, due: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** How many timers are waiting to fire. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** When the earliest timer is due, or undefined when none is pending. */
  get nextDue(): number | undefined {
    return this.timers.reduce<number | undefined>((min, t) => (min === undefined || t.due < min ? t.due : min), undefined);
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due, earliest first (ties in
   * the order they were set). Before the first timer and after each one it awaits `settle`,
   * so timers set by the work of a fired timer are honoured within the same advance.
   */
  async advance(ms: number, settle: Settle = macrotask): Promise<void> {
    const target = this.current + Math.max(0, ms);
    await settle();
    for (;;) {
      const next = this.takeNextDue(target);
      if (!next) break;
      this.current = Math.max(this.current, next.due);
      next.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }

  /** Sets the time directly without firing timers: only for a clock nothing is waiting on. */
  set(ms: number): void {
    this.current = ms;
  }

  private takeNextDue(target: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.due <= target && (!best || t.due < best.due || (t.due === best.due && t.id < best.id))) best = t;
    }
    if (best) this.timers = this.timers.filter((t) => t !== best);
    return best;
  }
}
