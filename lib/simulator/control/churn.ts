import type { Clock } from '../../time/clock.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { Availability, PresenceUpdate } from '../directory/types.js';

/** Presence churn: random presence changes at a steady rate (for the demo and load tests). */
export interface ChurnOptions {
  /** Changes per second of simulator-clock time. */
  readonly ratePerSecond: number;
  /** Whose presence changes; default everyone in the directory. */
  readonly uris?: readonly string[];
  /** Seed of the pseudo-random sequence, for repeatable runs. */
  readonly seed?: number;
  /** Availabilities to pick from; default Online, Busy, Away, BeRightBack, DoNotDisturb, Offline. */
  readonly availabilities?: readonly Availability[];
}

const DEFAULT_AVAILABILITIES: readonly Availability[] = ['Online', 'Busy', 'Away', 'BeRightBack', 'DoNotDisturb', 'Offline'];

const ACTIVITIES: Partial<Record<Availability, readonly string[]>> = {
  Busy: ['on-the-phone', 'in-a-meeting', 'in-a-conference'],
  DoNotDisturb: ['presenting', 'urgent-interruptions-only'],
  Offline: ['off-work'],
};

/** A small seeded generator (mulberry32); returns numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Drives presence churn on the simulator clock. */
export class Churn {
  private cancel: (() => void) | undefined;
  /** How many presence changes churn has made. */
  changes = 0;

  /** @param clock the simulator clock; @param directory whose presence changes. */
  constructor(
    private readonly clock: Clock,
    private readonly directory: DirectoryStore,
  ) {}

  /** True while running. */
  get running(): boolean {
    return this.cancel !== undefined;
  }

  /** Starts (or restarts) churn. */
  start(options: ChurnOptions): void {
    this.stop();
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    const next = random(options.seed ?? 1);
    const uris = options.uris ?? this.directory.allPeople().map((p) => p.uri);
    if (uris.length === 0) return;
    const availabilities = options.availabilities ?? DEFAULT_AVAILABILITIES;
    const interval = 1000 / options.ratePerSecond;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const tick = (): void => {
      const uri = pick(uris);
      const current = this.directory.presence(uri).availability;
      const choices = availabilities.filter((a) => a !== current);
      const availability = pick(choices.length > 0 ? choices : availabilities);
      const activities = ACTIVITIES[availability];
      const update: PresenceUpdate = {
        availability,
        lastActive: this.clock.now(),
        ...(activities && next() < 0.7 ? { activity: pick(activities) } : {}),
      };
      this.directory.setPresence(uri, update);
      this.changes++;
      this.cancel = this.clock.setTimer(tick, interval);
    };
    this.cancel = this.clock.setTimer(tick, interval);
  }

  /** Stops churn. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
