import { Observable, ReplaySubject, mergeMap } from 'rxjs';
import type { UcwaClientOptions } from '../../client-options.js';
import type { UcwaError } from '../../errors/guards.js';
import { InvalidArgumentError } from '../../errors/argument-errors.js';
import { watchPageLifetime } from '../../identity/page-lifetime.js';
import { normaliseSipUri, sipKey } from '../sip-uri.js';
import type { FacetKind } from './facet-kind.js';
import { PlacedStream, type Placement } from './placed-stream.js';
import { createPresenceCore, type PresenceCore } from './presence-core.js';
import type { PresenceReconcilerOptions } from './presence-reconciler.js';

/** Default of `presence.maxApplications`: the client's own and 3 overflow applications. */
export const DEFAULT_MAX_APPLICATIONS = 4;

/**
 * How long an application that refused a contact for room counts as full at what it held then,
 * ms: packing does not offer it contacts meanwhile (its own view of its room and the limits may
 * disagree; without this, one contact could go back and forth for ever).
 */
const REFUSAL_MEMORY_MS = 60_000;

/** Largest value accepted for `presence.maxApplications` (the simulator's, and a typical pool's, applications per user). */
const MAX_APPLICATIONS = 10;

/** Checks `presence.maxApplications` (an integer from 1 to 10) before anything is sent. */
export function checkMaxApplications(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_APPLICATIONS) {
    throw new InvalidArgumentError('presence.maxApplications', `an integer from 1 to ${MAX_APPLICATIONS}`, String(value));
  }
  return value;
}

/**
 * The client's watched contacts spread over applications of the user. Presence limits are per
 * application (its presenceSubscriptions collection, shared by its instances), so contacts the
 * client's own application has no room for go to overflow applications: each its own
 * {@link PresenceCore} with an endpointId derived from the client's, created on first need,
 * signed in with the client's token and planning with the limits the client's own learnt.
 *
 * Placing: a contact watched already stays where it is; a new one goes to the first application
 * with room by those limits (the client's own while they are unknown), and one an application
 * refuses (CapacityError) to the next with room. Packing: when contacts leave an application and
 * room appears, contacts of the last applications move into it (their streams go on), so an
 * overflow application that empties is deleted a grace period later. A contact that fits
 * nowhere, or meets a pool that refuses another application (409 TooManyApplications), ends
 * with a CapacityError naming the applications tried.
 */
export class OverflowApplications implements Placement {
  private readonly all: PresenceCore[];
  /** Per contact (lower-case URI): the live streams of its values. */
  private readonly streams = new Map<string, Set<PlacedStream<unknown>>>();
  /** Streams per application. */
  private readonly load: number[] = [];
  /** Remove the page-lifetime listeners of the overflow applications (as the client's own, they leave on pagehide). */
  private readonly stopWatchingPage: (() => void)[] = [];
  /** Every overflow core created (a handful at most), replayed to late listeners of {@link diagnostics$}. */
  private readonly created = new ReplaySubject<PresenceCore>();
  /** Per application: the contacts it held when it last refused one for room, and when. */
  private readonly fullAt = new Map<number, { readonly held: number; readonly at: number }>();
  private packScheduled = false;
  /** Cancels the pack planned for when the last refusal is forgotten. */
  private cancelPackAfterRefusal: (() => void) | undefined;
  private closed = false;

  /** Problems the overflow applications recovered from or skipped (their event channels' diagnostics). */
  readonly diagnostics$: Observable<UcwaError> = this.created.pipe(mergeMap((core) => core.context.channel.diagnostics$));

  constructor(
    private readonly options: UcwaClientOptions,
    private readonly reconcilerOptions: PresenceReconcilerOptions,
    private readonly main: PresenceCore,
    /** Applications the client may use, its own included. */
    readonly max: number,
  ) {
    this.all = [main];
    main.reconciler.onForget = () => this.schedulePack();
  }

  /** The cores created so far, the client's own first. */
  get cores(): readonly PresenceCore[] {
    return this.all;
  }

  /** The live value of `kind` of `uri`, on whichever application has room for the contact. */
  value$<T>(kind: FacetKind<T>, uri: string): Observable<T> {
    return new Observable<T>((subscriber) => {
      const key = keyOf(uri);
      const stream = new PlacedStream<T>(this, key, kind, uri, subscriber);
      stream.moveTo(this.startOf(key));
      return () => stream.close();
    });
  }

