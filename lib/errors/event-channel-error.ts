import { UcwaErrorBase } from './ucwa-error.js';

/** Why the event channel gave up. */
export type EventChannelFailure =
  /** Another instance sent a P-GET for this application (409 PGetReplaced not caused by us). */
  | 'takenOver'
  /** Transient failures went on past the retry budget; `cause` holds the last one. */
  | 'retriesExhausted';

/** The event channel stopped for good; every stream that needs events errors with it. */
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
