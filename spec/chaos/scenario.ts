import type { ContactPresence, UcwaClient } from '../../lib/index.js';
import type { Availability, ManualClock, Simulator } from '../../lib/simulator/index.js';
import type { ChaosProxy } from './chaos-proxy.js';
import type { WatchedContact } from './invariants.js';
import type { Prng } from './prng.js';
import { SOAK_USER } from './soak-options.js';
import type { StreamName, StreamRecord, StreamRecorder } from './stream-recorder.js';

const MINUTE = 60_000;
const AVAILABILITIES: readonly Availability[] = ['Online', 'Away', 'BeRightBack', 'Busy', 'DoNotDisturb', 'IdleOnline', 'IdleBusy', 'Offline'];
const ACTIVITIES = ['on-the-phone', 'in-a-meeting', 'presenting', 'in-a-conference', 'off-work', 'urgent-interruptions-only'];
const DEVICES = ['PC', 'Mobile', 'Web', 'DeskPhone', 'Unknown'] as const;

/** The scenario's actions; {@link Scenario.tick} performs one and returns its name. */
export type ActionName = 'subscribe' | 'unsubscribe' | 'presence' | 'pin' | 'unpin' | 'lists' | 'forced' | 'outage' | 'idle';

/** The contact-list streams the soak keeps subscribed. */
type ListStream = Exclude<StreamName, 'presence'>;

/** What the scenario drives. */
export interface ScenarioDeps {
  readonly prng: Prng;
  readonly clock: ManualClock;
  readonly sim: Simulator;
  readonly proxy: ChaosProxy;
  readonly client: UcwaClient;
  readonly recorder: StreamRecorder;
  /** URIs the scenario watches and changes. */
  readonly candidates: readonly string[];
  /** The number of watched contacts is steered into this band. */
  readonly band: readonly [number, number];
  /** The contact-list streams to keep subscribed. */
  readonly listStreams: readonly ListStream[];
  /** No forced server events and no outages. */
  readonly calm: boolean;
  /** Told of every action with its details, for `--verbose`. */
  readonly log?: ((what: string) => void) | undefined;
}

const key = (uri: string): string => uri.toLowerCase();

/**
 * One presence$ subscriber the scenario wants. After its stream ends (an error) it is subscribed
 * again, as an application would, after a delay that doubles from 1 to 16 simulated minutes while
 * it keeps failing.
 */
interface Slot {
  readonly uri: string;
  record: StreamRecord<ContactPresence>;
  retryDelayMs: number;
}

const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 16 * 60_000;

/**
 * The seeded scenario: churn of presence$ subscribers (sometimes several per contact, sometimes
 * a burst of new contacts), presence changes of watched and unwatched people, pinned-group
 * changes, resubscriptions of pinnedGroup$ and myContactsAndGroupsSubscription$, forced server
 * events (resume, resync, application expiry, token expiry) and outages of the proxy. Its
 * choices come from its own PRNG stream, so the fault draws never shift them.
 */
export class Scenario {
  /** When each unsubscribed list stream is to be subscribed again. */
  private readonly resubscribeAt = new Map<ListStream, number>();
  /**
   * The presence$ subscribers the scenario wants, in the order it made them: its choices depend on
   * them only, never on which streams errored, so that faults do not change the scenario.
   */
  private readonly slots: Slot[] = [];
  /** How many times each action ran. */
  readonly counts: Record<ActionName, number> = { subscribe: 0, unsubscribe: 0, presence: 0, pin: 0, unpin: 0, lists: 0, forced: 0, outage: 0, idle: 0 };

  constructor(private readonly deps: ScenarioDeps) {}

  /** Subscribes both list streams (at the start). */
  start(): void {
    for (const stream of this.deps.listStreams) this.subscribeList(stream);
  }

  /** A list stream errored: it is subscribed again at the next tick, as an application would. */
  listErrored(stream: ListStream): void {
    if (this.deps.recorder.live(stream).length === 0) this.resubscribeAt.set(stream, this.deps.clock.now());
  }

