import { UcwaErrorBase } from './ucwa-error.js';

/**
 * A contact could not be watched because no application the client may use has room: each holds
 * all the presence subscriptions the server allows and every one of them is full (the server said
 * 403 LimitExceeded), or the pool refuses the user another application (409 TooManyApplications).
 * The limits the library learnt are given; contacts already watched are not affected.
 */
export class CapacityError extends UcwaErrorBase {
  readonly kind = 'capacity' as const;

  constructor(
    /** The contact that did not fit. */
    readonly uri: string,
    /** Presence subscriptions an application could hold when the server refused another. */
    readonly subscriptions: number,
    /** Contacts per presence subscription, as learnt from the server. */
    readonly contactsPerSubscription: number,
    cause?: unknown,
    /** Applications of the user that were tried (the client's own and its overflow applications). */
    readonly applications = 1,
  ) {
    super(
      applications > 1
        ? `${uri} cannot be watched: no room is left in any of the ${applications} applications this client may use (each holds ${subscriptions} presence subscriptions of at most ${contactsPerSubscription} contacts, or the pool refuses another application); stop watching other contacts to make room, or raise presence.maxApplications`
        : `${uri} cannot be watched: the application holds ${subscriptions} presence subscriptions of at most ${contactsPerSubscription} contacts, and the server refuses more (403 LimitExceeded); stop watching other contacts to make room`,
      { cause },
    );
  }
}
