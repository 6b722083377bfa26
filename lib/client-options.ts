import type { ChannelRetryPolicy } from './events/channel-machine.js';
import type { EventChannelParameters } from './events/channel-parameters.js';
import type { TokenSource } from './http/auth/authenticator.js';
import type { PasswordCredentials } from './http/auth/password-authenticator.js';
import type { RequestRetryOptions } from './http/requester.js';
import type { ExchangeRecord } from './http/transport.js';
import type { UcwaStorage } from './identity/storage.js';
import type { Clock } from './time/clock.js';
import type { MeOptions } from './resources/me/me-types.js';
import type { PhotosOptions } from './resources/photos/photos.js';

/** Options of {@link createUcwaClient}. Give `token` or `credentials`. */
export interface UcwaClientOptions {
  /** The autodiscovery root, e.g. `https://lyncdiscover.contoso.com/`, or a simulator's `discoveryUrl`. */
  readonly discoveryUrl: string;
  /** A bearer token (`cwt=...`), or a function returning one; asked again after a 401. */
  readonly token?: TokenSource | undefined;
  /** User name and password for the MsRtcOAuth password grant. */
  readonly credentials?: PasswordCredentials | undefined;
  /** Sent as the application's userAgent (default `ucwa-rx`); keep it constant: it is part of the application's identity. */
  readonly userAgent?: string | undefined;
  /**
   * The application's endpointId. By default one is made once per pool, user and browser profile
   * and kept in `storage`, so that reloads and other tabs get the same application back; give
   * one to choose it (services: one per identity, the same in every replica).
   */
  readonly endpointId?: string | undefined;
  /**
   * Where the endpointId is kept: `localStorage` in browsers by default; none in Node (a random
   * endpointId per client) unless you pass one (`fileStorage`, `memoryStorage` from `ucwa-rx/node`);
   * `false` for none.
   */
  readonly storage?: UcwaStorage | false | undefined;
  /** Culture for localised strings (default `en-US`); keep it constant: it is part of the application's identity. */
  readonly culture?: string | undefined;
  /** Event channel settings: timeout/low/medium in seconds (clamped to the documented ranges) and its retry policy. */
  readonly eventChannel?: EventChannelOptions | undefined;
  /** How `presence$` uses server presence subscriptions. */
  readonly presence?: PresenceOptions | undefined;
  /** How the user is made available (modalities) and kept active, for `myPresence$` and the other `my...` streams and writes. */
  readonly me?: MeOptions | undefined;
  /** How `photos` caches. */
  readonly photos?: PhotosOptions | undefined;
  /** Retries of ordinary requests (410 CannotRedirect, 429/503, network errors). */
  readonly retry?: RequestRetryOptions | undefined;
  /** How long server-side state (application, subscriptions, event channel) outlives its last subscriber, ms (default 2000). */
  readonly gracePeriodMs?: number | undefined;
  /** Client-side timeout of ordinary requests, ms (default 30000). */
  readonly requestTimeoutMs?: number | undefined;
  /** The clock for every timer (renewals, backoff, grace): tests pass a ManualClock shared with the simulator. */
  readonly clock?: Clock | undefined;
  /** The fetch implementation (default: the global one). */
  readonly fetch?: typeof fetch | undefined;
  /**
   * Whether the tabs of one browser profile share one client (docs/tabs.md): `'auto'` (the default)
   * shares where Web Locks and BroadcastChannel exist (browsers, never Node), `false` never does.
   */
  readonly share?: false | 'auto' | undefined;
  /** Told of every HTTP exchange (method, redacted URL, status, duration): for metrics and logs. */
  readonly onExchange?: ((exchange: ExchangeRecord) => void) | undefined;
}

/** The default grace period, ms. */
export const DEFAULT_GRACE_MS = 2000;

/** Presence subscription settings of {@link UcwaClientOptions}. */
export interface PresenceOptions {
  /** Minutes asked for on create and extend, 10-30 (default 30: the fewest extensions). */
  readonly durationMinutes?: number | undefined;
  /** Contacts per server subscription before another is created (default 250; adapts down on 403 LimitExceeded). */
  readonly maxContactsPerSubscription?: number | undefined;
  /**
   * Applications of the user the client may spread watched contacts over, 1-10 (default 4): when
   * its own application holds all the presence subscriptions the server allows, further contacts go
   * to an overflow application (another endpointId), created when needed and deleted when empty. 1 never overflows.
   */
  readonly maxApplications?: number | undefined;
}

/** Event channel settings of {@link UcwaClientOptions}: timeout/low/medium in seconds, and retries. */
export interface EventChannelOptions extends Partial<EventChannelParameters> {
  /** How the P-GET loop (and signing in) retries while the pool cannot be reached; by default forever, from 1 s doubling to 30 s. */
  readonly retry?: ChannelRetryPolicy | undefined;
}
