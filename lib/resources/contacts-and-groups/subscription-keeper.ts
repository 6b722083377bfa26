import { BehaviorSubject, Observable, distinctUntilChanged, filter, map, type Subscription } from 'rxjs';
import type { Application } from '../../codecs/application.js';
import type { SubscriptionState } from '../../codecs/subscriptions.js';
import type { ClientContext } from '../../client-context.js';
import { isUcwaError } from '../../errors/guards.js';
import type { Located } from '../../http/read-resource.js';
import { CONTACTS_AND_GROUPS_DURATION, SUBSCRIPTION_CAP_MINUTES, checkDuration } from '../duration.js';
import { classifyFailure } from '../reconcile/failure-class.js';
import { RetrySchedule } from '../reconcile/retry-schedule.js';
import { applicationKey } from '../resource-link.js';
import { sameStatus, type ContactsAndGroupsSubscriptionStatus } from './subscription-status.js';
import type { ContactsAndGroupsSubscriptionOperations, ContactsAndGroupsSubscriptionRead } from './subscription-operations.js';

/** How {@link ContactsAndGroupsSubscriptionKeeper} keeps the subscription alive. */
export interface ContactsAndGroupsKeeperOptions {
  /** Minutes asked for on start and refresh, 10-60 (default 60: a start lasts an hour, a refresh reaches the 30-minute cap). */
  readonly durationMinutes?: number | undefined;
  /** Refresh this long before the computed expiry at the latest, ms (default 60 s). */
  readonly refreshMarginMs?: number | undefined;
}

/** One status with the start it belongs to (pinnedGroup$ reloads on every new start). */
export interface KeeperRecord {
  readonly generation: number;
  readonly status: ContactsAndGroupsSubscriptionStatus;
}

const MINUTE = 60_000;
/** After the server's "about to expire" event, refresh at most this often, ms. */
const EXPIRING_REFRESH_INTERVAL_MS = 60_000;
/** Re-reads of a subscription that answered Connecting, until it is something else. */
const CONFIRM_DELAYS_MS = [0, 1_000, 5_000, 15_000, 60_000] as const;

/**
 * The live myContactsAndGroupsSubscription, kept as a level-triggered controller keeps one
 * resource. Desired: started while anything subscribes (a grace period longer), stopped after.
 * Observed: the server's state as last read or answered (unknown after a reset, an application
 * change or a request with an unknown outcome), and its expiry as computed from the durations
 * asked for. One loop closes the gap: read it when unknown, start it when Disconnected, confirm
 * a Connecting one, refresh it ahead of its expiry or on its "about to expire" event, stop it
 * when nobody wants it. Failures are retried with jittered backoff while the stream keeps its
 * last status; only a refusal of this resource (a 4xx that repeating cannot fix) errors it.
 * `generation` grows whenever what was read under the subscription may be stale: a new start,
 * or a reset after which its events may have been missed.
 */
export class ContactsAndGroupsSubscriptionKeeper {
  /** Every status with its generation; replays the latest. */
  readonly records$: Observable<KeeperRecord>;
  /** The public stream: the status whenever it changes. */
  readonly status$: Observable<ContactsAndGroupsSubscriptionStatus>;
  /** Emits a new number after each (re)start or reset: what was read before may be stale. */
  readonly generation$: Observable<number>;

