import type { HttpError } from './http-error.js';
import { UcwaErrorBase } from './ucwa-error.js';

/**
 * The pool refused to create another application for this user (409 Conflict
 * TooManyApplications): the user's other apps, devices and browser profiles hold every
 * application the pool allows. The client is not at fault and keeps trying with backoff (an idle
 * application of the user expires after about 15 minutes, or one is closed); it is shown on
 * `connectionState$` as the reason of `reconnecting`. Closing other Skype for Business apps of
 * the user, or giving services a fixed `endpointId` (so that restarts reuse one application), helps.
 */
export class TooManyApplicationsError extends UcwaErrorBase {
  readonly kind = 'tooManyApplications' as const;

  constructor(
    /** The server's answer: 409 with subcode TooManyApplications. */
    readonly response: HttpError,
  ) {
    super(
      'The pool refuses another application for this user (409 TooManyApplications): other apps, devices or browser profiles of the user hold all it allows. ' +
        'Retrying with backoff until one of them is closed or expires (about 15 minutes idle); close other Skype for Business apps of the user, ' +
        'and give services a fixed endpointId so that restarts reuse their application',
      { cause: response },
    );
  }
}
