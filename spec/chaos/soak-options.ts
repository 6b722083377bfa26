import { DEFAULT_USER, defaultDirectory, type DirectorySpec, type SimulatorLimits } from '../../lib/simulator/index.js';

/**
 * The server profiles of the soak: the simulator's default limits; small limits (5 contacts per
 * presence subscription) with 20 or more contacts watched, so that the client must learn the
 * limit and spread contacts over several subscriptions; or `overflow` (2 subscriptions of 5 per
 * application, 20 or more watched), so that the client must also spread contacts over overflow
 * applications (the default 4 of them: room for 40) and pack them back as contacts come and go
 * (chosen explicitly, never by seed).
 */
export type SoakProfile = 'default' | 'smallLimits' | 'overflow';

/** Options of one soak run. */
export interface SoakOptions {
  /** Seeds the scenario and the fault draws. */
  readonly seed: number;
  /** Simulated hours, quiet windows included. */
  readonly hours: number;
  /** Fraction of requests that get a fault while faults are on (default 0.12). */
  readonly faultRate?: number;
  /** How many people the scenario watches and changes (default 30; the directory is grown to fit). */
  readonly contacts?: number;
  /** The server profile (default: `default` for even seeds, `smallLimits` for odd ones). */
  readonly profile?: SoakProfile;
  /** Simulated minutes between quiet points, drawn in this range (default 30-60). */
  readonly quietEveryMinutes?: readonly [number, number];
  /** Simulated minutes a quiet point lets the system settle before checking (default 8). */
  readonly settleMinutes?: number;
  /** Requests of the proxy trace attached to each violation (default 25). */
  readonly traceLength?: number;
  /** Subscriptions tolerated beyond the fewest that hold the watched set (default 0). */
  readonly extraSubscriptions?: number;
  /** A control run: no faults, no outages, no forced server events; only subscriber churn and presence changes. */
  readonly calm?: boolean;
  /** The contact-list streams kept subscribed (default both). */
  readonly listStreams?: readonly ('pinnedGroup' | 'contactsAndGroups')[];
  /** Called with progress lines (quiet points), for the runner's `--verbose`. */
  readonly log?: ((line: string) => void) | undefined;
}

/** Options with every default applied. */
export interface ResolvedSoakOptions extends Required<Omit<SoakOptions, 'log'>> {
  readonly log: ((line: string) => void) | undefined;
  /** Simulator limits of the profile. */
  readonly limits: Partial<SimulatorLimits>;
  /** The band the number of watched contacts is steered into. */
  readonly watchedBand: readonly [number, number];
}

/** Applies the defaults. */
export function resolveSoakOptions(options: SoakOptions): ResolvedSoakOptions {
  const profile = options.profile ?? (Math.abs(options.seed) % 2 === 0 ? 'default' : 'smallLimits');
  const overflow = profile === 'overflow';
  const small = profile === 'smallLimits' || overflow;
  return {
    seed: options.seed,
    hours: options.hours,
    faultRate: options.calm ? 0 : (options.faultRate ?? 0.12),
    calm: options.calm ?? false,
    listStreams: options.listStreams ?? ['pinnedGroup', 'contactsAndGroups'],
    contacts: Math.max(options.contacts ?? 30, small ? 30 : 8),
    profile,
    quietEveryMinutes: options.quietEveryMinutes ?? [30, 60],
    settleMinutes: options.settleMinutes ?? 8,
    traceLength: options.traceLength ?? 25,
    extraSubscriptions: options.extraSubscriptions ?? 0,
    log: options.log,
    limits: overflow ? { maxContactsPerPresenceSubscription: 5, maxPresenceSubscriptionsPerApplication: 2 } : small ? { maxContactsPerPresenceSubscription: 5 } : {},
    watchedBand: small ? [20, 28] : [3, 20],
  };
}

/** The user the soak signs in as. */
export const SOAK_USER = DEFAULT_USER;

/**
 * The default directory, grown with generated people when `contacts` asks for more than it
 * has, and the URIs the scenario uses (everyone but the user, the first `contacts` of them).
 */
export function soakDirectory(contacts: number): { readonly directory: DirectorySpec; readonly candidates: readonly string[] } {
  const base = defaultDirectory();
  const people = [...base.people];
  const others = (): string[] => people.map((p) => p.uri).filter((uri) => uri.toLowerCase() !== `sip:${SOAK_USER}`);
  for (let n = 1; others().length < contacts; n++) {
    people.push({ uri: `sip:soak${n}@contoso.com`, name: `Soak Person ${n}`, presence: { availability: 'Online', deviceType: 'PC' } });
  }
  return { directory: { ...base, people }, candidates: others().slice(0, contacts) };
}
