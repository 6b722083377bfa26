import { EventChannelError } from '../errors/event-channel-error.js';
import { isApplicationGone, isHttpError, isUcwaError, type UcwaError } from '../errors/guards.js';
import { NetworkError } from '../errors/transport-errors.js';
import { backoffDelay, type BackoffOptions } from '../operators/backoff.js';
import type { ResetReason } from './connection-state.js';
import type { ParsedEventsResponse } from './parse-events-response.js';
import type { UcwaEvent } from './ucwa-event.js';

/** How the P-GET loop retries: budget and spacing. */
export interface ChannelRetryPolicy extends BackoffOptions {
  /** Consecutive failures tolerated before the channel gives up (default: never give up). */
  readonly maxRetries?: number | undefined;
}

/** Where the loop stands between two P-GETs. */
export interface LoopState {
  /** The events URL to request next, exactly as the server gave it. */
  readonly href: string;
  /** What `href` is relative to. */
  readonly base: string;
  /** Consecutive failures (reset by every response the server released). */
  readonly failures: number;
  /** Consecutive resync answers (a resync loop backs off). */
  readonly resyncs: number;
  /** Whether the next P-GET must carry timeout/low/medium (first P-GET, after resume). */
  readonly sendParameters: boolean;
}

/** What one P-GET came back with. */
export type PollOutcome =
  | { readonly kind: 'response'; readonly parsed: ParsedEventsResponse; readonly url: string }
  | { readonly kind: 'error'; readonly error: unknown };

/** What the loop does next. */
export type LoopStep =
  /** Send the next P-GET after `delayMs`, then deliver `events` in order and signal `reset` if set. */
  | {
      readonly kind: 'poll';
      readonly state: LoopState;
      readonly delayMs: number;
      readonly events: readonly UcwaEvent[];
      readonly reset?: ResetReason | undefined;
      /** Set when the step is a retry after a failure: shown as `reconnecting`. */
      readonly failure?: UcwaError | undefined;
    }
  /** The application is gone (404): create it again, then start from its events link. */
  | { readonly kind: 'recreate'; readonly failure: UcwaError }
  /** Stop for good with this error. */
  | { readonly kind: 'fail'; readonly error: UcwaError };

/** Whether a failure of the channel (a P-GET, or creating the application) is worth another attempt. */
export function isRetryableFailure(error: UcwaError): boolean {
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'decode':
      return true;
    case 'http':
      return error.status >= 500 || error.status === 429 || error.status === 408 || (error.status === 410 && error.subcode?.toLowerCase() === 'cannotredirect');
    default:
      return false;
  }
}

function retry(state: LoopState, failure: UcwaError, policy: ChannelRetryPolicy): LoopStep {
  const failures = state.failures + 1;
  if (failures > (policy.maxRetries ?? Number.POSITIVE_INFINITY)) {
    return { kind: 'fail', error: new EventChannelError('retriesExhausted', `${failures - 1} retries failed; last: ${failure.message}`, failure) };
  }
  const retryAfterMs = failure.kind === 'http' ? failure.retryAfterMs : undefined;
  return { kind: 'poll', state: { ...state, failures }, delayMs: backoffDelay(failures, policy, retryAfterMs), events: [], failure };
}

/**
 * The event channel's state machine, free of I/O: given where the loop stands and what the
 * last P-GET returned, decide what happens next (EventChannelDetails.md, EventsInUCWA.md).
 * - next: follow it at once; resume: follow it, resend the parameters, signal a reset;
 *   resync: follow it, signal a reset (backing off if resyncs repeat).
 * - 404 ApplicationNotFound / InactiveApplicationExpired: recreate the application.
 * - 409 PGetReplaced on the request the loop is waiting on: another instance took over.
 * - network errors, timeouts, 5xx, 429, 408, 410 CannotRedirect, unreadable responses:
 *   retry the same ack after a jittered backoff (Retry-After honoured).
 * - anything else (sign-in refused, 403, other 4xx): fail.
 */
export function decideNextStep(state: LoopState, outcome: PollOutcome, policy: ChannelRetryPolicy = {}): LoopStep {
  if (outcome.kind === 'error') {
    const error = isUcwaError(outcome.error) ? outcome.error : new NetworkError('GET', '(event channel)', String(outcome.error));
    if (isApplicationGone(error)) return { kind: 'recreate', failure: error };
    if (isHttpError(error, 409, 'PGetReplaced')) {
      return { kind: 'fail', error: new EventChannelError('takenOver', 'another client instance is polling this application', error) };
    }
    return isRetryableFailure(error) ? retry(state, error, policy) : { kind: 'fail', error };
  }
  const { parsed, url } = outcome;
  const link = parsed.link;
  if (!link) {
    const problem = parsed.problems[0];
    return problem ? retry(state, problem, policy) : retry(state, new NetworkError('GET', '(event channel)', 'no link to follow'), policy);
  }
  switch (link.rel) {
    case 'next':
      return { kind: 'poll', state: { href: link.href, base: url, failures: 0, resyncs: 0, sendParameters: false }, delayMs: 0, events: parsed.events };
    case 'resume':
      return {
        kind: 'poll',
        state: { href: link.href, base: url, failures: 0, resyncs: 0, sendParameters: true },
        delayMs: 0,
        events: parsed.events,
        reset: 'resume',
      };
    case 'resync': {
      const resyncs = state.resyncs + 1;
      return {
        kind: 'poll',
        state: { ...state, href: link.href, base: url, resyncs },
        delayMs: resyncs > 1 ? backoffDelay(resyncs - 1, policy) : 0,
        events: parsed.events,
        reset: 'resync',
      };
    }
  }
}
