import type { ChannelEvent } from './channel-event.js';

/**
 * One response of the event channel, kept until acknowledged so that a re-sent ack gets
 * exactly the same content.
 */
export interface EventPage {
  /** The response number: the ack value of the P-GET it answers. */
  readonly number: number;
  /** The self link (`events?ack=N`). */
  readonly selfHref: string;
  /** `next`, or `resume` after transient state was dropped; absent on a resync page. */
  readonly continuation?: { readonly rel: 'next' | 'resume'; readonly href: string };
  /** Set on a resync page: the only link, pointing at the first unacknowledged response. */
  readonly resyncHref?: string;
  /** The events, in server order. */
  readonly events: readonly ChannelEvent[];
}
