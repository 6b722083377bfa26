import type { SchedulerLike } from 'rxjs';
import type { EventChannel } from './events/event-channel.js';
import type { ResourceFetcher } from './events/resource-fetcher.js';
import type { Requester } from './http/transport.js';
import type { ApplicationSession } from './resources/application-session.js';
import type { DisposableClock } from './time/disposable-clock.js';

/** What resource modules get from the client: requests, the application, the event channel, time. */
export interface ClientContext {
  /** Requests with the standard retries (CannotRedirect, transient failures). */
  readonly send: Requester;
  /** Requests without retries (the caller owns them). */
  readonly sendOnce: Requester;
  readonly session: ApplicationSession;
  readonly channel: EventChannel;
  /** GETs announced resources, batching those asked for in the same tick. */
  readonly fetcher: ResourceFetcher;
  /** Every timer of the client goes through it; `close()` disposes it. */
  readonly clock: DisposableClock;
  /** A scheduler on `clock`, for timers in RxJS pipelines. */
  readonly scheduler: SchedulerLike;
  /** How long server-side state outlives its last subscriber, ms. */
  readonly graceMs: number;
  /** HTTP exchanges so far (for status displays). */
  readonly requestCount: () => number;
}
