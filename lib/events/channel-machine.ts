import type { Application } from '../codecs/application.js';
import { hrefOf } from '../codecs/link.js';
import { DecodeError } from '../errors/decode-error.js';
import { EventChannelError } from '../errors/event-channel-error.js';
import { isApplicationGone, isHttpError, isUcwaError, type UcwaError } from '../errors/guards.js';
import { NetworkError } from '../errors/transport-errors.js';
import { resolveHref } from '../http/href.js';
import { backoffDelay, type BackoffOptions } from '../operators/backoff.js';
import { endsTheConnection } from './connection-failure.js';
import type { ChannelLink, ParsedEventsResponse } from './parse-events-response.js';
import type { ResetReason } from './connection-state.js';
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
  /**
   * The URL of the P-GET whose response's events were delivered last. The server answers the
   * same URL (the same ack) with the same response until it is acknowledged; when the loop comes
   * back to it (after re-reading the application, or a resync to it), its events are not
   * delivered twice.
   */
  readonly delivered?: string | undefined;
}

/** What one P-GET came back with. */
export type PollOutcome =
  | { readonly kind: 'response'; readonly parsed: ParsedEventsResponse; readonly url: string }
  | { readonly kind: 'error'; readonly error: unknown };

/** What reading the application again (to find its events link) came back with. */
export type RereadOutcome =
  | { readonly kind: 'application'; readonly value: Application; readonly url: string }
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
  /**
   * The response could not be followed (a link that is not http(s) or leaves the origin, a 404
   * ResourceNotFound, a P-GET refused before sending, another 4xx): after `delayMs`, read the
   * application again and start from its `events` link. Nothing of that response is delivered.
   */
  | { readonly kind: 'reread'; readonly state: LoopState; readonly delayMs: number; readonly failure: UcwaError }
  /** The application is gone (404): create it again, then start from its events link. */
  | { readonly kind: 'recreate'; readonly failure: UcwaError }
  /** Another instance polls this application (409 PGetReplaced we did not cause): move to an application of our own. */
  | { readonly kind: 'move'; readonly failure: UcwaError }
  /** Stop for good with this error. */
  | { readonly kind: 'fail'; readonly error: UcwaError };

/**
 * Failures of a P-GET that say nothing about the request itself, only about the network or the
 * server's state now: the same ack is asked again after a backoff (the server re-sends a response
 * it released and we did not acknowledge). Network errors, timeouts, unreadable responses, 5xx,
 * 429, 408, 410 (CannotRedirect: no backup pool right now), and sign-in trouble that is not a
 * refusal (the token endpoint failing, a token function that threw).
 */
export function isRetryableFailure(error: UcwaError): boolean {
  switch (error.kind) {
    case 'network':
    case 'timeout':
    case 'decode':
    case 'signIn':
      return true;
    case 'http':
      return error.status >= 500 || error.status === 429 || error.status === 408 || error.status === 410;
    default:
      return false;
  }
}

function exhausted(failures: number, failure: UcwaError, policy: ChannelRetryPolicy): LoopStep | undefined {
  if (failures <= (policy.maxRetries ?? Number.POSITIVE_INFINITY)) return undefined;
  return { kind: 'fail', error: new EventChannelError('retriesExhausted', `${failures - 1} retries failed; last: ${failure.message}`, failure) };
}

function retry(state: LoopState, failure: UcwaError, policy: ChannelRetryPolicy): LoopStep {
  const failures = state.failures + 1;
  const retryAfterMs = failure.kind === 'http' ? failure.retryAfterMs : undefined;
  return exhausted(failures, failure, policy) ?? { kind: 'poll', state: { ...state, failures }, delayMs: backoffDelay(failures, policy, retryAfterMs), events: [], failure };
}

function reread(state: LoopState, failure: UcwaError, policy: ChannelRetryPolicy): LoopStep {
  const failures = state.failures + 1;
  const retryAfterMs = failure.kind === 'http' ? failure.retryAfterMs : undefined;
  return exhausted(failures, failure, policy) ?? { kind: 'reread', state: { ...state, failures }, delayMs: backoffDelay(failures, policy, retryAfterMs), failure };
}

/**
 * Why a channel link must not be followed, or undefined when it may: it must resolve to an
 * http(s) URL on the origin of the response that carried it (a P-GET never leaves its pool).
 */
function unfollowable(link: ChannelLink, url: string): DecodeError | undefined {
  let origin: string | undefined;
  let target: string;
  try {
    const resolved = resolveHref(link.href, url);
    origin = new URL(url).origin;
    if (resolved.origin === origin) return undefined;
    target = resolved.origin;
  } catch {
    target = link.href.slice(0, 40);
  }
  return new DecodeError('event channel response', [{ path: `_links.${link.rel}.href`, expected: `an http(s) URL on ${origin ?? 'the same origin'}`, actual: JSON.stringify(target) }], 'mismatch');
}

