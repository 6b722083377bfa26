import { isApplicationGone, isHttpError, isUcwaError } from '../../errors/guards.js';

/**
 * What a failed request means for a reconcile loop, which decides from it what it knows about
 * the server afterwards:
 * - `notActed`: the server did not act (429, 503, 410 CannotRedirect, a refused connection): the
 *   observed state is unchanged; try the same step again after a backoff.
 * - `unknown`: the outcome is unknown (the connection broke, a timeout, another 5xx, an unreadable
 *   2xx body, a 4xx without a UCWA error body): whatever the step touched must be read from the
 *   server before it is trusted.
 * - `applicationGone`: 404 ApplicationNotFound / InactiveApplicationExpired: the application is being
 *   recreated; everything of the old one is gone; wait for the new one.
 * - `notFound`: another 404: the resource the step addressed no longer exists.
 * - `limit`: 403 LimitExceeded: a server limit was reached.
 * - `signIn`: the credentials were refused for good: the event channel ends the streams.
 * - `refused`: any other refusal (a 4xx with a UCWA error body, a hostile href): permanent for this
 *   request and its target.
 */
export type FailureClass = 'notActed' | 'unknown' | 'applicationGone' | 'notFound' | 'limit' | 'signIn' | 'refused';

/** Classifies a failure of a reconcile step; see {@link FailureClass}. */
export function classifyFailure(error: unknown): FailureClass {
  if (!isUcwaError(error)) return 'unknown';
  switch (error.kind) {
    case 'network':
      return /ECONNREFUSED/i.test(error.reason) ? 'notActed' : 'unknown';
    case 'timeout':
    case 'decode':
      return 'unknown';
    case 'signIn':
      return 'signIn';
    case 'tooManyApplications':
      return 'notActed';
    case 'http': {
      const { status, fromUcwa } = error;
      if (status === 429 || status === 503 || isHttpError(error, 410, 'CannotRedirect')) return 'notActed';
      if (status >= 500 || status === 408) return 'unknown';
      if (status === 404) return isApplicationGone(error) ? 'applicationGone' : 'notFound';
      if (isHttpError(error, 403, 'LimitExceeded')) return 'limit';
      // A refusal whose body is not a UCWA error (cut short, a proxy's page, empty) cannot say
      // what it refuses, nor that it is final: as for an unreadable 2xx, the outcome is unknown.
      if (!fromUcwa) return 'unknown';
      return 'refused';
    }
    default:
      return 'refused';
  }
}

/** True for the classes after which the same step is simply tried again later. */
export function isRetryLater(failure: FailureClass): boolean {
  return failure === 'notActed' || failure === 'unknown' || failure === 'applicationGone' || failure === 'signIn';
}