  /**
   * Subscribes list streams that are due again, or all that are missing when `all`; and every
   * presence$ subscriber whose stream errored (as an application would).
   */
  resubscribeDue(all = false): void {
    const now = this.deps.clock.now();
    for (const slot of this.slots) {
      const ended = slot.record.error?.at ?? slot.record.completedAt;
      if (ended === undefined) {
        if (slot.record.values.length > 0) slot.retryDelayMs = FIRST_RETRY_MS;
        continue;
      }
      if (!all && ended + slot.retryDelayMs > now) continue;
      slot.retryDelayMs = Math.min(slot.retryDelayMs * 2, MAX_RETRY_MS);
      slot.record = this.deps.recorder.record('presence', slot.uri, this.deps.client.presence$(slot.uri));
      this.deps.log?.(`resubscribe presence$(${slot.uri}) #${slot.record.id} after its stream ended`);
    }
    for (const stream of this.deps.listStreams) {
      const due = this.resubscribeAt.get(stream);
      if ((due !== undefined && due <= now) || (all && this.deps.recorder.live(stream).length === 0)) {
        this.resubscribeAt.delete(stream);
        if (this.deps.recorder.live(stream).length === 0) this.subscribeList(stream);
      }
    }
  }

  /** Performs one random action. */
  tick(): ActionName {
    this.resubscribeDue();
    const watched = this.watchedUris().length;
    const [low, high] = this.deps.band;
    const action = this.deps.prng.weighted<ActionName>({
      subscribe: watched < low ? 30 : watched >= high ? 3 : 15,
      unsubscribe: watched > high ? 30 : watched <= low ? 3 : 13,
      presence: 36,
      pin: 3,
      unpin: 3,
      lists: this.deps.listStreams.length > 0 ? 3 : 0,
      forced: this.deps.calm ? 0 : 2.5,
      outage: this.deps.calm ? 0 : 0.35,
      idle: 15,
    });
    this.counts[action]++;
    this[action]();
    return action;
  }

  /** The URIs the scenario watches (one or more subscribers each), as first subscribed. */
  watchedUris(): string[] {
    const uris = new Map<string, string>();
    for (const slot of this.slots) if (!uris.has(key(slot.uri))) uris.set(key(slot.uri), slot.uri);
    return [...uris.values()];
  }

  /** Every contact with a live presence$ subscriber, with the latest value its live subscribers have. */
  watched(): WatchedContact[] {
    const byContact = new Map<string, StreamRecord<ContactPresence>[]>();
    const live = new Set(this.deps.recorder.live('presence'));
    for (const { record } of this.slots) {
      if (!live.has(record as StreamRecord<unknown>)) continue;
      const k = key(record.uri ?? '');
      byContact.set(k, [...(byContact.get(k) ?? []), record]);
    }
    return [...byContact.values()].map((records) => {
      const lasts = records.map((r) => r.values.at(-1));
      const latest = lasts.reduce((best, v) => (v && (!best || v.at >= best.at) ? v : best), undefined);
      const same = (v: (typeof lasts)[number]): boolean => v !== undefined && latest !== undefined && presenceText(v.value) === presenceText(latest.value);
      return { uri: records[0]?.uri ?? '', last: latest?.value, disagreeing: latest ? lasts.filter((v) => !same(v)).length : 0 };
    });
  }

  private subscribe(): void {
    const { prng, candidates } = this.deps;
    const watched = this.watchedUris();
    const count = prng.chance(0.2) ? prng.int(2, 8) : 1;
    for (let i = 0; i < count; i++) {
      const unwatched = candidates.filter((uri) => !watched.some((w) => key(w) === key(uri)));
      const again = watched.length > 0 && (unwatched.length === 0 || prng.chance(0.25));
      const uri = again ? prng.pick(watched) : prng.pick(unwatched);
      const record = this.deps.recorder.record('presence', uri, this.deps.client.presence$(uri));
      this.slots.push({ uri, record, retryDelayMs: FIRST_RETRY_MS });
      this.deps.log?.(`subscribe presence$(${uri}) #${record.id}${again ? ' (another subscriber)' : ''}`);
      if (!again) watched.push(uri);
    }
  }