  /** Closes the overflow cores (the caller closes the client's own). */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelPackAfterRefusal?.();
    this.created.complete();
    this.stopWatchingPage.forEach((stop) => stop());
    await Promise.all(
      this.all.slice(1).map(async ({ streams, context }) => {
        streams.close();
        await context.session.close();
        context.channel.close();
        context.clock.dispose();
      }),
    );
  }

  // ---- Placement -----------------------------------------------------------------------------

  core(index: number): PresenceCore {
    let core = this.all[index];
    while (!core) {
      const created = createPresenceCore(this.options, this.all.length, this.reconcilerOptions, { signIn: this.main.context.signIn, limits: this.main.reconciler.limits });
      created.reconciler.onForget = () => this.schedulePack();
      const at = this.all.length;
      // One listener per application, not per stream: the streams it serves end with a CapacityError.
      created.context.applicationRefusals$.subscribe((refusal) => this.refused(at, refusal));
      this.stopWatchingPage.push(watchPageLifetime(created.context.session));
      this.all.push(created);
      this.created.next(created);
      core = this.all[index];
    }
    return core;
  }

  nextWithRoom(index: number): number | undefined {
    for (let next = index + 1; next < this.max; next += 1) if (this.room(next) > 0) return next;
    return undefined;
  }

  refusedForRoom(index: number): void {
    // The refused contact is still counted: the application holds one fewer without it.
    const held = (this.all[index]?.reconciler.heldContacts ?? 1) - 1;
    const known = this.fullAt.get(index);
    const now = this.main.context.clock.now();
    this.fullAt.set(index, { held: known && now - known.at < REFUSAL_MEMORY_MS ? Math.min(known.held, held) : held, at: now });
    this.packWhenRefusalsAreForgotten();
  }

  /** Room an application may have once its refusal is forgotten is looked at then, even if no contact leaves meanwhile. */
  private packWhenRefusalsAreForgotten(): void {
    if (this.cancelPackAfterRefusal || this.closed) return;
    let latest = Number.NEGATIVE_INFINITY;
    for (const { at } of this.fullAt.values()) latest = Math.max(latest, at);
    const clock = this.main.context.clock;
    const delay = latest + REFUSAL_MEMORY_MS - clock.now();
    if (delay <= 0) return;
    this.cancelPackAfterRefusal = clock.setTimer(() => {
      this.cancelPackAfterRefusal = undefined;
      // A later refusal: wait for that one too.
      this.packWhenRefusalsAreForgotten();
      this.schedulePack();
    }, delay);
  }

  moved(stream: PlacedStream<unknown>, from: number | undefined, to: number | undefined): void {
    if (from !== undefined) this.load[from] = (this.load[from] ?? 1) - 1;
    if (to !== undefined) this.load[to] = (this.load[to] ?? 0) + 1;
    const key = stream.key;
    if (key === undefined) return;
    const streams = this.streams.get(key) ?? new Set<PlacedStream<unknown>>();
    if (to === undefined) streams.delete(stream);
    else streams.add(stream);
    if (streams.size > 0) this.streams.set(key, streams);
    else this.streams.delete(key);
  }

  // ---- placing and packing ----------------------------------------------------------------------

  /** The pool refused application `index`: every stream it serves ends. */
  private refused(index: number, refusal: unknown): void {
    for (const streams of [...this.streams.values()]) for (const stream of [...streams]) if (stream.index === index) stream.refused(refusal);
  }

  /** Where a new stream of the contact starts: where it is watched already, else the first application with room. */
  private startOf(key: string | undefined): number {
    const streams = key === undefined ? undefined : this.streams.get(key);
    let lowest: number | undefined;
    for (const stream of streams ?? []) if (stream.index !== undefined) lowest = Math.min(lowest ?? stream.index, stream.index);
    if (lowest !== undefined) return lowest;
    for (let index = 0; index < this.max; index += 1) if (this.room(index) > 0) return index;
    return 0;
  }

  /**
   * Contacts application `index` may take, by the limits learnt (every application of the user
   * has the same): unbounded while they are unknown, else subscriptions x contacts per
   * subscription, less the contacts it holds (wanted ones, and unwanted ones not yet removed);
   * none while it holds as many as when it last refused one (for {@link REFUSAL_MEMORY_MS}).
   */
  private room(index: number): number {
    const { limits } = this.main.reconciler;
    const held = this.all[index]?.reconciler.heldContacts ?? 0;
    const refused = this.fullAt.get(index);
    if (refused && this.main.context.clock.now() - refused.at < REFUSAL_MEMORY_MS && held >= refused.held) return 0;
    if (!Number.isFinite(limits.subscriptions)) return Number.POSITIVE_INFINITY;
    return limits.subscriptions * limits.perSubscription - held;
  }

  /** A contact left an application (or failed): check soon whether contacts can be packed into the room. */
  private schedulePack(): void {
    if (this.packScheduled || this.closed || this.all.length < 2) return;
    this.packScheduled = true;
    // On the client's clock, not in a microtask: packing never runs twice in one turn.
    this.main.context.clock.setTimer(() => {
      this.packScheduled = false;
      this.pack();
    }, 0);
  }

  /**
   * Moves contacts from the last applications into the room of earlier ones: the first
   * application with room takes the contacts of the last that holds any, and so on, until no
   * earlier application has room. A moved contact's streams all move together.
   */
  private pack(): void {
    if (this.closed) return;
    let target = 0;
    for (let source = this.all.length - 1; source > target; source -= 1) {
      while (target < source && this.room(target) <= 0) target += 1;
      if (target >= source) return;
      if ((this.load[source] ?? 0) === 0) continue;
      for (const streams of this.streams.values()) {
        const on = [...streams];
        if (!on.every((stream) => stream.index === source)) continue;
        while (target < source && this.room(target) <= 0) target += 1;
        if (target >= source) return;
        for (const stream of on) stream.moveTo(target);
      }
    }
  }
}

/** The contact's lower-case URI, or undefined for a malformed one (its stream errors on its own). */
function keyOf(uri: string): string | undefined {
  try {
    return sipKey(normaliseSipUri(uri));
  } catch {
    return undefined;
  }
}
