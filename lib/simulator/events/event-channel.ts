import type { Clock } from '../../time/clock.js';
import { errorReply } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import type { ChannelEvent } from './channel-event.js';
import type { EventPage } from './event-page.js';
import { EventQueue } from './event-queue.js';

/** P-GET settings in seconds (events_ref); remembered across P-GETs. */
export interface ChannelSettings {
  /** Release an empty response after this long. Default 180, 180-1800. */
  readonly timeout: number;
  /** Window for low-priority events. Default 15, 5-1800. */
  readonly low: number;
  /** Window for medium-priority events. Default 5, 5-1800. */
  readonly medium: number;
}

/** The reference's defaults. */
export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = { timeout: 180, low: 15, medium: 5 };

/** One P-GET as the channel sees it. */
export interface PgetRequest {
  /** The ack query parameter. */
  readonly ack: number;
  /** The priority query parameter (default 0). */
  readonly priority: number;
  /** Settings given on this request. */
  readonly settings: Partial<ChannelSettings>;
  /** Aborted when the client disconnects. */
  readonly signal: AbortSignal;
  /** Parks the request on the clock while held. */
  park(): void;
  /** Ends the park. */
  unpark(): void;
}

/** What the channel needs from its application. */
export interface ChannelHost {
  /** The simulator clock. */
  readonly clock: Clock;
  /** Multiplier of the low/medium windows. */
  readonly aggregationScale: number;
  /** Builds `events?ack=N`. */
  eventsHref(ack: number): string;
  /** Told when a P-GET starts or stops being held (inactivity tracking). */
  onHeldChange(held: boolean): void;
  /** Told when any P-GET arrives, held or not (it is channel activity). */
  onPgetReceived(): void;
  /** The most events the queue may hold; past it a held P-GET is released, or else {@link onQueueOverflow}. */
  readonly maxQueuedEvents: number;
  /**
   * The queue passed its bound with no P-GET held: the queued events were discarded and nothing
   * more is queued until {@link EventChannel.markResume} (the host drops its transient state).
   */
  onQueueOverflow(): void;
}

interface Held {
  readonly ack: number;
  readonly priority: number;
  readonly since: number;
  readonly resolve: (reply: Reply) => void;
  readonly finish: () => void;
}

/** A snapshot for `Simulator.state()`. */
export interface ChannelSnapshot {
  /** A P-GET is held (outstanding). */
  readonly held: boolean;
  /** Clock time the held P-GET arrived. */
  readonly heldSince?: number;
  /** The ack the next new response answers. */
  readonly nextAck: number;
  /** Released responses not yet acknowledged (a re-sent ack gets them again). */
  readonly unacknowledged: number[];
  /** Events queued for the next response. */
  readonly pendingEvents: number;
  /** The remembered timeout, low and medium, in seconds. */
  readonly settings: ChannelSettings;
  /** The next response carries `resume`. */
  readonly resumePending: boolean;
}

/**
 * One application's event channel (EventChannelDetails, EventsInUCWA): numbered
 * responses delivered exactly once by ack, a single held P-GET replaced by a newer one of the
 * same or higher priority (409 PGetReplaced), aggregation windows, timeouts, resync and resume.
 */
export class EventChannel {
  private nextNumber = 1;
  private readonly released = new Map<number, EventPage>();
  private readonly queue = new EventQueue();
  private settings: ChannelSettings = DEFAULT_CHANNEL_SETTINGS;
  private held: Held | undefined;
  private resumePending = false;
  private resyncPending = false;
  /** The queue overflowed with no one polling: events are discarded until `resume` is marked. */
  private overflowed = false;
  private cancelAggregation: (() => void) | undefined;

  /** @param host the owning application's hooks. */
  constructor(private readonly host: ChannelHost) {}

  /** The ack of the first response the client has not acknowledged. */
  get firstUnacknowledged(): number {
    return this.released.size === 0 ? this.nextNumber : Math.min(...this.released.keys());
  }

  /** True while a P-GET is held. */
  get isHeld(): boolean {
    return this.held !== undefined;
  }

  /**
   * Queues events (one change may cause several) and releases a held P-GET if now due. The
   * queue never holds more than the host's `maxQueuedEvents`: past it a held P-GET is released at
   * once; with none held, the queue is discarded and the host told to drop its transient state.
   */
  enqueue(...events: ChannelEvent[]): void {
    // Overflowed, or reset and not polled since: the next response carries `resume` and no events
    // (the client fetches everything again), so nothing is kept for it meanwhile.
    if (this.overflowed || this.resumePending) return;
    const now = this.host.clock.now();
    for (const event of events) {
      this.queue.push(event, now);
      if (this.queue.length <= this.host.maxQueuedEvents) continue;
      if (this.held) {
        this.release();
        continue;
      }
      this.overflowed = true;
      this.queue.drain();
      this.host.onQueueOverflow();
      return;
    }
    this.evaluate();
  }

  /** Drops queued events (e.g. presence of contacts no longer subscribed). */
  removeQueued(predicate: (event: ChannelEvent) => boolean): void {
    this.queue.remove(predicate);
  }

