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

/**
 * The events of one application that no response has carried yet. Order is preserved; an
 * event with a merge key replaces a queued one with the same key (moving to the end, keeping
 * the earlier queue time), so only the latest state of e.g. a contact's presence is sent.
 */
export class EventQueue {
  private items: QueuedEvent[] = [];

  /** Number of queued events. */
  get length(): number {
    return this.items.length;
  }

  /** Queues an event at time `now`. */
  push(event: ChannelEvent, now: number): void {
    let since = now;
    if (event.mergeKey !== undefined) {
      const index = this.items.findIndex((item) => item.event.mergeKey === event.mergeKey);
      const previous = index >= 0 ? this.items[index] : undefined;
      if (previous) {
        since = Math.min(since, previous.since);
        this.items.splice(index, 1);
      }
    }
    this.items.push({ event, since });
  }

  /**
   * When the queue must be released: at once for real-time and high events, after the
   * medium/low window for the others; undefined when empty.
   */
  releaseAt(windows: AggregationWindows): number | undefined {
    let earliest: number | undefined;
    for (const { event, since } of this.items) {
      const due = since + windowFor(event.priority, windows);
      earliest = earliest === undefined ? due : Math.min(earliest, due);
    }
    return earliest;
  }

  /** Takes every queued event, in order. */
  drain(): ChannelEvent[] {
    const events = this.items.map((item) => item.event);
    this.items = [];
    return events;
  }

  /** Drops queued events matching `predicate`. */
  remove(predicate: (event: ChannelEvent) => boolean): void {
    this.items = this.items.filter((item) => !predicate(item.event));
  }

  /** A copy of the queued events. */
  peek(): ChannelEvent[] {
    return this.items.map((item) => item.event);
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
