import { Observable, type Subscriber, type Subscription } from 'rxjs';
import type { Application } from '../../codecs/application.js';
import { hrefOf, type ResourceBase } from '../../codecs/link.js';
import type { ClientContext } from '../../client-context.js';
import { ClosedError } from '../../errors/argument-errors.js';
import { DecodeError } from '../../errors/decode-error.js';
import { isHttpError, isUcwaError } from '../../errors/guards.js';
import type { UcwaEvent } from '../../events/ucwa-event.js';
import { readJson, type Located } from '../../http/read-resource.js';
import { classifyFailure } from '../reconcile/failure-class.js';
import { LiveValue } from '../reconcile/live-value.js';
import { RetrySchedule } from '../reconcile/retry-schedule.js';
import { applicationKey } from '../resource-link.js';
import type { HrefRef } from '../people.js';
import { MeRequests, type MeRead } from './me-requests.js';
import type { Me, MeOptions, MyLocation, MyNote, MyPresence } from './me-types.js';
import { meValue, myLocationValue, myNoteValue, myPresenceValue, sameFields, sameMe } from './me-values.js';

/** The user's own resources that the keeper reads and writes. */
export type MyRel = 'presence' | 'note' | 'location';

/** The value of each of {@link MyRel}. */
export interface MyValues {
  readonly presence: MyPresence;
  readonly note: MyNote;
  readonly location: MyLocation;
}

/** A write the server has not accepted yet: desired state until it has. */
interface Write {
  readonly body: Readonly<Record<string, string>>;
  /** Those waiting for it (or for a later write of the same resource, which replaced it). */
  readonly waiters: Set<Subscriber<void>>;
  /** The keeper's own (what the user set, set again): kept without waiters. */
  readonly own?: boolean;
}

const MY_RELS: readonly MyRel[] = ['presence', 'note', 'location'];
const READERS: { readonly [K in MyRel]: (body: unknown, url?: string) => MyValues[K] } = {
  presence: myPresenceValue,
  note: myNoteValue,
  location: myLocationValue,
};

/** How often activity is reported while the user is available (reportMyActivity_ref.md: at least every four minutes). */
export const ACTIVITY_INTERVAL_MS = 3 * 60_000;
/** With a `reportActivity` function that said no, how soon it is asked again. */
const ACTIVITY_RECHECK_MS = 60_000;

const hasLink = (resource: unknown, rel: string): boolean =>
  typeof resource === 'object' && resource !== null && hrefOf(resource as ResourceBase, rel) !== undefined;

/**
 * The signed-in user's side of the application, kept as a level-triggered controller keeps its
 * resources. Desired state: `me$` is watched; availability is wanted while my presence, note or
 * location is watched or written (a grace period longer); the writes not yet accepted; the
 * availability this client last set (set again whenever availability is made again, so that it
 * survives a resume or a new application). Observed state: the me resource (its links tell whether
 * the application is available), availability (unknown after a reset, an application change or a
 * 409 MakeMeAvailableRequired), the values and whether they are stale, when activity was last
 * reported. One loop closes the gap, one request at a time: read me when stale, POST
 * makeMeAvailable when availability is wanted and not known to be there, send the pending writes,
 * GET stale values (batched by the fetcher), report activity every three minutes. Failures are
 * retried with jittered backoff while the streams keep their last value; only a refusal (a 4xx
 * that repeating cannot fix) errors the streams or writes it concerns.
 */
export class MeKeeper {
  /** Who the user is, kept current by `me updated` events. */
  readonly me$: Observable<Me>;

  private readonly requests: MeRequests;
  private readonly retries: RetrySchedule<object>;
  private readonly item = {};
  private readonly meLive = new LiveValue<Me>(sameMe);
  private readonly values: { readonly [K in MyRel]: LiveValue<MyValues[K]> } = {
    presence: new LiveValue<MyPresence>(sameFields),
    note: new LiveValue<MyNote>(sameFields),
    location: new LiveValue<MyLocation>(sameFields),
  };
  private readonly writes = new Map<MyRel, Write>();
  /** The availability this client last had accepted (`{availability}`), set again after availability is made again. */
  private desiredPresence: Readonly<Record<string, string>> | undefined;
  private readonly modalities: readonly string[];
  private readonly reportActivity: boolean | (() => boolean);

