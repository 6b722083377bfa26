import type { Clock } from './clock.js';

/**
 * A clock whose pending timers can all be cancelled at once. The client runs every timer
 * (grace periods, backoff, refreshes) through one, so that `close()` leaves nothing behind
 * that would keep a Node process alive.
 */
export class DisposableClock implements Clock {
  private readonly pending = new Set<() => void>();
  private disposed = false;

  constructor(private readonly inner: Clock) {}

  now(): number {
    return this.inner.now();
  }

  setTimer(callback: () => void, delayMs: number): () => void {
    if (this.disposed) return () => undefined;
    const cancel = (): void => {
      innerCancel();
      this.pending.delete(cancel);
    };
    const innerCancel = this.inner.setTimer(() => {
      this.pending.delete(cancel);
      callback();
    }, delayMs);
    this.pending.add(cancel);
    return cancel;
  }

  /** Timers waiting to fire. */
  get size(): number {
    return this.pending.size;
  }

  /** Cancels every pending timer; later timers are never set. */
  dispose(): void {
    this.disposed = true;
    for (const cancel of [...this.pending]) cancel();
  }
}
