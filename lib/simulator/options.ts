import type { Clock } from '../time/clock.js';
import { systemClock } from '../time/clock.js';
import type { ChurnOptions } from './control/churn.js';
import { defaultDirectory } from './directory/default-directory.js';
import { corsPolicy, type CorsPolicy } from './http/cors.js';
import type { DirectorySpec } from './directory/types.js';

/** Server-side limits and lifetimes. Every value can be overridden in `SimulatorOptions.limits`. */
export interface SimulatorLimits {
  /** Applications one user may have at once; one more gets 409 Conflict TooManyApplications. */
  readonly maxApplicationsPerUser: number;
  /** Presence subscriptions per application; one more gets 403 Forbidden LimitExceeded. */
  readonly maxPresenceSubscriptionsPerApplication: number;
  /** Contacts per presence subscription; more gets 403 Forbidden LimitExceeded. */
  readonly maxContactsPerPresenceSubscription: number;
  /** Outstanding requests per user (a batch counts as its parts, held P-GETs do not); more gets 429. */
  readonly maxOutstandingRequests: number;
  /** Lifetime of an OAuth token (`expires_in`). */
  readonly tokenLifetimeMs: number;
  /** Live tokens one user may have; a new sign-in past it invalidates the user's oldest token. */
  readonly maxTokensPerUser: number;
  /**
   * An application instance with no held P-GET and no P-GET or request naming it for this long
   * expires (then 404 ApplicationNotFound); the application goes with its last instance. An
   * instance that never polled is also kept by any request to the application.
   */
  readonly applicationInactivityMs: number;
  /** Instances (instanceIds, each with its event channel) one application may have; one more gets 409 Conflict TooManyApplications. */
  readonly maxInstancesPerApplication: number;
  /**
   * With no P-GET held or sent for this long, an instance's event channel is reset (its next
   * response carries `resume`); when no instance of the application is listening any more, its
   * transient state (subscriptions, availability) is dropped.
   */
  readonly transientStateInactivityMs: number;
  /** How long before a subscription expires its "about to expire" updated event is queued. */
  readonly expiryWarningMs: number;
  /**
   * How long a user may go without reported activity (reportMyActivity) before she counts as
   * idle, unless makeMeAvailable gives its own `inactiveTimeout` (makeMeAvailable_ref: 5 minutes).
   */
  readonly inactiveTimeoutMs: number;
  /**
   * Events the queue of one application instance may hold. Past it a held P-GET is released at
   * once; with none held, the queued events are discarded and the channel reset, so the next P-GET
   * gets `resume` (and the application's transient state is dropped when no instance is listening). The default is about twice what subscribing to every contact an application may
   * (50 subscriptions of 250) queues at once.
   */
  readonly maxQueuedEventsPerApplication: number;
  /**
   * The largest request body read (bytes; ASP.NET's default `maxRequestLength`, 4 MiB). A longer
   * one gets 413 EntityTooLarge and the connection is closed, the rest of the body unread.
   */
  readonly maxRequestBodyBytes: number;
  /** Entries the request log keeps (`sim.requests`); past it the oldest are dropped, `total` still counts all. */
  readonly maxRequestLogEntries: number;
}

/** The defaults: see docs/simulator.md for where each comes from. */
export const DEFAULT_LIMITS: SimulatorLimits = {
  maxApplicationsPerUser: 10,
  maxPresenceSubscriptionsPerApplication: 50,
  maxContactsPerPresenceSubscription: 250,
  maxOutstandingRequests: 100,
  tokenLifetimeMs: 8 * 60 * 60 * 1000,
  maxTokensPerUser: 1000,
  applicationInactivityMs: 15 * 60 * 1000,
  maxInstancesPerApplication: 100,
  transientStateInactivityMs: 5 * 60 * 1000,
  expiryWarningMs: 2 * 60 * 1000,
  inactiveTimeoutMs: 5 * 60 * 1000,
  maxQueuedEventsPerApplication: 50_000,
  maxRequestBodyBytes: 4 * 1024 * 1024,
  maxRequestLogEntries: 100_000,
};

/**
 * CORS: which browser pages may call the simulator. Requests without an Origin header (curl,
 * scripts, Node clients) are never affected.
 */
