import { acquireDelayMs, fleetView, handoverTarget, leadsOf, type FleetEntry, type FleetView } from './balance-policy.js';
import { localLeadership } from './local-leadership.js';
import type { ScriptRunner } from './redis-lease.js';
import { CLAIM_HANDOVER, DEREGISTER, HEARTBEAT } from './registry-scripts.js';
import type { ServiceKeys } from './service-keys.js';

/** What the balancer needs of the lease it balances. */
export interface BalancedLease {
  /** True while this fleet client holds the lease. */
  readonly leading: boolean;
  /** Hands the held lease over to a replica; resolves true when done. */
  handOver(target: string): Promise<boolean>;
}

/** One fleet client as the registry knows it. */
export interface RegistryEntry {
  /** The service whose replicas balance their identities. */
  readonly service: string;
  /** Unique per fleet client: the registry's key for it, and its name in the lease value. */
  readonly holder: string;
  /** The replica it runs on. */
  readonly replica: string;
  /** The identity it stands for. */
  readonly identity: string;
}

/**
 * One fleet client's part in balancing (docs/fleet.md), kept by one loop: every TTL/3 (and at
 * once when its leadership changes) it records itself in the service's registry as alive for one
 * TTL, with whether it leads, and reads back every live entry (the dead are pruned by Redis time).
 * From that view it tells the lease how long to wait before taking a free lease, and while it
 * leads, hands the lease over when another live replica standing for the identity leads at least
 * two fewer than its own (lib/redis/balance-policy.ts), once Redis agreed: at most one hand-over
 * per TTL per replica, and not one that leases handed to the same target a moment ago make moot
 * (lib/redis/registry-scripts.ts, CLAIM_HANDOVER).
 */
export class ReplicaBalancer {
  /** The registry's live entries as of the last heartbeat (none read yet: undefined). */
  private entries: readonly FleetEntry[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busy = false;
  private again = false;
  private balancing = false;
  private stopped = false;

  constructor(
    private readonly redis: ScriptRunner,
    private readonly keys: ServiceKeys,
    private readonly self: RegistryEntry,
    private readonly ttlMs: number,
    private readonly lease: BalancedLease,
    /** Resolves once commands can run (the loop waits for it). */
    private readonly ready: Promise<unknown>,
    /**
     * Whether the lease may be handed over now: not while the real client is still creating its
     * application (closing it then would leave that application on the server until it expires).
     */
    private readonly steady: () => boolean = () => true,
  ) {}

  /** Starts the loop. */
  start(): void {
    this.record();
    void this.ready.then(
      () => this.loop(),
      () => undefined,
    );
  }

  /** The lease's leadership changed: recorded locally now, and in the registry at once. */
  leadershipChanged(): void {
    if (this.stopped) return;
    this.record();
    void this.beat();
  }

  /** How long the lease should wait before trying to take the free lease. */
  acquireDelayMs(): number {
    return acquireDelayMs(this.view(), this.self.replica, this.self.identity, this.ttlMs / 3);
  }

  /**
   * The view of the live replicas: the registry's entries of the other processes' replicas, and
   * this process's fleet clients as they are now (lib/redis/local-leadership.ts).
   */
  private view(): FleetView | undefined {
    if (!this.entries) return undefined;
    return fleetView(localLeadership.merge(this.self.service, this.entries));
  }

  private record(): void {
    const { service, holder, replica, identity } = this.self;
    localLeadership.set(service, holder, { replica, identity, leading: this.lease.leading });
  }

  /** Leaves the registry (sent at once; resolves whether or not Redis answered). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    localLeadership.delete(this.self.service, this.self.holder);
    await this.redis.eval(DEREGISTER, { keys: [this.keys.alive, this.keys.members], arguments: [this.self.holder] }).catch(() => undefined);
  }

  private loop(): void {
    if (this.stopped) return;
    void this.beat();
    this.timer = setTimeout(() => this.loop(), this.ttlMs / 3);
  }

  /** A heartbeat (one at a time; one asked for meanwhile runs right after), then balancing. */
  private async beat(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    try {
      await this.heartbeat();
    } finally {
      this.busy = false;
    }
    if (this.again && !this.stopped) {
      this.again = false;
      return this.beat();
    }
    if (this.balancing) return;
    this.balancing = true;
    try {
      await this.balance();
    } finally {
      this.balancing = false;
    }
  }

  private async heartbeat(): Promise<void> {
    const { holder, replica, identity } = this.self;
    const entry = JSON.stringify({ replica, identity, leading: this.lease.leading });
    const reply = await this.redis.eval(HEARTBEAT, { keys: [this.keys.alive, this.keys.members], arguments: [holder, entry, String(this.ttlMs)] }).catch(() => undefined);
    if (!Array.isArray(reply) || this.stopped) return;
    this.entries = [...liveEntries(reply)];
  }

  /** While leading: hands the lease over if the view says so and the claim script agrees. */
  private async balance(): Promise<void> {
    const view = this.view();
    if (this.stopped || !this.lease.leading || !view) return;
    const target = handoverTarget(view, this.self.replica, this.self.identity);
    if (target === undefined || !this.steady()) return;
    const { replica } = this.self;
    const claimed = await this.redis
      .eval(CLAIM_HANDOVER, { keys: [this.keys.handoverSlot(replica), this.keys.incoming(target)], arguments: [String(this.ttlMs), String(leadsOf(view, replica)), String(leadsOf(view, target))] })
      .catch(() => 0);
    if (claimed === 1 && !this.stopped && this.lease.leading) await this.lease.handOver(target);
  }
}

/** The registry's entries (HGETALL's holder, entry, ... pairs), malformed ones skipped. */
function* liveEntries(reply: readonly unknown[]): Generator<FleetEntry> {
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const [holder, text] = [reply[i], reply[i + 1]];
    if (typeof holder !== 'string' || typeof text !== 'string') continue;
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      continue;
    }
    if (typeof entry !== 'object' || entry === null) continue;
    const { replica, identity, leading } = entry as Record<string, unknown>;
    if (typeof replica !== 'string' || typeof identity !== 'string') continue;
    yield { replica, identity, leading: leading === true };
  }
}
