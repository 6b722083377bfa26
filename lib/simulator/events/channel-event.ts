import type { Resource } from '../format/resource.js';

/** Aggregation categories of EventsInUCWA; the reference pages give each event's priority. */
export type EventPriority = 'realtime' | 'high' | 'medium' | 'low';

/** Event types for resources (operations' started/completed are not simulated). */
export type EventType = 'added' | 'updated' | 'deleted';

/** A link inside an event: the sender, the target (`link`) or the collection (`in`). */
export interface EventLink {
  /** The relation name. */
  readonly rel: string;
  /** The server path (rendered absolute or relative by the serialiser). */
  readonly href: string;
}

/** One event waiting in (or released from) an application's event queue. */
export interface ChannelEvent {
  /** added, updated or deleted. */
  readonly type: EventType;
  /** How urgently it releases a held P-GET. */
  readonly priority: EventPriority;
  /** The resource that sent the event (always `people` for what the simulator covers). */
  readonly sender: EventLink;
  /** The resource the event is about. */
  readonly link: EventLink;
  /** The collection the target was added to or removed from. */
  readonly in?: EventLink;
  /** The target's content, for events that embed it. */
  readonly embedded?: Resource;
  /**
   * Events with the same key supersede each other in the queue, so only the latest survives
   * (e.g. presence updates of one contact).
   */
  readonly mergeKey?: string;
}
