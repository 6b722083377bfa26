import { EMPTY, Subject, catchError, concat, concatMap, defer, switchMap, tap, type Observable, type Subscription } from 'rxjs';
import { hrefOf } from '../../codecs/link.js';
import type { ClientContext } from '../../client-context.js';
import { DecodeError } from '../../errors/decode-error.js';
import { isHttpError, isUcwaError } from '../../errors/guards.js';
import type { ResetSignal } from '../../events/connection-state.js';
import { routingKey } from '../../http/href.js';
import { backoffDelay } from '../../operators/backoff.js';
import type { PresenceSubscriptions } from '../presence-subscriptions.js';
import type { ContactDirectory } from './contact-directory.js';
import { PoolEntry, type MembershipListener } from './pool-entry.js';
import { selfKey } from '../resource-link.js';
import { keepSubscriptionAlive } from './keep-subscription-alive.js';
import { ServerSubscription } from './server-subscription.js';

/** How the pool uses server subscriptions. */
export interface PresencePoolOptions {
  /** Minutes asked for on create and extend (10-30; 30 means the fewest extensions). */
  readonly durationMinutes: number;
  /** Contacts put in one server subscription before another is created (adapts down on 403 LimitExceeded). */
  readonly maxContactsPerSubscription: number;
  /** Extend this long before the computed expiry at the latest, ms. */
  readonly refreshMarginMs: number;
  /** An `updated` event of a subscription with at most this long left means "about to expire", ms. */
  readonly warningWindowMs: number;
}

const MINUTE = 60_000;

/** Failures that say the pool could not act now, not that it refuses. */
function isUnreachable(error: unknown): boolean {
  if (!isUcwaError(error)) return false;
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  if (error.kind !== 'http') return false;
  return [429, 502, 503, 504].includes(error.status);
}

/**
 * Pools the contacts of every `presence$` stream into as few server presence subscriptions as
 * the server allows: new contacts join a subscription with room (addToPresenceSubscription),
 * otherwise a new subscription is created; a contact nobody watches leaves its subscription
 * (its membership is deleted), and an empty subscription is deleted. Each server subscription
 * has one refresh timer (autoRefresh). After a reset every subscription is recreated with the
 * same contacts. Changes run one at a time, in order.
 */
