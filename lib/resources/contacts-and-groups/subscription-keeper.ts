import { Observable, ReplaySubject, Subject, distinctUntilChanged, map, merge, of, retry, scan, share, switchMap, takeUntil, throwError, timer } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { isHttpError, isUcwaError } from '../../errors/guards.js';
import { CONTACTS_AND_GROUPS_DURATION, checkDuration } from '../duration.js';
import { RESTART, runContactsAndGroupsSubscription, type RunSettings, type RunUpdate } from './subscription-run.js';
import { sameStatus, type ContactsAndGroupsSubscriptionStatus } from './subscription-status.js';
import type { ContactsAndGroupsSubscriptionOperations, ContactsAndGroupsSubscriptionRead } from './subscription-operations.js';

/** How {@link ContactsAndGroupsSubscriptionKeeper} keeps the subscription alive. */
export interface ContactsAndGroupsKeeperOptions {
  /** Minutes asked for on start and refresh, 10-60 (default 60: a start lasts an hour, a refresh reaches the 30-minute cap). */
  readonly durationMinutes?: number | undefined;
  /** Refresh this long before the computed expiry at the latest, ms (default 60 s). */
  readonly refreshMarginMs?: number | undefined;
  /** An `updated` event with at most this long left means "about to expire", ms (default 5 min). */
  readonly warningWindowMs?: number | undefined;
}

/** One status with the start it belongs to (pinnedGroup$ reloads on every new start). */
export interface KeeperRecord {
  readonly generation: number;
  readonly status: ContactsAndGroupsSubscriptionStatus;
}

const INITIAL: KeeperRecord = { generation: 0, status: { state: 'Disconnected', refreshes: 0, starts: 0 } };

/** Folds one update of a run into the record. */
function apply(record: KeeperRecord, update: RunUpdate): KeeperRecord {
  const { status } = record;
  switch (update.kind) {
    case 'started':
      return {
        generation: record.generation + 1,
        status: { state: update.state, expiresAt: new Date(update.expiresAt), refreshes: status.refreshes, starts: status.starts + 1 },
      };
    case 'refreshed':
      return { generation: record.generation, status: { ...status, state: update.state, expiresAt: new Date(update.expiresAt), refreshes: status.refreshes + 1 } };
    case 'state':
      return { generation: record.generation, status: { ...status, state: update.state, expiresAt: update.state === 'Disconnected' ? undefined : status.expiresAt } };
  }
}

/**
 * The live myContactsAndGroupsSubscription, shared per client: the first subscriber starts it
 * (see {@link runContactsAndGroupsSubscription}), a reset (resume, resync, application
 * recreated) or a server-side disconnection starts it again, and a grace period after the last
 * subscriber leaves it is stopped. Start and refresh failures error the stream.
 */
export class ContactsAndGroupsSubscriptionKeeper {
  /** Every status with its start number; replays the latest. */
  readonly records$: Observable<KeeperRecord>;
  /** The public stream: the status whenever it changes. */
  readonly status$: Observable<ContactsAndGroupsSubscriptionStatus>;
  /** Emits a new number after each (re)start: what was read before may be stale. */
  readonly generation$: Observable<number>;
  private readonly closing = new Subject<void>();
  private closed = false;
  private readonly settings: RunSettings;

  constructor(
    private readonly context: ClientContext,
    private readonly operations: ContactsAndGroupsSubscriptionOperations,
    options: ContactsAndGroupsKeeperOptions = {},
  ) {
    const { min, max } = CONTACTS_AND_GROUPS_DURATION;
    this.settings = {
      durationMinutes: checkDuration(options.durationMinutes ?? max, min, max, 'contactsAndGroups.durationMinutes'),
      refreshMarginMs: options.refreshMarginMs ?? 60_000,
      warningWindowMs: options.warningWindowMs ?? 5 * 60_000,
    };
    const { graceMs, scheduler } = context;
    this.records$ = this.source().pipe(
      share({ connector: () => new ReplaySubject<KeeperRecord>(1), resetOnRefCountZero: () => timer(graceMs, scheduler) }),
    );
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
    this.closing.next();
    this.closing.complete();
  }

  private source(): Observable<KeeperRecord> {
    return new Observable<KeeperRecord>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      const { channel } = this.context;
      let live: ContactsAndGroupsSubscriptionRead | undefined;
      const track = (resource: ContactsAndGroupsSubscriptionRead | undefined): void => {
        live = resource;
      };
      const channelRunning = channel.running$.subscribe({ error: (error: unknown) => subscriber.error(error) });
      const runs = merge(of(undefined), channel.resets$)
        .pipe(
          switchMap(() => runContactsAndGroupsSubscription(this.context, this.operations, this.settings, track)),
          retry({ delay: (error: unknown) => (error === RESTART ? of(undefined) : throwError(() => error)) }),
          scan(apply, INITIAL),
          takeUntil(this.closing),
        )
        .subscribe(subscriber);
      return () => {
        runs.unsubscribe();
        channelRunning.unsubscribe();
        if (live && !this.closed) {
          this.operations.stop(live).subscribe({
            error: (error: unknown) => {
              if (isUcwaError(error) && !isHttpError(error, 404)) channel.diagnose(error);
            },
          });
        }
      };
    });
  }
}
