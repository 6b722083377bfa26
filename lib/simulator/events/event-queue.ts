import type { ChannelEvent, EventPriority } from './channel-event.js';

/** Aggregation windows in milliseconds (already scaled). */
export interface AggregationWindows {
  /** How long medium-priority events may wait. */
  readonly medium: number;
  /** How long low-priority events may wait. */
  readonly low: number;
}

interface QueuedEvent {
  readonly event: ChannelEvent;
  /** When the oldest event this one superseded was queued: merging never postpones delivery. */
  readonly since: number;
}

const PRIORITIES: readonly EventPriority[] = ['realtime', 'high', 'medium', 'low'];

/**
 * The events of one application that no response has carried yet. Order is preserved; an
 * event with a merge key replaces a queued one with the same key (moving to the end, keeping
 * the earlier queue time), so only the latest state of e.g. a contact's presence is sent.
 * Queueing, merging and finding when to release take constant time, however long the queue.
 */
export class EventQueue {
  /** By merge key, or by a number for events that never merge; insertion order is queue order. */
  private items = new Map<string | number, QueuedEvent>();
  private nextNumber = 0;
  /** The earliest `since` of each priority's queued events (undefined: none). */
  private earliest = new Map<EventPriority, number>();
  /** `earliest` may be too early after a merge changed an event's priority or after a removal. */
  private stale = false;

  /** Number of queued events. */
  get length(): number {
    return this.items.size;
  }

  /** Queues an event at time `now`. */
  push(event: ChannelEvent, now: number): void {
    let since = now;
    const key = event.mergeKey ?? this.nextNumber++;
    const previous = event.mergeKey === undefined ? undefined : this.items.get(key);
    if (previous) {
      since = Math.min(since, previous.since);
      if (previous.event.priority !== event.priority) this.stale = true;
      this.items.delete(key);
    }
    this.items.set(key, { event, since });
    this.earliest.set(event.priority, Math.min(since, this.earliest.get(event.priority) ?? since));
  }

  /**
   * When the queue must be released: at once for real-time and high events, after the
   * medium/low window for the others; undefined when empty.
   */
  releaseAt(windows: AggregationWindows): number | undefined {
    if (this.stale) this.recompute();
    let due: number | undefined;
    for (const priority of PRIORITIES) {
      const since = this.earliest.get(priority);
      if (since === undefined) continue;
      const at = since + windowFor(priority, windows);
      due = due === undefined ? at : Math.min(due, at);
    }
    return due;
  }

  /** Takes every queued event, in order. */
  drain(): ChannelEvent[] {
    const events = [...this.items.values()].map((item) => item.event);
    this.items = new Map();
    this.earliest = new Map();
    this.stale = false;
    return events;
  }

  /** Drops queued events matching `predicate`. */
  remove(predicate: (event: ChannelEvent) => boolean): void {
    for (const [key, item] of this.items) if (predicate(item.event)) this.items.delete(key);
    this.stale = true;
  }

  /** A copy of the queued events. */
  peek(): ChannelEvent[] {
    return [...this.items.values()].map((item) => item.event);
  }

  private recompute(): void {
    this.earliest = new Map();
    for (const { event, since } of this.items.values()) {
      this.earliest.set(event.priority, Math.min(since, this.earliest.get(event.priority) ?? since));
    }
    this.stale = false;
  }
}

function windowFor(priority: EventPriority, windows: AggregationWindows): number {
  switch (priority) {
    case 'realtime':
    case 'high':
      return 0;
    case 'medium':
      return windows.medium;
    case 'low':
      return windows.low;
  }
}
