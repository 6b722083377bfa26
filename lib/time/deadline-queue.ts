import type { Clock } from './clock.js';

/**
 * Many deadlines on one timer: items are due at given clock times, and a single timer, armed for
 * the earliest, hands every due item to `onDue` in one call. Thousands of contacts waiting for
 * their grace period or their first value cost one timer, not thousands.
 */
export class DeadlineQueue<T> {
  private readonly due = new Map<T, number>();
  private cancelTimer: (() => void) | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (items: readonly T[]) => void,
  ) {}

  /** Makes `item` due at `at` (clock ms), replacing an earlier deadline of it. */
  add(item: T, at: number): void {
    this.due.set(item, at);
    if (at < this.armedFor) this.arm(at);
  }

  /** Forgets `item`; true when it was waiting. */
  delete(item: T): boolean {
    return this.due.delete(item);
  }

  /** Whether `item` is waiting. */
  has(item: T): boolean {
    return this.due.has(item);
  }

  /** Items waiting. */
  get size(): number {
    return this.due.size;
  }

  /** Takes the waiting items that match out now, before their deadline (without calling `onDue`). */
  takeWhere(predicate: (item: T) => boolean): T[] {
    const taken = [...this.due.keys()].filter(predicate);
    for (const item of taken) this.due.delete(item);
    if (this.due.size === 0) this.disarm();
    return taken;
  }

  /** Takes every waiting item out now (without calling `onDue`). */
  drain(): T[] {
    const items = [...this.due.keys()];
    this.due.clear();
    this.disarm();
    return items;
  }

  /** Forgets everything and stops the timer. */
  clear(): void {
    this.due.clear();
    this.disarm();
  }

  private arm(at: number): void {
    this.disarm();
    this.armedFor = at;
    this.cancelTimer = this.clock.setTimer(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    this.cancelTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const ready: T[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [item, at] of this.due) {
      if (at <= now) ready.push(item);
      else next = Math.min(next, at);
    }
    for (const item of ready) this.due.delete(item);
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
    if (ready.length > 0) this.onDue(ready);
  }
}
