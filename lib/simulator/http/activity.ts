/**
 * Tracks requests in progress so tests can wait until the server is idle. Requests parked on
 * the simulator clock (held P-GETs, injected latency) do not count as busy: only the clock can
 * move them on. This is the only real-time code of the simulator (a short quiet period).
 */
export class ActivityTracker {
  private active = 0;
  private parked = 0;
  private lastChange = performance.now();

  /** @param quietMs how long nothing must happen before the server counts as idle. */
  constructor(private readonly quietMs: number) {}

  /** A request arrived. */
  begin(): void {
    this.active++;
    this.lastChange = performance.now();
  }

  /** A request finished (answered, dropped or abandoned). */
  end(): void {
    this.active--;
    this.lastChange = performance.now();
  }

  /** A request waits on the clock. */
  park(): void {
    this.parked++;
    this.lastChange = performance.now();
  }

  /** A request stopped waiting on the clock. */
  unpark(): void {
    this.parked--;
    this.lastChange = performance.now();
  }

  /** Requests being worked on (not parked). */
  get busy(): number {
    return this.active - this.parked;
  }

  /**
   * Resolves once no request is being worked on and none arrived or finished for the quiet
   * period (giving up after `maxWaitMs` of real time). Pass it as ManualClock's `settle`.
   */
  readonly settle = async (maxWaitMs = 5000): Promise<void> => {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const now = performance.now();
      if ((this.busy === 0 && now - this.lastChange >= this.quietMs) || now > deadline) return;
      await new Promise<void>((resolve) => globalThis.setTimeout(resolve, Math.max(1, Math.min(this.quietMs, 5))));
    }
  };
}
