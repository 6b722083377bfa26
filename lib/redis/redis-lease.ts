import type { Leadership } from '../share/share-transport.js';
import type { FleetKeys } from './fleet-keys.js';
import { ACQUIRE, RELEASE, RENEW } from './lease-scripts.js';

/** What the lease needs of a Redis connection: running a script. */
export interface ScriptRunner {
  /** Runs a Lua script (EVAL) with its keys and arguments. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
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
 * have expired in Redis and been taken by another replica.
 */
export class RedisLease {
  private held: Held | undefined;
  private busy = false;
  private stopped = false;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly redis: ScriptRunner,
    private readonly keys: FleetKeys,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly emit: (leadership: Leadership) => void,
    /** Called once connected commands can run (the loop waits for it). */
    private readonly ready: Promise<unknown>,
  ) {}

  /**
   * The lease key's value while this replica leads. Checks the deadline first: a process that was
   * paused (SIGSTOP, a long GC) past it must not publish before its timer had the chance to fire.
   */
  currentValue(): string | undefined {
    const held = this.held;
    if (!held || now() - held.confirmedAt < this.ttlMs / 2) return held?.value;
    // Given up now; said a moment later, outside the publisher's call.
    queueMicrotask(() => {
      if (this.held === held) this.lose(true);
    });
    return undefined;
  }

  /** Starts standing for the lease. */
  start(): void {
    void this.ready.then(
      () => this.tick(),
      () => undefined,
    );
  }

  /** Tries to take the lease now (another replica said it let go). */
  wake(): void {
    if (!this.stopped && !this.held) void this.attempt();
  }

  /** Stops standing and releases the lease if held; resolves whether or not Redis answered. */
  async stop(): Promise<boolean> {
    this.stopped = true;
    clearTimeout(this.tickTimer);
    clearTimeout(this.deadlineTimer);
    const held = this.held;
    this.held = undefined;
    if (!held) return false;
    return this.redis.eval(RELEASE, { keys: [this.keys.lease], arguments: [held.value] }).then(
      (released) => released === 1,
      () => false,
    );
  }

  private tick(): void {
    if (this.stopped) return;
    void this.attempt();
    this.tickTimer = setTimeout(() => this.tick(), this.ttlMs / 3);
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
    const sentAt = now();
    const token = await this.redis.eval(ACQUIRE, { keys: [this.keys.lease, this.keys.token, this.keys.values], arguments: [this.holder, String(this.ttlMs)] }).catch(() => 0);
    if (typeof token !== 'number' || token <= 0) return;
    const held: Held = { value: `${this.holder}:${token}`, token, confirmedAt: sentAt };
    if (this.stopped || !this.arm(held)) {
      // Withdrawn meanwhile, or the answer came too late to lead safely: let it go at once.
      await this.redis.eval(RELEASE, { keys: [this.keys.lease], arguments: [held.value] }).catch(() => undefined);
      return;
    }
    this.held = held;
    this.emit({ leading: true, token });
  }

  private async renew(held: Held): Promise<void> {
    const sentAt = now();
    const renewed = await this.redis.eval(RENEW, { keys: [this.keys.lease, this.keys.values], arguments: [held.value, String(this.ttlMs)] }).catch(() => undefined);
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
    const left = held.confirmedAt + this.ttlMs / 2 - now();
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
    this.emit({ leading: false, token: 0 });
    // Given up for want of renewal: if Redis is back and the key still ours, free it for the others.
    if (release && held) void this.redis.eval(RELEASE, { keys: [this.keys.lease], arguments: [held.value] }).catch(() => undefined);
  }
}