export interface CorsOptions {
  /**
   * Origins allowed to call the UCWA resources (discovery, the token endpoint, applications),
   * besides loopback pages (`http(s)://localhost`, `127.0.0.1` and the rest of 127.0.0.0/8,
   * `[::1]`, any port), which are always allowed: e.g. `['https://app.contoso.com']`; `'*'`
   * allows any origin. A page of another origin gets no CORS headers, so its browser does not
   * let it read the answers.
   */
  readonly origins?: readonly string[] | '*';
  /**
   * Origins allowed to call the admin API (`/_simulator/...`): by default (false) none, and a
   * request carrying any Origin other than the simulator's own is refused with 403, not executed,
   * so no web page can drive a simulator on a well-known port. `true` allows the same origins
   * as the UCWA resources; a list allows those origins; `'*'` any.
   */
  readonly admin?: boolean | readonly string[] | '*';
}

/** Something to redirect users to: a URL of an autodiscovery root, or another simulator. */
export type RedirectTarget =
  | string
  | {
      /** The autodiscovery root URL to redirect to; a running {@link Simulator} has one. */
      readonly discoveryUrl: string;
    };

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  readonly host?: string;
  /** Source of time for every lifetime and timer; default the system clock. */
  readonly clock?: Clock;
  /** Replaces the default directory (alice@contoso.com / password and her contacts). */
  readonly directory?: DirectorySpec;
  /** Overrides of {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<SimulatorLimits>;
  /**
   * Multiplier for the low/medium aggregation windows the server holds events for: 1 is the
   * reference's timing, 0.01 turns medium=5 s into 50 ms. Accepted parameter ranges are unchanged.
   */
  readonly aggregationScale?: number;
  /** Start presence churn at once (the demo's default). */
  readonly churn?: ChurnOptions;
  /**
   * CORS: omitted or true, loopback pages may call the UCWA resources and no page the admin API;
   * see {@link CorsOptions} to widen either; false sends no CORS headers at all (the admin API
   * still refuses cross-origin requests).
   */
  readonly cors?: boolean | CorsOptions;
  /**
   * Event hrefs vary in form as in the reference's event samples: absolute with this server's
   * origin, and contact URIs in display case while resource self links are lower case. Default
   * false: relative and lower case, as the walkthroughs show.
   */
  readonly varyEventHrefs?: boolean;
  /** Answer the user resource with a `redirect` link to another pool (the user is homed elsewhere). */
  readonly redirectTo?: RedirectTarget;
  /** Real-time quiet period of {@link Simulator.settle}, in ms; default 10. */
  readonly settleQuietMs?: number;
}

/** Options with every default applied (see {@link SimulatorOptions} for each field). */
export interface ResolvedOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind. */
  readonly host: string;
  /** Source of time for every lifetime and timer. */
  readonly clock: Clock;
  /** The directory of users and their contacts. */
  readonly directory: DirectorySpec;
  /** Every limit, defaults filled in. */
  readonly limits: SimulatorLimits;
  /** Multiplier for the low/medium aggregation windows. */
  readonly aggregationScale: number;
  /** Churn to start at once, if any. */
  readonly churn: ChurnOptions | undefined;
  /** The CORS policy: the origins allowed for the UCWA resources and for the admin API. */
  readonly cors: CorsPolicy;
  /** Whether event hrefs vary in form as in the reference's samples. */
  readonly varyEventHrefs: boolean;
  /** The pool the user resource redirects to at start, if any. */
  readonly redirectTo: RedirectTarget | undefined;
  /** Real-time quiet period of {@link Simulator.settle}, in ms. */
  readonly settleQuietMs: number;
}

/** Applies defaults and checks values. */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const scale = options.aggregationScale ?? 1;
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new RangeError('aggregationScale must be a finite number >= 0');
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    clock: options.clock ?? systemClock,
    directory: options.directory ?? defaultDirectory(),
    limits: { ...DEFAULT_LIMITS, ...(options.limits ?? {}) },
    aggregationScale: scale,
    churn: options.churn,
    cors: corsPolicy(options.cors),
    varyEventHrefs: options.varyEventHrefs ?? false,
    redirectTo: options.redirectTo,
    settleQuietMs: options.settleQuietMs ?? 10,
  };
}
