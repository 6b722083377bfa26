import type { Leadership } from '../share/share-transport.js';
import type { FleetKeys } from './fleet-keys.js';
import { ACQUIRE, HAND_OVER, RELEASE, RENEW } from './lease-scripts.js';

/** What the lease needs of a Redis connection: running a script. */
export interface ScriptRunner {
  /** Runs a Lua script (EVAL) with its keys and arguments. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** What a {@link RedisLease} is given. */
export interface LeaseSetup {
  /** The command connection. */
  readonly redis: ScriptRunner;
  /** The identity's keys. */
  readonly keys: FleetKeys;
  /** This fleet client's name in the lease value (unique per fleet client). */
  readonly holder: string;
  /** The replica it runs on: a lease handed over is reserved for a replica. */
  readonly replica: string;
  /** The lease's TTL, ms. */
  readonly ttlMs: number;
  /** Told of every change of leadership. */
  readonly emit: (leadership: Leadership) => void;
  /** Resolves once commands can run (the loop waits for it). */
  readonly ready: Promise<unknown>;
  /** How long to wait before trying to take a free lease (balancing; default: at once). */
  readonly acquireDelayMs?: (() => number) | undefined;
  /** Resolves once the real client this replica ran as leader has closed (awaited before a hand-over, at most TTL/3). */
  readonly settled?: (() => Promise<unknown>) | undefined;
  /** Says on the released channel that the lease was handed over to `target`. */
  readonly announce?: ((target: string) => void) | undefined;
}

interface Held {
  /** The lease key's value: `<holder>:<token>`. */
  readonly value: string;
  readonly token: number;
  /** When the last successful renewal (or the acquisition) was sent: the key lives at least TTL from then. */
  confirmedAt: number;
}

/** A monotonic clock: wall-clock jumps must not stretch or shorten a lease. */
const now = (): number => performance.now();

/**
 * One replica's candidacy for an identity's lease, kept by one loop: every TTL/3 it either tries
 * to take the free lease or renews the one it holds. A renewal that finds the key no longer this
 * holder's loses leadership at once; one that fails (Redis unreachable) is retried, and leadership
 * is given up when no renewal has succeeded for TTL/2 since it was sent, well before the key could
 * have expired in Redis and been taken by another replica. Balancing adds two things: a delay
 * before trying a free lease (replicas below their share try first), and a graceful hand-over of
 * a held lease to a named replica (leadership stops here before the key is released).
 */
export class RedisLease {
  private held: Held | undefined;
  /** A lease being handed over: no longer led here, not yet released in Redis. */
  private handingOver: Held | undefined;
  private busy = false;
  private stopped = false;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private delayedAttempt: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly setup: LeaseSetup) {}

  /** True while this replica holds the lease. */
  get leading(): boolean {
    return this.held !== undefined;
  }

  /**
   * The lease key's value while this replica leads. Checks the deadline first: a process that was
   * paused (SIGSTOP, a long GC) past it must not publish before its timer had the chance to fire.
   */
  currentValue(): string | undefined {
    const held = this.held;
    if (!held || now() - held.confirmedAt < this.setup.ttlMs / 2) return held?.value;
    // Given up now; said a moment later, outside the publisher's call.
    queueMicrotask(() => {
      if (this.held === held) this.lose(true);
    });
    return undefined;
  }

  /** Starts standing for the lease. */
  start(): void {
    void this.setup.ready.then(
      () => this.tick(),
      () => undefined,
    );
  }

  /**
   * Another replica let the lease go: tries to take it, at once if it was handed over to this
   * replica, otherwise after this replica's acquire delay.
   */
  wake(target: string): void {
    if (this.stopped || this.held) return;
    if (target === this.setup.replica) void this.attempt();
    else this.considerAcquiring();
  }

  /**
   * Hands the held lease over to `target` (a replica): stops leading here first (the real client
   * closes), waits for the real client to have closed (at most TTL/3), then deletes the key and
   * reserves it for `target` for one TTL, in one script that does nothing if the lease is no longer
   * this holder's. Resolves true when handed over.
   */
  async handOver(target: string): Promise<boolean> {
    const held = this.held;
    if (!held || this.stopped) return false;
    this.handingOver = held;
    this.lose(false);
    await this.settledOrTimeout();
    if (this.handingOver !== held) return false; // stopped meanwhile: released by stop()
    this.handingOver = undefined;
    const { keys, ttlMs } = this.setup;
    const done = await this.setup.redis.eval(HAND_OVER, { keys: [keys.lease, keys.handover], arguments: [held.value, target, String(ttlMs)] }).catch(() => 0);
    if (done !== 1) return false;
    this.setup.announce?.(target);
    return true;
  }

