import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import { DEFAULT_GRACE_MS, type UcwaClientOptions } from './client-options.js';
import { hrefOf } from './codecs/link.js';
import { InvalidArgumentError } from './errors/argument-errors.js';
import { isUcwaError } from './errors/guards.js';
import { TooManyApplicationsError } from './errors/too-many-applications-error.js';
import { EventChannel } from './events/event-channel.js';
import { ResourceFetcher } from './events/resource-fetcher.js';
import type { Authenticator } from './http/auth/authenticator.js';
import { LazyAuthenticator } from './http/auth/lazy-authenticator.js';
import { TokenSourceAuthenticator } from './http/auth/token-source-authenticator.js';
import { withRetries } from './http/requester.js';
import { createTransport, type Requester } from './http/transport.js';
import { ApplicationSession } from './resources/application-session.js';
import { discoverUser } from './resources/discovery.js';
import { UserSource } from './resources/user-source.js';
import { clockScheduler } from './time/clock-scheduler.js';
import { systemClock } from './time/clock.js';
import { DisposableClock } from './time/disposable-clock.js';
import { storedEndpointId } from './identity/endpoint-id.js';
import { pageStorage } from './identity/storage.js';
import type { BackoffOptions } from './operators/backoff.js';

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
  /** How reconcile loops space their retries of a failed step (from the transient retry options). */
  readonly requeueBackoff: BackoffOptions;
  /** Each 409 TooManyApplications the pool answers to creating the application (it is retried with backoff). */
  readonly applicationRefusals$: Observable<TooManyApplicationsError>;
  /** The credentials and the user resource, for further applications of the same client to share. */
  readonly signIn: SignIn;
}

/** One sign-in shared by a client's applications: the token and the user resource found by autodiscovery. */
export interface SignIn {
  readonly auth: Authenticator;
  readonly user: UserSource;
}

/**
 * The endpointId of overflow application `n` of a client whose own endpointId is `own`: `own`
 * itself for 0, else `own` (cut to fit the 100 characters applications_ref allows) + `~n`. A
 * configured or stored endpointId gives the same overflow applications after a restart.
 */
export function overflowEndpointId(own: string, n: number): string {
  if (n === 0) return own;
  const suffix = `~${n}`;
  return own.slice(0, 100 - suffix.length) + suffix;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Builds the pieces every resource needs; see {@link ClientContext}. `application` 0 is the
 * client's own application; 1, 2... are its overflow applications (docs/resources.md), whose
 * endpointIds are derived from the client's ({@link overflowEndpointId}).
 */
export function createClientContext(options: UcwaClientOptions, application = 0, shared?: SignIn): ClientContext {
  // Checked here, once: later failures (hrefs from servers) are the server's and are retried.
  if (!isHttpUrl(options.discoveryUrl)) throw new InvalidArgumentError('discoveryUrl', 'an http(s) URL', JSON.stringify(String(options.discoveryUrl).slice(0, 80)));
  const clock = new DisposableClock(options.clock ?? systemClock);
  const scheduler = clockScheduler(clock);
  const graceMs = options.gracePeriodMs ?? DEFAULT_GRACE_MS;
  let auth: Authenticator;
  const { credentials } = options;
  if (shared) auth = shared.auth;
  else if (credentials) {
    auth = new LazyAuthenticator(async () => {
      const { PasswordAuthenticator } = await import('./http/auth/password-authenticator.js');
      return new PasswordAuthenticator({ credentials, clock, fetch: options.fetch, timeoutMs: options.requestTimeoutMs });
    });
  }
  else if (options.token !== undefined) auth = new TokenSourceAuthenticator(options.token);
  else throw new InvalidArgumentError('token', 'a token source or credentials', 'neither');
  let requests = 0;
  const transport = createTransport({
    auth,
    clock,
    fetch: options.fetch,
    timeoutMs: options.requestTimeoutMs,
    onExchange: (exchange) => {
      requests += 1;
      options.onExchange?.(exchange);
    },
  });
  const withScheduler = { scheduler, ...options.retry?.transient };
  const send = withRetries(transport, { transient: withScheduler, cannotRedirect: { scheduler, ...options.retry?.cannotRedirect } });
  const user = shared?.user ?? new UserSource(() => discoverUser(send, auth, options.discoveryUrl));
  let channel: EventChannel | undefined;
  const refusals = new Subject<TooManyApplicationsError>();
  const session = new ApplicationSession({
    send,
    auth,
    discoveryUrl: options.discoveryUrl,
    user,
    input: { userAgent: options.userAgent ?? 'ucwa-rx', culture: options.culture ?? 'en-US' },
    endpointId: async () => {
      const { endpointId, storage } = options;
      const own = endpointId ?? (await storedEndpointId(storage === false ? undefined : (storage ?? pageStorage()), { discoveryUrl: options.discoveryUrl, username: credentials?.username }));
      return overflowEndpointId(own, application);
    },
    clock,
    graceMs,
    scheduler,
    retry: options.eventChannel?.retry,
    onConnecting: () => channel?.report({ status: 'connecting' }),
    onRetry: (error, attempt, delayMs) => {
      if (error instanceof TooManyApplicationsError) refusals.next(error);
      if (isUcwaError(error)) channel?.report({ status: 'reconnecting', reason: error, attempt, retryInMs: delayMs });
    },
  });
  const { retry, ...parameters } = options.eventChannel ?? {};
  const fetcher = new ResourceFetcher({
    sendOnce: transport.request,
    scheduler,
    batchLink: () => {
      const application = session.application;
      const href = application ? hrefOf(application.value, 'batch') : undefined;
      return application && href ? { href, base: application.url } : undefined;
    },
  });
  channel = new EventChannel({ session, send: transport.request, clock, scheduler, parameters, retry, graceMs });
  const { baseDelayMs = 1000, maxDelayMs = 30_000, jitter, random } = options.retry?.transient ?? {};
  const requeueBackoff: BackoffOptions = { baseDelayMs, maxDelayMs, jitter, random };
  return { send, sendOnce: transport.request, session, channel, fetcher, clock, scheduler, graceMs, requestCount: () => requests, requeueBackoff, applicationRefusals$: refusals.asObservable(), signIn: { auth, user } };
}
