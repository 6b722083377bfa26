import type { Clock } from './clock.js';

interface Pending {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** True when `a` fires before `b`: earlier due time, then the order they were set in. */
function before(a: Pending, b: Pending): boolean {
  return a.due < b.due || (a.due === b.due && a.order < b.order);
}

/**
 * The client's clock: every timer of a client (grace periods, backoff, refreshes, request
 * timeouts) goes through it. It keeps them in a heap and holds one timer of the underlying clock
 * for the earliest, so a client that watches thousands of contacts through many subscriptions has
 * one native timer, whatever it does. `dispose()` cancels them all: nothing is left to keep a
 * Node process alive after `close()`.
 */
export class DisposableClock implements Clock {
  private readonly heap: Pending[] = [];
  private order = 0;
  private cancelInner: (() => void) | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private disposed = false;

  constructor(private readonly inner: Clock) {}

  now(): number {
    return this.inner.now();
  }

  setTimer(callback: () => void, delayMs: number): () => void {
    if (this.disposed) return () => undefined;
    const pending: Pending = { due: this.now() + Math.max(0, delayMs), order: this.order++, callback, cancelled: false };
    this.push(pending);
    if (pending.due < this.armedFor) this.arm(pending.due);
    return () => {
      if (pending.cancelled) return;
      pending.cancelled = true;
      this.live -= 1;
      if (this.live === 0) this.disarm();
      // Cancelled timers leave the heap lazily; when they are most of it, drop them at once.
      if (this.heap.length > 64 && this.heap.length > 2 * this.live) this.compact();
    };
  }

  /** Timers waiting to fire. */
  get size(): number {
    return this.live;
  }

  /** Cancels every pending timer; later timers are never set. */
  dispose(): void {
    this.disposed = true;
    for (const pending of this.heap) pending.cancelled = true;
    this.heap.length = 0;
    this.live = 0;
    this.disarm();
  }

  private live = 0;

  private arm(due: number): void {
    this.disarm();
    this.armedFor = due;
    this.cancelInner = this.inner.setTimer(() => this.fire(), Math.max(0, due - this.now()));
  }

  private disarm(): void {
    this.cancelInner?.();
    this.cancelInner = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  /** Runs what is due, one at a time in order (a callback may set or cancel timers), then re-arms. */
  private fire(): void {
    this.cancelInner = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.now();
    for (;;) {
      const top = this.peek();
      if (!top || top.due > now) break;
      this.pop();
      top.cancelled = true;
      this.live -= 1;
      top.callback();
    }
    const next = this.peek();
    if (next && !this.disposed) this.arm(next.due);
  }

  /** Rebuilds the heap from the live timers (a sorted array is a heap). */
  private compact(): void {
    const live = this.heap.filter((pending) => !pending.cancelled).sort((a, b) => (before(a, b) ? -1 : 1));
    this.heap.length = 0;
    this.heap.push(...live);
    if (live.length === 0) this.disarm();
  }

  /** The earliest live timer, dropping cancelled ones from the top. */
  private peek(): Pending | undefined {
    while (this.heap.length > 0 && this.heap[0]?.cancelled) this.pop();
    return this.heap[0];
  }

  private push(pending: Pending): void {
    this.live += 1;
    const heap = this.heap;
    heap.push(pending);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Pending;
      if (!before(pending, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = pending;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (heap.length === 0 || !last) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Pending, heap[left] as Pending) ? right : left;
      if (!before(heap[child] as Pending, last)) break;
      heap[i] = heap[child] as Pending;
      i = child;
    }
    heap[i] = last;
  }
}
