import type { Clock } from '../../time/clock.js';
import type { ChannelEvent } from '../events/channel-event.js';
import { EventChannel } from '../events/event-channel.js';
import type { Reply } from '../http/types.js';

/** What an instance needs from its application. */
export interface InstanceHost {
  readonly clock: Clock;
  readonly aggregationScale: number;
  /** Without a P-GET held or sent for this long, the instance's channel is reset (`resume`). */
  readonly transientStateInactivityMs: number;
  /** Without a P-GET held or a request naming it for this long, the instance expires. */
  readonly inactivityMs: number;
  /** The most events its queue holds (see {@link EventChannel}). */
  readonly maxQueuedEvents: number;
  /** Builds `events?ack=N&instanceId=...` for this instance. */
  eventsHref(instanceId: string | undefined, ack: number): string;
  /** The instance's channel was reset (idle, or its queue overflowed): nobody may be listening any more. */
  onChannelReset(instance: ApplicationInstance): void;
  /** The instance expired from inactivity. */
  onExpired(instance: ApplicationInstance): void;
}

/**
 * One instance of an application (MultiTabSupport): a tab or a process that shares the
 * application resource but has its own event channel. Its lifetime is its own: a held P-GET
 * keeps it; without one, it expires `inactivityMs` after its last P-GET or request naming it
 * (an instance that never polled is also kept by any request to the application: it does not
 * use the event channel, application_ref). Its channel is reset (queue dropped, next response
 * `resume`) after `transientStateInactivityMs` without a P-GET, or when its queue overflows.
 */
export class ApplicationInstance {
  /** The instance's event channel. */
  readonly channel: EventChannel;
  /** Creation time. */
  readonly createdAt: number;
  /** Time of its last P-GET, request naming it, or (until it polls) request to the application. */
  lastActivityAt: number;
  /** Whether it ever sent a P-GET. */
  private polled = false;
  private cancelExpiry: () => void = () => undefined;
  private cancelReset: () => void = () => undefined;
  private disposed = false;

  /**
   * @param instanceId the instanceId it was created with (undefined: created without one)
   * @param host its application's hooks
   */
  constructor(
    readonly instanceId: string | undefined,
    private readonly host: InstanceHost,
  ) {
    this.channel = new EventChannel({
      clock: host.clock,
      aggregationScale: host.aggregationScale,
      eventsHref: (ack) => host.eventsHref(instanceId, ack),
      onHeldChange: (held) => this.onHeldChange(held),
      onPgetReceived: () => {
        this.polled = true;
        if (!this.channel.isHeld) this.onHeldChange(false);
      },
      maxQueuedEvents: host.maxQueuedEvents,
      // Deferred to the end of the current operation, which may be halfway through queueing.
      onQueueOverflow: () => queueMicrotask(() => this.resetChannel()),
    });
    this.createdAt = host.clock.now();
    this.lastActivityAt = this.createdAt;
    this.onHeldChange(false);
  }

  /** Whether its channel hears the application's events: not reset since it was last polled. */
  get listening(): boolean {
    return !this.disposed && !this.channel.isResumePending;
  }

  /** When it expires if nothing happens, or undefined while a P-GET is held. */
  expiresAt(): number | undefined {
    return this.channel.isHeld ? undefined : this.lastActivityAt + this.host.inactivityMs;
  }

  /** A request named this instance (or, `fromApplication`, any request to the application). */
  touch(fromApplication = false): void {
    if (this.disposed || (fromApplication && this.polled)) return;
    this.lastActivityAt = this.host.clock.now();
    if (!this.channel.isHeld) this.armExpiry();
  }

  /** Queues events on its channel (dropped while it is reset). */
  enqueue(...events: ChannelEvent[]): void {
    if (!this.disposed) this.channel.enqueue(...events);
  }

  /** Resets its channel: queued events dropped, the next response carries `resume`, settings back to the defaults. */
  resetChannel(): void {
    if (this.disposed) return;
    this.channel.removeQueued(() => true);
    this.channel.markResume();
    this.host.onChannelReset(this);
  }

  /** Stops its timers; a held P-GET is answered with `reply`. */
  dispose(reply: Reply): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelExpiry();
    this.cancelReset();
    this.channel.close(reply);
  }

  private onHeldChange(held: boolean): void {
    if (this.disposed) return;
    this.cancelReset();
    this.cancelExpiry();
    if (held) return;
    this.lastActivityAt = this.host.clock.now();
    this.armExpiry();
    this.cancelReset = this.host.clock.setTimer(() => this.resetChannel(), this.host.transientStateInactivityMs);
  }

  private armExpiry(): void {
    this.cancelExpiry();
    this.cancelExpiry = this.host.clock.setTimer(() => this.host.onExpired(this), this.host.inactivityMs);
  }
}