  private readonly settings: { readonly durationMinutes: number; readonly refreshMarginMs: number };
  private records = new BehaviorSubject<KeeperRecord | undefined>(undefined);
  private readonly retries: RetrySchedule<object>;
  private readonly item = {};
  private subscribers = 0;
  private wanted = false;
  private hold: Subscription | undefined;
  private application: Located<Application> | undefined;
  /** Observed: the resource with its links, its state (undefined: unknown) and expiry. */
  private resource: ContactsAndGroupsSubscriptionRead | undefined;
  private state: SubscriptionState | undefined;
  private expiresAt: number | undefined;
  private expiring = false;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  /** Confirmation reads of a Connecting answer done so far. */
  private confirmations = 0;
  private confirmAt: number | undefined;
  /** Whether this client started it (and so stops it when nobody wants it). */
  private started = false;
  /** What was read under the subscription must be read again once it is up. */
  private stale = true;
  private generation = 0;
  private refreshes = 0;
  private starts = 0;
  private busy: Subscription | undefined;
  private cancelWake: (() => void) | undefined;
  private cancelGrace: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly context: ClientContext,
    private readonly operations: ContactsAndGroupsSubscriptionOperations,
    options: ContactsAndGroupsKeeperOptions = {},
  ) {
    const { min, max } = CONTACTS_AND_GROUPS_DURATION;
    this.settings = {
      durationMinutes: checkDuration(options.durationMinutes ?? max, min, max, 'contactsAndGroups.durationMinutes'),
      refreshMarginMs: options.refreshMarginMs ?? 60_000,
    };
    this.retries = new RetrySchedule(() => context.clock.now(), context.requeueBackoff);
    this.records$ = new Observable<KeeperRecord>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      this.want();
      const inner = this.records.pipe(filter((record): record is KeeperRecord => record !== undefined)).subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        this.unwant();
      };
    });
    this.status$ = this.records$.pipe(
      map((record) => record.status),
      distinctUntilChanged(sameStatus),
    );
    this.generation$ = this.records$.pipe(
      map((record) => record.generation),
      distinctUntilChanged(),
    );
  }

  /** Completes the streams without stopping the subscription (the application's deletion ends it). */
  close(): void {
    this.closed = true;
    this.cancelGrace?.();
    this.cancelWake?.();
    this.busy?.unsubscribe();
    this.hold?.unsubscribe();
    this.hold = undefined;
    this.records.complete();
  }

  private want(): void {
    this.subscribers += 1;
    this.cancelGrace?.();
    this.cancelGrace = undefined;
    if (this.wanted) return;
    this.wanted = true;
    this.holdServer();
    this.pass();
  }

  private unwant(): void {
    this.subscribers -= 1;
    if (this.subscribers > 0 || this.closed) return;
    this.cancelGrace = this.context.clock.setTimer(() => {
      this.cancelGrace = undefined;
      if (this.subscribers > 0) return;
      this.wanted = false;
      this.records.next(undefined);
      this.starts = 0;
      this.refreshes = 0;
      this.pass();
    }, this.context.graceMs);
  }

  private holdServer(): void {
    if (this.hold || this.closed) return;
    const { channel, session } = this.context;
    const failed = (error: unknown): void => this.fail(error);
    this.hold = channel.onRel('myContactsAndGroupsSubscription').subscribe({
      next: (event) => {
        if (event.type !== 'updated') return;
        // The server's "about to expire" event (or its state changed): refresh, or at least read it.
        this.expiring = true;
        this.pass();
      },
      error: failed,
    });
    this.hold.add(channel.resets$.subscribe(() => this.forget()));
    this.hold.add(session.observe(0).subscribe({ next: (application) => this.onApplication(application), error: failed }));
  }

  private releaseHold(): void {
    this.hold?.unsubscribe();
    this.hold = undefined;
    this.application = undefined;
    this.forget();
  }

  private fail(error: unknown): void {
    const records = this.records;
    this.busy?.unsubscribe();
    this.busy = undefined;
    this.releaseHold();
    // Later subscribers start afresh.
    this.records = new BehaviorSubject<KeeperRecord | undefined>(undefined);
    records.error(error);
  }

  private onApplication(application: Located<Application>): void {
    const changed = applicationKey(application) !== applicationKey(this.application);
    this.application = application;
    if (changed) {
      this.resource = undefined;
      this.started = false;
      this.expiresAt = undefined;
      this.retries.reset();
      this.cancelWake?.();
      this.forget();
    }
    this.pass();
  }

  /** After a reset or an application change: the state is read again, and what was read under it is stale. */
  private forget(): void {
    this.busy?.unsubscribe();
    this.busy = undefined;
    this.state = undefined;
    this.stale = true;
    this.confirmAt = undefined;
    this.pass();
  }

  // ---- the loop ------------------------------------------------------------------------------

  private pass(): void {
    if (this.closed || this.busy) return;
    const application = this.application;
    const now = this.context.clock.now();
    if (!application) return;
    if (!this.retries.ready(this.item)) return this.arm(this.retries.notBefore(this.item));
    if (!this.wanted) {
      if (this.started && this.resource && this.state !== 'Disconnected') return this.stop(this.resource);
      return this.releaseHold();
    }
    if (this.state === undefined || !this.resource) return this.read();
    if (this.state === 'Disconnected' || this.state === 'Disconnecting') return this.startOrRefresh(this.resource);
    if (this.state === 'Connecting') {
      if (this.confirmAt !== undefined && now < this.confirmAt) return this.arm(this.confirmAt);
      return this.read();
    }
    const due = this.refreshDue();
    if (now >= due) return this.startOrRefresh(this.resource);
    if (this.expiring) {
      // Refreshed less than a minute ago: read it to see whether it is still up.
      this.expiring = false;
      return this.read();
    }
    this.arm(due);
  }

  private refreshDue(): number {
    const byExpiry = this.expiresAt === undefined ? Number.NEGATIVE_INFINITY : this.expiresAt - this.settings.refreshMarginMs;
    const bySignal = this.expiring ? this.refreshedAt + EXPIRING_REFRESH_INTERVAL_MS : Number.POSITIVE_INFINITY;
    return Math.min(byExpiry, bySignal);
  }

  private read(): void {
    const from = this.resource;
    this.run(this.operations.get(from), (read) => {
      this.resource = from && !read.value._links ? { value: { ...read.value, _links: from.value._links }, url: from.url } : read;
      this.observe(read.value.state ?? 'Connecting');
    });
  }

  private startOrRefresh(resource: ContactsAndGroupsSubscriptionRead): void {
    const minutes = this.settings.durationMinutes;
    const wasUp = this.state === 'Connected' || (this.state !== undefined && this.state !== 'Disconnected' && this.state !== 'Disconnecting' && this.state !== 'Connecting');
    // From here the server may have started it: stop it when nobody wants it any more.
    this.started = true;
    this.run(this.operations.startOrRefresh(resource, minutes), (answer) => {
      const now = this.context.clock.now();
      const state = answer.value.state ?? 'Connected';
      this.resource = answer.value._links ? answer : { value: { ...answer.value, _links: resource.value._links }, url: resource.url };
      this.refreshedAt = now;
      this.expiring = false;
      if (state === 'Connecting' || !wasUp) {
        // A new subscription (the server had none, or had lost it): it lasts the whole duration.
        this.starts += 1;
        this.stale = true;
        this.expiresAt = now + minutes * MINUTE;
      } else {
        const left = Math.max(0, (this.expiresAt ?? now) - now);
        this.expiresAt = now + Math.min(left + minutes * MINUTE, SUBSCRIPTION_CAP_MINUTES * MINUTE);
        this.refreshes += 1;
      }
      this.observe(state);
    });
  }

  private stop(resource: ContactsAndGroupsSubscriptionRead): void {
    this.run(this.operations.stop(resource), () => {
      this.started = false;
      this.state = 'Disconnected';
      this.expiresAt = undefined;
    });
  }

  /** Records a state the server showed, and publishes it. */
  private observe(state: SubscriptionState): void {
    this.state = state;
    if (state === 'Connecting') {
      this.confirmAt = this.context.clock.now() + (CONFIRM_DELAYS_MS[Math.min(this.confirmations, CONFIRM_DELAYS_MS.length - 1)] ?? 60_000);
      this.confirmations += 1;
    } else {
      this.confirmAt = undefined;
      this.confirmations = 0;
    }
    if (state === 'Disconnected') this.expiresAt = undefined;
    if (this.stale && state !== 'Disconnected' && state !== 'Disconnecting') {
      this.stale = false;
      this.generation += 1;
    }
    if (!this.wanted || (state === 'Disconnected' && this.starts === 0)) return;
    const status: ContactsAndGroupsSubscriptionStatus = {
      state,
      expiresAt: this.expiresAt === undefined ? undefined : new Date(this.expiresAt),
      refreshes: this.refreshes,
      starts: this.starts,
    };
    const last = this.records.value;
    if (last && last.generation === this.generation && sameStatus(last.status, status)) return;
    this.records.next({ generation: this.generation, status });
  }

  /** Runs one request; any failure but a refusal of this resource is retried after a backoff. */
  private run<T>(work: Observable<T>, onAnswer: (value: T) => void): void {
    let answered = false;
    let done = false;
    const running = work.subscribe({
      next: (value) => {
        answered = true;
        this.retries.succeeded(this.item);
        onAnswer(value);
      },
      error: (error: unknown) => {
        done = true;
        this.busy = undefined;
        const failure = classifyFailure(error);
        if (failure === 'refused' || failure === 'limit') {
          if (this.wanted) return this.fail(error);
          // Stopping was refused: nothing more to do for it.
          this.started = false;
          return this.pass();
        }
        if (isUcwaError(error)) this.context.channel.diagnose(error);
        // Whatever the request touched is read again before it is trusted.
        if (failure !== 'notActed') this.state = undefined;
        this.retries.failed(this.item, error);
        this.pass();
      },
      complete: () => {
        done = true;
        this.busy = undefined;
        if (!answered) this.retries.succeeded(this.item);
        this.pass();
      },
    });
    if (!done) this.busy = running;
  }

  private arm(at: number): void {
    this.cancelWake?.();
    this.cancelWake = this.context.clock.setTimer(() => {
      this.cancelWake = undefined;
      this.pass();
    }, Math.max(0, at - this.context.clock.now()));
  }
}