  /** Stops standing and releases the lease if held; resolves whether or not Redis answered. */
  async stop(): Promise<boolean> {
    this.stopped = true;
    clearTimeout(this.tickTimer);
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.delayedAttempt);
    const held = this.held ?? this.handingOver;
    this.held = undefined;
    this.handingOver = undefined;
    if (!held) return false;
    return this.release(held).then(
      (released) => released === 1,
      () => false,
    );
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.held) void this.attempt();
    else this.considerAcquiring();
    this.tickTimer = setTimeout(() => this.tick(), this.setup.ttlMs / 3);
  }

  /** Tries to take the lease now, or after the acquire delay (one delayed attempt at a time). */
  private considerAcquiring(): void {
    if (this.delayedAttempt !== undefined) return;
    const delay = this.setup.acquireDelayMs?.() ?? 0;
    if (delay <= 0) {
      void this.attempt();
      return;
    }
    this.delayedAttempt = setTimeout(() => {
      this.delayedAttempt = undefined;
      void this.attempt();
    }, delay);
  }

  private async attempt(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.held) await this.renew(this.held);
      else await this.acquire();
    } finally {
      this.busy = false;
    }
  }

  private async acquire(): Promise<void> {
    const { redis, keys, holder, replica, ttlMs } = this.setup;
    const sentAt = now();
    const token = await redis.eval(ACQUIRE, { keys: [keys.lease, keys.token, keys.values, keys.handover], arguments: [holder, String(ttlMs), replica] }).catch(() => 0);
    if (typeof token !== 'number' || token <= 0) return;
    const held: Held = { value: `${holder}:${token}`, token, confirmedAt: sentAt };
    if (this.stopped || !this.arm(held)) {
      // Withdrawn meanwhile, or the answer came too late to lead safely: let it go at once.
      await this.release(held).catch(() => undefined);
      return;
    }
    clearTimeout(this.delayedAttempt);
    this.delayedAttempt = undefined;
    this.held = held;
    this.setup.emit({ leading: true, token });
  }

  private async renew(held: Held): Promise<void> {
    const { redis, keys, ttlMs } = this.setup;
    const sentAt = now();
    const renewed = await redis.eval(RENEW, { keys: [keys.lease, keys.values], arguments: [held.value, String(ttlMs)] }).catch(() => undefined);
    if (this.held !== held) return;
    if (renewed === 1) {
      held.confirmedAt = sentAt;
      if (!this.arm(held)) this.lose(true);
    } else if (renewed === 0) this.lose(false); // the key is gone or another's: lost now
    // Otherwise Redis did not answer: the deadline decides.
  }

  /** Sets the deadline after which leadership is given up; false if it has already passed. */
  private arm(held: Held): boolean {
    clearTimeout(this.deadlineTimer);
    const left = held.confirmedAt + this.setup.ttlMs / 2 - now();
    if (left <= 0) return false;
    this.deadlineTimer = setTimeout(() => {
      if (this.held === held) this.lose(true);
    }, left);
    return true;
  }

  private lose(release: boolean): void {
    const held = this.held;
    this.held = undefined;
    clearTimeout(this.deadlineTimer);
    this.setup.emit({ leading: false, token: 0 });
    // Given up for want of renewal: if Redis is back and the key still ours, free it for the others.
    if (release && held) void this.release(held).catch(() => undefined);
  }

  private release(held: Held): Promise<unknown> {
    return this.setup.redis.eval(RELEASE, { keys: [this.setup.keys.lease], arguments: [held.value] });
  }

  /** The real client's close, or TTL/3 if it takes longer (a pool that does not answer). */
  private settledOrTimeout(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.setup.ttlMs / 3);
      const settled = this.setup.settled?.() ?? Promise.resolve();
      void settled.then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        () => {
          clearTimeout(timer);
          resolve();
        },
      );
    });
  }
}
