import { UcwaErrorBase } from './ucwa-error.js';

/**
 * Why the event channel gave up. The only reason is a policy of the user's: by default it never
 * gives up (another instance polling the same application moves this client to an application of
 * its own, see `ResetReason` `channelTakenOver`).
 */
export type EventChannelFailure =
  /** Failures went on past `eventChannel.retry.maxRetries`; `cause` holds the last one. */
  'retriesExhausted';

/** The event channel stopped for good (a retry limit the user set); every stream that needs events errors with it. */
export class EventChannelError extends UcwaErrorBase {
  readonly kind = 'eventChannel' as const;

  constructor(
    /** Why it stopped. */
    readonly reason: EventChannelFailure,
    detail: string,
    cause?: unknown,
  ) {
    super(`Event channel stopped (${reason}): ${detail}`, { cause });
  }
}
