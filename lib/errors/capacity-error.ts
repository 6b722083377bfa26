import { UcwaErrorBase } from './ucwa-error.js';

/**
 * A contact could not be watched because the application holds all the presence subscriptions the
 * server allows and every one of them is full (the server said 403 LimitExceeded). The limits
 * the library learnt are given; contacts already watched are not affected.
 */
export class CapacityError extends UcwaErrorBase {
  readonly kind = 'capacity' as const;

  constructor(
    /** The contact that did not fit. */
    readonly uri: string,
    /** Presence subscriptions the application could hold when the server refused another. */
    readonly subscriptions: number,
    /** Contacts per presence subscription, as learnt from the server. */
    readonly contactsPerSubscription: number,
    cause?: unknown,
  ) {
    super(
      `${uri} cannot be watched: the application holds ${subscriptions} presence subscriptions of at most ${contactsPerSubscription} contacts, and the server refuses more (403 LimitExceeded); stop watching other contacts to make room`,
      { cause },
    );
  }
}