  private watchers = 0;
  private users = 0;
  private wanted = false;
  private availabilityWanted = false;
  private hold: Subscription | undefined;
  private application: Located<Application> | undefined;
  private me: MeRead | undefined;
  private meStale = false;
  /** Observed availability of this application; undefined while unknown. */
  private available: boolean | undefined;
  private makeMeAvailableAt: HrefRef | undefined;
  /** makeMeAvailable was refused for good: nothing that needs availability can be served. */
  private refused: unknown;
  private reportRefused = false;
  private nextActivityAt = Number.POSITIVE_INFINITY;
  private busy: Subscription | undefined;
  /** The write on the wire. */
  private sending: Write | undefined;
  private cancelWake: (() => void) | undefined;
  private cancelGrace: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly context: ClientContext,
    options: MeOptions = {},
  ) {
    this.requests = new MeRequests(context.send);
    this.retries = new RetrySchedule(() => context.clock.now(), context.requeueBackoff);
    this.modalities = options.supportedModalities ?? ['Messaging'];
    this.reportActivity = options.reportActivity ?? true;
    this.me$ = this.stream(this.meLive, false);
  }

  /** The live value of my presence, note or location; subscribing makes the user available. */
  value$<K extends MyRel>(rel: K): Observable<MyValues[K]> {
    return this.stream(this.values[rel] as LiveValue<MyValues[K]>, true);
  }

  /**
   * Writes my presence, note or location: desired state until the server accepts it, sent once
   * the application is available, retried through every transient failure and reset. Completes
   * when the server accepted it (or a later write of the same resource); errors on a refusal.
   * An accepted availability is set again whenever availability is made again.
   */
  write(rel: MyRel, body: Readonly<Record<string, string>>): Observable<void> {
    return new Observable<void>((subscriber) => {
      if (this.closed) {
        subscriber.error(new ClosedError());
        return undefined;
      }
      // A write of the same resource not yet accepted is replaced: its waiters wait for this one.
      const previous = this.writes.get(rel);
      const write: Write = { body, waiters: new Set([...(previous?.waiters ?? []), subscriber]) };
      previous?.waiters.clear();
      this.writes.set(rel, write);
      this.want(true);
      return () => {
        const current = this.writes.get(rel);
        current?.waiters.delete(subscriber);
        // Nobody waits for it any more and it is not on the wire: it is withdrawn.
        if (current && current.waiters.size === 0 && !current.own && this.sending !== current) this.writes.delete(rel);
        this.unwant(true);
      };
    });
  }

  /** Completes the streams, errors pending writes with ClosedError, stops every timer. */
  close(): void {
    this.closed = true;
    this.cancelGrace?.();
    this.cancelWake?.();
    this.busy?.unsubscribe();
    this.hold?.unsubscribe();
    this.hold = undefined;
    this.meLive.complete();
    for (const rel of MY_RELS) this.values[rel].complete();
    for (const write of this.writes.values()) for (const waiter of [...write.waiters]) waiter.error(new ClosedError());
    this.writes.clear();
  }

  private stream<T>(live: LiveValue<T>, needsAvailability: boolean): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      live.add(subscriber);
      this.want(needsAvailability);
      return () => {
        live.subscribers.delete(subscriber);
        this.unwant(needsAvailability);
      };
    });
  }

  // ---- desired state -------------------------------------------------------------------------

  private want(availability: boolean): void {
    if (availability) {
      this.users += 1;
      // A refusal of makeMeAvailable is tried again for each new user.
      this.refused = undefined;
      this.availabilityWanted = true;
    } else this.watchers += 1;
    this.wanted = true;
    this.holdServer();
    this.pass();
  }

  private unwant(availability: boolean): void {
    if (availability) this.users -= 1;
    else this.watchers -= 1;
    if (this.closed) return;
    this.cancelGrace?.();
    this.cancelGrace = this.context.clock.setTimer(() => {
      this.cancelGrace = undefined;
      this.availabilityWanted = this.users > 0;
      this.wanted = this.users + this.watchers > 0;
      this.pass();
    }, this.context.graceMs);
  }

  // ---- what the server tells -------------------------------------------------------------------

  private holdServer(): void {
    if (this.hold || this.closed) return;
    const { channel, session } = this.context;
    const failed = (error: unknown): void => this.failAll(error);
    this.hold = channel.onRel('me').subscribe({ next: () => this.meChanged(), error: failed });
    for (const rel of MY_RELS) this.hold.add(channel.onRel(rel).subscribe({ next: (event) => this.onValueEvent(rel, event), error: failed }));
    this.hold.add(channel.resets$.subscribe(() => this.forget()));
    this.hold.add(session.observe(0).subscribe({ next: (application) => this.onApplication(application), error: failed }));
  }

  private releaseHold(): void {
    this.hold?.unsubscribe();
    this.hold = undefined;
    this.application = undefined;
    this.me = undefined;
    this.available = undefined;
    this.cancelWake?.();
  }

  private failAll(error: unknown): void {
    this.busy?.unsubscribe();
    this.busy = undefined;
    this.releaseHold();
    this.meLive.fail(error);
    this.failAvailabilityUsers(error);
  }

  /** Errors what needs availability: the value streams and the pending writes. */
  private failAvailabilityUsers(error: unknown): void {
    for (const rel of MY_RELS) this.values[rel].fail(error);
    for (const write of this.writes.values()) for (const waiter of [...write.waiters]) waiter.error(error);
    this.writes.clear();
  }

  private onApplication(application: Located<Application>): void {
    const changed = applicationKey(application) !== applicationKey(this.application);
    this.application = application;
    if (!changed) return this.pass();
    // Nothing observed of another application holds here: start from its embedded me.
    this.retries.reset();
    this.me = undefined;
    this.makeMeAvailableAt = undefined;
    const embedded = (application.value._embedded as { readonly me?: unknown } | undefined)?.me;
    this.forget(embedded === undefined ? undefined : { body: embedded, url: application.url });
  }

  /**
   * After a reset or an application change: availability is unknown and the values stale; me is
   * read again (unless `fresh` is a me just read). What the user set is set again if availability
   * has to be made again.
   */
  private forget(fresh?: MeRead): void {
    this.busy?.unsubscribe();
    this.busy = undefined;
    this.sending = undefined;
    this.available = undefined;
    this.meStale = true;
    for (const rel of MY_RELS) this.values[rel].markStale(true);
    if (fresh) this.observeMe(fresh);
    this.pass();
  }

  private meChanged(): void {
    this.meStale = true;
    this.pass();
  }

  private onValueEvent(rel: MyRel, event: UcwaEvent): void {
    if (event.type === 'deleted') {
      // This application no longer gets the user's changes: it left availability.
      this.available = undefined;
      this.meStale = true;
    }
    this.values[rel].markStale(true);
    this.pass();
  }

  /**
   * Records the me resource read. While availability is unknown its links tell: a `presence` link
   * without a `makeMeAvailable` one means available. Once makeMeAvailable succeeded, availability
   * holds until a reset or a 409 MakeMeAvailableRequired (me_ref.md's sample shows both links at once).
   */
  private observeMe(read: MeRead): void {
    this.me = read;
    this.meStale = false;
    const makeMeAvailable = hasLink(read.body, 'makeMeAvailable') ? hrefOf(read.body as ResourceBase, 'makeMeAvailable') : undefined;
    if (makeMeAvailable !== undefined) this.makeMeAvailableAt = { href: makeMeAvailable, base: read.url };
    this.available ??= hasLink(read.body, 'presence') && makeMeAvailable === undefined;
    try {
      this.meLive.emit(meValue(read.body, read.url));
    } catch (error) {
      this.report(error);
    }
  }

  // ---- the loop --------------------------------------------------------------------------------

  private pass(): void {
    if (this.closed || this.busy) return;
    const application = this.application;
    if (!application) return;
    const now = this.context.clock.now();
    if (!this.retries.ready(this.item)) return this.arm(this.retries.notBefore(this.item));
    if (!this.wanted) return this.releaseHold();
    if (!this.me || this.meStale) return this.readMe(application);
    if (!this.availabilityWanted || this.refused !== undefined) return;
    if (this.available !== true) return this.makeAvailable();
    this.fetchValues();
    for (const [rel, write] of this.writes) return this.send(rel, write);
    if (this.reportActivity === false || this.reportRefused) this.nextActivityAt = Number.POSITIVE_INFINITY;
    // Found available without making it so (an application used before): report now.
    else if (this.nextActivityAt === Number.POSITIVE_INFINITY) this.nextActivityAt = now;
    if (now >= this.nextActivityAt) {
      if (this.shouldReport()) return this.reportMyActivity();
      this.nextActivityAt = now + ACTIVITY_RECHECK_MS;
    }
    let wake = this.nextActivityAt;
    for (const rel of MY_RELS) if (this.values[rel].due && this.values[rel].subscribers.size > 0) wake = Math.min(wake, this.retries.notBefore(this.values[rel]));
    this.arm(wake);
  }

  private shouldReport(): boolean {
    const report = this.reportActivity;
    if (typeof report !== 'function') return true;
    try {
      return report();
    } catch {
      return false;
    }
  }

  private meAt(rel: string): HrefRef | undefined {
    const me = this.me;
    const href = me && hasLink(me.body, rel) ? hrefOf(me.body as ResourceBase, rel) : undefined;
    return me && href !== undefined ? { href, base: me.url } : undefined;
  }

  private readMe(application: Located<Application>): void {
    const self = this.meAt('self');
    const embedded = (application.value._embedded as { readonly me?: ResourceBase } | undefined)?.me;
    const embeddedSelf = embedded ? hrefOf(embedded, 'self') : undefined;
    const at = self ?? (embeddedSelf === undefined ? undefined : { href: embeddedSelf, base: application.url });
    if (!at) return this.failAll(new DecodeError('application', [{ path: '_embedded.me._links.self', expected: 'Link', actual: 'undefined' }]));
    this.run(this.requests.readMe(at), (read) => this.observeMe(read), (error, failure) => {
      if (failure === 'refused' || failure === 'limit') this.failAll(error);
      else this.later(error);
    });
  }

  private makeAvailable(): void {
    const at = this.meAt('makeMeAvailable') ?? this.makeMeAvailableAt;
    if (!at) {
      // The links say neither available nor how to become so: read me again later.
      this.meStale = true;
      return this.later(new DecodeError('me', [{ path: '_links.makeMeAvailable', expected: 'Link', actual: 'undefined' }]));
    }
    const becameAvailable = (): void => {
      this.available = true;
      this.meStale = true;
      this.nextActivityAt = this.context.clock.now() + ACTIVITY_INTERVAL_MS;
      // Availability made again may have forgotten what the user set: set it again.
      if (this.desiredPresence && !this.writes.has('presence')) this.writes.set('presence', { body: this.desiredPresence, waiters: new Set(), own: true });
      for (const rel of MY_RELS) this.values[rel].markStale(true);
    };
    this.run(this.requests.makeMeAvailable(at, this.modalities), becameAvailable, (error, failure) => {
      if (isHttpError(error, 409, 'AlreadyExists')) return becameAvailable();
      if (failure === 'refused' || failure === 'limit') {
        this.refused = error;
        this.failAvailabilityUsers(error);
        return;
      }
      if (failure === 'notFound') this.meStale = true;
      this.later(error);
    });
  }

  private send(rel: MyRel, write: Write): void {
    const at = this.meAt(rel);
    if (!at) {
      this.writes.delete(rel);
      const error = new DecodeError('me', [{ path: `_links.${rel}`, expected: 'Link', actual: 'undefined' }]);
      for (const waiter of [...write.waiters]) waiter.error(error);
      return this.pass();
    }
    this.sending = write;
    this.run(
      this.requests.write(at, write.body, rel),
      () => {
        this.sending = undefined;
        if (this.writes.get(rel) === write) this.writes.delete(rel);
        if (rel === 'presence') this.desiredPresence = write.body['availability'] ? write.body : undefined;
        this.nextActivityAt = this.context.clock.now() + ACTIVITY_INTERVAL_MS;
        for (const waiter of [...write.waiters]) waiter.complete();
      },
      (error, failure) => {
        this.sending = undefined;
        // Everyone waiting left while it was on the wire: withdrawn.
        if (write.waiters.size === 0 && !write.own && this.writes.get(rel) === write) this.writes.delete(rel);
        if (this.lostAvailability(error)) return;
        if (failure === 'refused' || failure === 'limit') {
          if (this.writes.get(rel) === write) this.writes.delete(rel);
          if (write.own) this.desiredPresence = undefined;
          for (const waiter of [...write.waiters]) waiter.error(error);
          return;
        }
        if (failure === 'notFound') this.meStale = true;
        this.later(error);
      },
    );
  }

  private reportMyActivity(): void {
    const at = this.meAt('reportMyActivity');
    if (!at) {
      this.nextActivityAt = Number.POSITIVE_INFINITY;
      return this.pass();
    }
    this.run(
      this.requests.reportMyActivity(at),
      () => (this.nextActivityAt = this.context.clock.now() + ACTIVITY_INTERVAL_MS),
      (error, failure) => {
        if (this.lostAvailability(error)) return;
        if (failure === 'refused' || failure === 'limit') {
          this.reportRefused = true;
          return this.report(error);
        }
        this.later(error);
      },
    );
  }

  /** GETs the stale values someone watches; the fetcher batches those of one tick. */
  private fetchValues(): void {
    for (const rel of MY_RELS) {
      const value = this.values[rel];
      if (!value.due || value.subscribers.size === 0 || !this.retries.ready(value)) continue;
      const at = this.meAt(rel);
      if (!at) {
        this.meStale = true;
        continue;
      }
      value.stale = false;
      value.fetching = this.context.fetcher.get(at.href, at.base, true).subscribe({
        next: (response) => {
          value.fetching = undefined;
          try {
            value.emit(READERS[rel](readJson(response, rel), response.url) as never);
            value.notFound = 0;
            this.retries.succeeded(value);
          } catch (error) {
            value.stale = true;
            this.report(error);
            this.retries.failed(value, error);
          }
        },
        error: (error: unknown) => {
          value.fetching = undefined;
          value.stale = true;
          const failure = classifyFailure(error);
          if (this.lostAvailability(error)) return;
          if (failure === 'notFound' && ++value.notFound < 2) this.meStale = true;
          else if (failure === 'refused' || failure === 'limit' || failure === 'notFound') value.fail(error);
          else {
            this.report(error);
            this.retries.failed(value, error);
          }
          this.pass();
        },
        complete: () => {
          value.fetching = undefined;
          this.pass();
        },
      });
    }
  }

  /** A 409 MakeMeAvailableRequired: the application is in lurker mode again; availability is made again first. */
  private lostAvailability(error: unknown): boolean {
    if (!isHttpError(error, 409, 'MakeMeAvailableRequired')) return false;
    this.available = false;
    this.pass();
    return true;
  }

  private later(error: unknown): void {
    this.report(error);
    this.retries.failed(this.item, error);
    this.pass();
  }

  private report(error: unknown): void {
    if (isUcwaError(error)) this.context.channel.diagnose(error);
  }

  /** Runs one step of the loop; its answer is dropped if a reset or an application change came first (the step is cancelled). */
  private run<T>(work: Observable<T>, onAnswer: (value: T) => void, onError: (error: unknown, failure: ReturnType<typeof classifyFailure>) => void): void {
    let done = false;
    const running = work.subscribe({
      next: (value) => {
        this.retries.succeeded(this.item);
        onAnswer(value);
      },
      error: (error: unknown) => {
        done = true;
        this.busy = undefined;
        onError(error, classifyFailure(error));
        this.pass();
      },
      complete: () => {
        done = true;
        this.busy = undefined;
        this.pass();
      },
    });
    if (!done) this.busy = running;
  }

  private arm(at: number): void {
    this.cancelWake?.();
    this.cancelWake = undefined;
    if (at === Number.POSITIVE_INFINITY || this.closed) return;
    this.cancelWake = this.context.clock.setTimer(() => {
      this.cancelWake = undefined;
      this.pass();
    }, Math.max(0, at - this.context.clock.now()));
  }
}