  /** Transient state was dropped: the next response carries `resume` instead of `next`. */
  markResume(): void {
    this.resumePending = true;
    this.overflowed = false;
    // The channel was torn down with the transient state: its parameters are lost too
    // (EventChannelDetails), so a client must send them again after `resume`.
    this.settings = DEFAULT_CHANNEL_SETTINGS;
    if (this.held) this.release();
  }

  /** True once {@link markResume} was called, until a response carried `resume`. */
  get isResumePending(): boolean {
    return this.resumePending;
  }

  /** The next (or the held) P-GET gets a resync response. */
  forceResync(): void {
    const held = this.takeHeld();
    if (held) held.resolve(this.resyncReply());
    else this.resyncPending = true;
  }

  /** The application is gone: a held P-GET gets `reply`, timers stop. */
  close(reply: Reply): void {
    this.takeHeld()?.resolve(reply);
  }

  /** Handles a P-GET. */
  pget(request: PgetRequest): Promise<Reply> | Reply {
    this.host.onPgetReceived();
    // Following a link the server gave acknowledges every response before it, even when
    // this request is answered with resync: resync points at the first response not yet acknowledged.
    if (request.ack <= this.nextNumber) for (const number of [...this.released.keys()]) if (number < request.ack) this.released.delete(number);
    if (this.resyncPending) {
      this.resyncPending = false;
      return this.resyncReply();
    }
    const replay = this.released.get(request.ack);
    if (replay && request.ack < this.nextNumber) return { kind: 'events', page: replay };
    if (request.ack !== this.nextNumber) return this.resyncReply();
    for (const number of [...this.released.keys()]) if (number < request.ack) this.released.delete(number);
    if (this.held) {
      if (request.priority < this.held.priority) return errorReply(409, 'PGetReplaced');
      this.takeHeld()?.resolve(errorReply(409, 'PGetReplaced'));
    }
    this.settings = { ...this.settings, ...request.settings };
    if (this.resumePending || this.isDue()) return { kind: 'events', page: this.buildPage() };
    return this.hold(request);
  }

  /** A snapshot of the channel. */
  snapshot(): ChannelSnapshot {
    return {
      held: this.held !== undefined,
      ...(this.held ? { heldSince: this.held.since } : {}),
      nextAck: this.nextNumber,
      unacknowledged: [...this.released.keys()],
      pendingEvents: this.queue.length,
      settings: this.settings,
      resumePending: this.resumePending,
    };
  }

  /** Events queued but not yet sent. */
  pendingEvents(): ChannelEvent[] {
    return this.queue.peek();
  }

  private hold(request: PgetRequest): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      const cancelTimeout = this.host.clock.setTimer(() => this.release(), this.settings.timeout * 1000);
      const onAbort = (): void => {
        // The client went away: nothing is released, the events stay queued for the next P-GET.
        if (this.held === held) this.takeHeld()?.resolve(errorReply(400, undefined, 'The client closed the request.'));
      };
      const held: Held = {
        ack: request.ack,
        priority: request.priority,
        since: this.host.clock.now(),
        resolve,
        finish: () => {
          cancelTimeout();
          request.signal.removeEventListener('abort', onAbort);
          request.unpark();
        },
      };
      this.held = held;
      request.park();
      request.signal.addEventListener('abort', onAbort);
      this.host.onHeldChange(true);
      this.evaluate();
    });
  }

  private takeHeld(): Held | undefined {
    const held = this.held;
    if (!held) return undefined;
    this.held = undefined;
    this.cancelAggregation?.();
    this.cancelAggregation = undefined;
    held.finish();
    this.host.onHeldChange(false);
    return held;
  }

  private release(): void {
    const held = this.takeHeld();
    if (held) held.resolve({ kind: 'events', page: this.buildPage() });
  }

  private windows(): { medium: number; low: number } {
    const scale = this.host.aggregationScale;
    return { medium: this.settings.medium * 1000 * scale, low: this.settings.low * 1000 * scale };
  }

  private isDue(): boolean {
    const at = this.queue.releaseAt(this.windows());
    return at !== undefined && at <= this.host.clock.now();
  }

  private evaluate(): void {
    if (!this.held) return;
    if (this.isDue()) {
      this.release();
      return;
    }
    const at = this.queue.releaseAt(this.windows());
    this.cancelAggregation?.();
    this.cancelAggregation = at === undefined ? undefined : this.host.clock.setTimer(() => this.release(), at - this.host.clock.now());
  }

  private buildPage(): EventPage {
    const number = this.nextNumber++;
    const rel = this.resumePending ? 'resume' : 'next';
    this.resumePending = false;
    const page: EventPage = {
      number,
      selfHref: this.host.eventsHref(number),
      continuation: { rel, href: this.host.eventsHref(number + 1) },
      events: this.queue.drain(),
    };
    this.released.set(number, page);
    return page;
  }

  private resyncReply(): Reply {
    const ack = this.firstUnacknowledged;
    return { kind: 'events', page: { number: ack, selfHref: this.host.eventsHref(ack), resyncHref: this.host.eventsHref(ack), events: [] } };
  }
}