  private unsubscribe(): void {
    if (this.slots.length === 0) return;
    const [slot] = this.slots.splice(this.deps.prng.int(0, this.slots.length - 1), 1);
    if (!slot) return;
    this.deps.log?.(`unsubscribe presence$(${slot.uri}) #${slot.record.id}`);
    this.deps.recorder.unsubscribe(slot.record as StreamRecord<unknown>);
  }

  private presence(): void {
    const { prng, candidates, sim } = this.deps;
    const watched = this.watchedUris();
    const uri = watched.length > 0 && prng.chance(0.7) ? prng.pick(watched) : prng.pick(candidates);
    const activity = prng.chance(0.4) ? undefined : prng.pick(ACTIVITIES);
    const device = prng.chance(0.2) ? prng.pick(DEVICES) : undefined;
    const update = {
      availability: prng.pick(AVAILABILITIES),
      ...(activity === undefined ? {} : { activity }),
      ...(device === undefined ? {} : { deviceType: device }),
    };
    this.deps.log?.(`setPresence ${uri} ${update.availability}/${activity ?? '-'}/${device ?? '(kept)'}`);
    sim.setPresence(uri, update);
  }

  private pin(): void {
    const pinned = new Set(this.deps.sim.pinnedGroupOf(SOAK_USER).map(key));
    const choices = this.deps.candidates.filter((uri) => !pinned.has(key(uri)));
    if (choices.length === 0) return;
    const uri = this.deps.prng.pick(choices);
    this.deps.log?.(`pin ${uri}`);
    this.deps.sim.addToPinnedGroup(SOAK_USER, uri);
  }

  private unpin(): void {
    const pinned = this.deps.sim.pinnedGroupOf(SOAK_USER);
    if (pinned.length === 0) return;
    const uri = this.deps.prng.pick(pinned);
    this.deps.log?.(`unpin ${uri}`);
    this.deps.sim.removeFromPinnedGroup(SOAK_USER, uri);
  }

  /** Unsubscribes one list stream; it comes back at once (inside the grace period) or minutes later. */
  private lists(): void {
    const { prng, recorder, clock } = this.deps;
    const stream = prng.pick(this.deps.listStreams);
    for (const record of recorder.live(stream)) recorder.unsubscribe(record);
    const later = prng.chance(0.5) ? 0 : prng.int(2_000, 5 * MINUTE);
    this.deps.log?.(`unsubscribe ${stream}$, back in ${later / 1000} s`);
    if (later === 0) this.subscribeList(stream);
    else this.resubscribeAt.set(stream, clock.now() + later);
  }

  private forced(): void {
    const { prng, sim } = this.deps;
    const event = prng.weighted({ resume: 30, resync: 25, expireApplication: 25, expireTokens: 20 });
    this.deps.log?.(`server: ${event}`);
    switch (event) {
      case 'resume':
        return sim.forceResume();
      case 'resync':
        return sim.forceResync();
      case 'expireApplication':
        return sim.expireApplication();
      case 'expireTokens':
        return sim.expireTokens(SOAK_USER);
    }
  }

  /** An outage of the network path: mostly a few minutes, now and then long enough for the server to drop state. */
  private outage(): void {
    const { prng, proxy } = this.deps;
    const ms = prng.chance(0.7) ? prng.int(30_000, 4 * MINUTE) : prng.int(5 * MINUTE, 20 * MINUTE);
    this.deps.log?.(`outage of ${ms / 1000} s`);
    proxy.startOutage(ms);
  }

  private idle(): void {}

  private subscribeList(stream: ListStream): void {
    const { client, recorder } = this.deps;
    const record =
      stream === 'pinnedGroup' ? recorder.record(stream, undefined, client.pinnedGroup$) : recorder.record(stream, undefined, client.myContactsAndGroupsSubscription$);
    this.deps.log?.(`subscribe ${stream}$ #${record.id}`);
  }
}

/** `availability/activity/device` of a presence value, for comparisons. */
export function presenceText(value: ContactPresence): string {
  return `${value.availability}/${value.activity ?? '-'}/${value.deviceType ?? '-'}`;
}