/**
 * The event channel's state machine, free of I/O: given where the loop stands and what the
 * last P-GET returned, decide what happens next (EventChannelDetails, EventsInUCWA).
 * - next: follow it at once; resume: follow it, resend the parameters, signal a reset;
 *   resync: follow it, signal a reset (backing off if resyncs repeat).
 * - 404 ApplicationNotFound / InactiveApplicationExpired: recreate the application.
 * - 409 PGetReplaced on the request the loop is waiting on: another instance polls this
 *   application; move to an application of our own.
 * - network errors, timeouts, 5xx, 429, 408, 410, unreadable responses: retry the same ack
 *   after a jittered backoff (Retry-After honoured).
 * - a link it must not follow (not http(s), another origin), a 404 ResourceNotFound, a P-GET
 *   refused before sending, any other 4xx: re-read the application's events link, with backoff.
 * - only a permanent sign-in refusal, the client closed, or the retry budget the user set
 *   (`maxRetries`) stop the channel.
 */
export function decideNextStep(state: LoopState, outcome: PollOutcome, policy: ChannelRetryPolicy = {}): LoopStep {
  if (outcome.kind === 'error') {
    const error = isUcwaError(outcome.error) ? outcome.error : new NetworkError('GET', '(event channel)', 'unexpected failure');
    if (endsTheConnection(error)) return { kind: 'fail', error };
    if (isApplicationGone(error)) return { kind: 'recreate', failure: error };
    if (isHttpError(error, 409, 'PGetReplaced')) return { kind: 'move', failure: error };
    return isRetryableFailure(error) ? retry(state, error, policy) : reread(state, error, policy);
  }
  const { parsed, url } = outcome;
  const link = parsed.link;
  if (!link) {
    const problem = parsed.problems[0];
    return retry(state, problem ?? new NetworkError('GET', '(event channel)', 'no link to follow'), policy);
  }
  const broken = unfollowable(link, url);
  if (broken) return reread(state, broken, policy);
  const requested = requestedUrl(state);
  // The same ack answered again: its events went out already.
  const events = requested !== undefined && requested === state.delivered ? [] : parsed.events;
  switch (link.rel) {
    case 'next':
      return { kind: 'poll', state: { href: link.href, base: url, failures: 0, resyncs: 0, sendParameters: false, delivered: requested }, delayMs: 0, events };
    case 'resume':
      return {
        kind: 'poll',
        state: { href: link.href, base: url, failures: 0, resyncs: 0, sendParameters: true, delivered: requested },
        delayMs: 0,
        events,
        reset: 'resume',
      };
    case 'resync': {
      const resyncs = state.resyncs + 1;
      return {
        kind: 'poll',
        // A resync answer is not the response of that ack: what was delivered stays as it was.
        state: { ...state, href: link.href, base: url, resyncs },
        delayMs: resyncs > 1 ? backoffDelay(resyncs - 1, policy) : 0,
        events,
        reset: 'resync',
      };
    }
  }
}

/** The URL a state's P-GET goes to, before the loop's own parameters are added. */
function requestedUrl(state: LoopState): string | undefined {
  try {
    return resolveHref(state.href, state.base).toString();
  } catch {
    return undefined;
  }
}

/**
 * After reading the application again ({@link LoopStep} `reread`): poll its `events` link
 * (with the parameters); a 404 means the application is gone: recreate it; a permanent
 * failure stops; anything else reads it again after a longer backoff.
 */
export function decideAfterReread(state: LoopState, outcome: RereadOutcome, policy: ChannelRetryPolicy = {}): LoopStep {
  if (outcome.kind === 'application') {
    const events = hrefOf(outcome.value, 'events');
    if (events !== undefined) {
      return { kind: 'poll', state: { ...state, href: events, base: outcome.url, resyncs: 0, sendParameters: true }, delayMs: 0, events: [] };
    }
    return reread(state, new DecodeError('application', [{ path: '_links.events', expected: 'Link', actual: 'undefined' }]), policy);
  }
  const error = isUcwaError(outcome.error) ? outcome.error : new NetworkError('GET', '(application)', 'unexpected failure');
  if (endsTheConnection(error)) return { kind: 'fail', error };
  if (isHttpError(error, 404)) return { kind: 'recreate', failure: error };
  return reread(state, error, policy);
}

/** How long earlier moves to an application of our own count against a new one, ms. */
export const MOVE_MEMORY_MS = 10 * 60_000;

/**
 * The wait before moving to an application of our own after the `recentMoves`-th take-over
 * within {@link MOVE_MEMORY_MS}: none for the first, then the channel's backoff, so that
 * instances that keep taking each other's channel over slow down instead of ping-ponging.
 */
export function moveDelay(recentMoves: number, policy: ChannelRetryPolicy = {}): number {
  return recentMoves <= 1 ? 0 : backoffDelay(recentMoves - 1, policy);
}