export class PresencePool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly subscriptions = new Set<ServerSubscription>();
  private toAdd = new Set<PoolEntry>();
  private toRemove = new Set<PoolEntry>();
  private addScheduled = false;
  private removeScheduled = false;
  private readonly jobs = new Subject<Observable<unknown>>();
  private readonly running: Subscription;
  private resets: Subscription | undefined;
  private extensionCount = 0;
  /** Consecutive add attempts that found the pool unreachable. */
  private addFailures = 0;

  constructor(
    private readonly context: ClientContext,
    private readonly operations: PresenceSubscriptions,
    private readonly directory: ContactDirectory,
    private readonly options: PresencePoolOptions,
  ) {
    this.running = this.jobs.pipe(concatMap((job) => job.pipe(catchError((error: unknown) => this.report(error))))).subscribe();
  }

  /** Server subscriptions alive now, with their member counts and expiry (for status displays). */
  get serverSubscriptions(): readonly { readonly id: string | undefined; readonly members: number; readonly expiresAt: number }[] {
    return [...this.subscriptions].map((s) => ({ id: s.resource.value.id, members: s.members.size, expiresAt: s.expiresAt }));
  }

  /** Extensions sent so far. */
  get extensions(): number {
    return this.extensionCount;
  }

  /** A stream of `uri` starts: the contact is added to a server subscription unless it is in one. */
  join(uri: string, uriKey: string, listener: MembershipListener): PoolEntry {
    let entry = this.entries.get(uriKey);
    if (!entry || entry.failed) {
      entry = new PoolEntry(uri, uriKey, listener);
      this.entries.set(uriKey, entry);
    }
    entry.refs += 1;
    if (entry.refs === 1) {
      this.toRemove.delete(entry);
      if (!entry.subscription) this.toAdd.add(entry);
      this.schedule();
    }
    this.resets ??= this.context.channel.resets$.subscribe((signal) => this.reset(signal));
    return entry;
  }

  /** A stream of the entry's contact ended (after its grace period). */
  leave(entry: PoolEntry): void {
    entry.refs -= 1;
    if (entry.refs > 0) return;
    this.toAdd.delete(entry);
    if (entry.subscription) {
      this.toRemove.add(entry);
      this.schedule();
    } else if (this.entries.get(entry.uriKey) === entry) {
      this.entries.delete(entry.uriKey);
    }
  }

  /** Stops timers and pending work (the application's deletion removes the server side). */
  close(): void {
    for (const subscription of this.subscriptions) subscription.retire();
    this.subscriptions.clear();
    this.resets?.unsubscribe();
    this.running.unsubscribe();
    this.jobs.complete();
  }

  private report(error: unknown): Observable<never> {
    if (isUcwaError(error)) this.context.channel.diagnose(error);
    return EMPTY;
  }

  /**
   * Queues the pending changes as one job each: additions at the end of the tick (every
   * stream subscribed in one tick joins one request), removals on the next timer turn so that
   * streams whose grace periods end together leave in one request.
   */
  private schedule(): void {
    if (this.toAdd.size > 0 && !this.addScheduled) {
      this.addScheduled = true;
      queueMicrotask(() => {
        this.addScheduled = false;
        const adding = [...this.toAdd];
        this.toAdd = new Set();
        if (adding.length > 0) this.jobs.next(this.addJob(adding));
      });
    }
    if (this.toRemove.size > 0 && !this.removeScheduled) {
      this.removeScheduled = true;
      this.context.clock.setTimer(() => {
        this.removeScheduled = false;
        const removing = [...this.toRemove];
        this.toRemove = new Set();
        if (removing.length > 0) this.jobs.next(this.removeJob(removing));
      }, 0);
    }
  }

  /**
   * Adds the entries one request at a time, planning each step when it starts: to a subscription
   * with room if there is one, else into a new subscription. A step that finds a subscription full
   * (403 LimitExceeded) re-plans its contacts, and later steps see that.
   */
  private addJob(batch: readonly PoolEntry[]): Observable<unknown> {
    return defer(() => {
      const live = batch.filter((entry) => entry.refs > 0 && !entry.subscription && !entry.failed);
      if (live.length === 0) return EMPTY;
      const max = this.options.maxContactsPerSubscription;
      const roomIn = (s: ServerSubscription): number => (s.full || s.retired ? 0 : max - s.members.size);
      const target = [...this.subscriptions].find((s) => roomIn(s) > 0);
      const size = target ? roomIn(target) : max;
      const step = target ? this.addTo(target, live.slice(0, size)) : this.createWith(live.slice(0, size));
      return concat(step, this.addJob(live.slice(size)));
    });
  }

  private createWith(entries: readonly PoolEntry[]): Observable<unknown> {
    const minutes = this.options.durationMinutes;
    return this.operations.create(entries.map((e) => e.uri), minutes).pipe(
      switchMap((resource) => {
        const subscription = new ServerSubscription(resource, this.context.clock.now() + minutes * MINUTE, selfKey(resource));
        this.subscriptions.add(subscription);
        this.watch(subscription);
        return this.admit(subscription, entries);
      }),
      catchError((error: unknown) => this.failOrRetryLater(entries, error)),
    );
  }

  private addTo(subscription: ServerSubscription, entries: readonly PoolEntry[]): Observable<unknown> {
    return this.operations.add(subscription.resource, entries.map((e) => e.uri)).pipe(
      switchMap(() => this.admit(subscription, entries)),
      catchError((error: unknown) => {
        if (isHttpError(error, 403, 'LimitExceeded')) subscription.full = true;
        else if (isHttpError(error, 404)) this.lost(subscription);
        else return this.failOrRetryLater(entries, error);
        return this.addJob(entries);
      }),
    );
  }

  /**
   * After the request's own retries: a pool that cannot be reached (network, timeouts, 429, 502,
   * 503, 504) tries the contacts again later, with a growing backoff, so that
   * `presence$` outlives an outage; any other refusal errors the contacts' streams with it.
   */
  private failOrRetryLater(entries: readonly PoolEntry[], error: unknown): Observable<never> {
    if (!isUnreachable(error)) {
      for (const entry of entries) entry.fail(error);
      return EMPTY;
    }
    this.addFailures += 1;
    const delay = backoffDelay(this.addFailures, { baseDelayMs: 1000, maxDelayMs: 30_000 }, isHttpError(error) ? error.retryAfterMs : undefined);
    this.context.clock.setTimer(() => {
      for (const entry of entries) if (entry.refs > 0 && !entry.subscription && !entry.failed) this.toAdd.add(entry);
      this.schedule();
    }, delay);
    return this.report(error);
  }

  /** Records `entries` as members of `subscription` and publishes their contact refs. */
  private admit(subscription: ServerSubscription, entries: readonly PoolEntry[]): Observable<unknown> {
    this.addFailures = 0;
    const sinceResponse = this.context.channel.responseCount;
    for (const entry of entries) {
      entry.subscription = subscription;
      subscription.members.add(entry);
    }
    return this.directory.resolve(entries.map((e) => e.uriKey), () => this.operations.memberships(subscription.resource)).pipe(
      tap((found) => {
        for (const entry of entries) {
          const ref = found.get(entry.uriKey);
          if (ref) entry.resolved(ref, sinceResponse);
          else entry.fail(new DecodeError(`contact ${entry.uri}`, [{ path: 'presenceSubscriptionMemberships', expected: `a membership for ${entry.uri}`, actual: 'none' }]));
          if (entry.refs === 0) this.toRemove.add(entry);
        }
        if (this.toRemove.size > 0) this.schedule();
      }),
    );
  }

  private removeJob(batch: readonly PoolEntry[]): Observable<unknown> {
    return defer(() => {
      const leaving = batch.filter((entry) => entry.refs === 0 && entry.subscription);
      const bySubscription = new Map<ServerSubscription, PoolEntry[]>();
      for (const entry of leaving) {
        const subscription = entry.subscription as ServerSubscription;
        bySubscription.set(subscription, [...(bySubscription.get(subscription) ?? []), entry]);
      }
      const steps = [...bySubscription].map(([subscription, entries]) => this.removeFrom(subscription, entries));
      return concat(...steps);
    });
  }

  private removeFrom(subscription: ServerSubscription, entries: readonly PoolEntry[]): Observable<unknown> {
    for (const entry of entries) {
      subscription.members.delete(entry);
      entry.subscription = undefined;
      if (this.entries.get(entry.uriKey) === entry) this.entries.delete(entry.uriKey);
    }
    if (subscription.retired) return EMPTY;
    if (subscription.members.size === 0) {
      subscription.retire();
      this.subscriptions.delete(subscription);
      return this.operations.delete(subscription.resource).pipe(catchError((error: unknown) => (isHttpError(error, 404) ? EMPTY : this.report(error))));
    }
    const keys = new Set(entries.flatMap((entry) => (entry.ref ? [entry.ref.key] : [])));
    return this.operations.memberships(subscription.resource).pipe(
      switchMap((memberships) => {
        const doomed = (memberships.value._embedded?.presenceSubscriptionMembership ?? []).filter((membership) => {
          const contact = hrefOf(membership, 'contact');
          return contact !== undefined && keys.has(routingKey(contact, memberships.url));
        });
        return concat(...doomed.map((membership) => this.operations.removeMembership({ value: membership, url: memberships.url })));
      }),
      catchError((error: unknown) => (isHttpError(error, 404) ? EMPTY : this.report(error))),
    );
  }

  /** One refresh timer and one event watch per server subscription. */
  private watch(subscription: ServerSubscription): void {
    subscription.watch = keepSubscriptionAlive(subscription, this.context, this.operations, {
      ...this.options,
      onExtended: () => {
        this.extensionCount += 1;
      },
      onLost: (error) => this.lost(subscription, error),
    });
  }

  /** The server no longer has `subscription` (expired, deleted, refresh refused): re-add its contacts elsewhere. */
  private lost(subscription: ServerSubscription, error?: unknown): void {
    if (subscription.retired) return;
    subscription.retire();
    this.subscriptions.delete(subscription);
    if (error !== undefined && !isHttpError(error, 404)) this.report(error).subscribe();
    for (const entry of subscription.members) {
      entry.subscription = undefined;
      if (entry.refs > 0) this.toAdd.add(entry);
      else if (this.entries.get(entry.uriKey) === entry) this.entries.delete(entry.uriKey);
    }
    subscription.members.clear();
    this.schedule();
  }

  /** After resume, resync or a recreated application: recreate every subscription with the same contacts. */
  private reset(signal: ResetSignal): void {
    const old = [...this.subscriptions];
    this.subscriptions.clear();
    this.directory.clear();
    for (const subscription of old) {
      subscription.retire();
      for (const entry of subscription.members) entry.subscription = undefined;
      subscription.members.clear();
    }
    const cleanup = signal.reason === 'resync'
      ? concat(...old.map((s) => this.operations.delete(s.resource).pipe(catchError(() => EMPTY))))
      : EMPTY;
    this.jobs.next(cleanup);
    for (const entry of this.entries.values()) if (entry.refs > 0 && !entry.failed) this.toAdd.add(entry);
    this.schedule();
  }
}
