import { EMPTY, catchError, concat, concatMap, filter, from, map, merge, of, share, skip, switchMap, takeWhile, tap, throwError, timer, type Observable } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import type { SubscriptionState } from '../../codecs/subscriptions.js';
import { isHttpError, isUcwaError } from '../../errors/guards.js';
import { autoRefresh } from '../../operators/auto-refresh.js';
import { SUBSCRIPTION_CAP_MINUTES } from '../duration.js';
import { selfKey } from '../resource-link.js';
import type { ContactsAndGroupsSubscriptionOperations, ContactsAndGroupsSubscriptionRead } from './subscription-operations.js';

/** What a run reports: a start, a refresh, or a state read from the server. */
export type RunUpdate =
  | { readonly kind: 'started'; readonly state: SubscriptionState; readonly expiresAt: number }
  | { readonly kind: 'refreshed'; readonly state: SubscriptionState; readonly expiresAt: number }
  | { readonly kind: 'state'; readonly state: SubscriptionState };

/** Thrown by a run when the server disconnected the subscription: start over. */
export const RESTART = Symbol('restart');

/** How a run keeps the subscription alive. */
export interface RunSettings {
  /** Minutes asked for on start and refresh (10-60). */
  readonly durationMinutes: number;
  /** Refresh this long before the computed expiry at the latest, ms. */
  readonly refreshMarginMs: number;
  /** An `updated` event with at most this long left means "about to expire", ms. */
  readonly warningWindowMs: number;
}

interface Tracked {
  readonly resource: ContactsAndGroupsSubscriptionRead;
  readonly expiresAt: number;
}

const MINUTE = 60_000;
/** Re-reads of a subscription that answered Connecting, until it is something else. */
const CONFIRM_DELAYS_MS = [0, 1_000, 5_000, 15_000, 60_000] as const;

/** Keeps the links of `previous` when an answer comes without them. */
function withLinks(answer: ContactsAndGroupsSubscriptionRead, previous: ContactsAndGroupsSubscriptionRead): ContactsAndGroupsSubscriptionRead {
  return answer.value._links ? answer : { value: { ...answer.value, _links: previous.value._links }, url: previous.url };
}

/**
 * One start of myContactsAndGroupsSubscription and everything that keeps it alive: GET it,
 * POST startOrRefresh, then refresh it with autoRefresh (its `updated` event within the
 * warning window, or a timer ahead of the computed expiry), re-read it after every `updated`
 * event, and confirm a `Connecting` answer. Errors with {@link RESTART} when the server
 * disconnected it; reports Disconnected and ends when the application is gone (404: the reset
 * that follows starts a new run). `track` is told the resource to stop on teardown.
 */
export function runContactsAndGroupsSubscription(
  context: ClientContext,
  operations: ContactsAndGroupsSubscriptionOperations,
  settings: RunSettings,
  track: (resource: ContactsAndGroupsSubscriptionRead | undefined) => void,
): Observable<RunUpdate> {
  const { clock, scheduler, channel } = context;
  const minutes = settings.durationMinutes;
  const report = (error: unknown): Observable<never> => {
    if (isUcwaError(error) && !isHttpError(error, 404)) channel.diagnose(error);
    return EMPTY;
  };

  const keepAlive = (tracked: Tracked, updated$: Observable<unknown>): Observable<RunUpdate> => {
    const refresh = (current: Tracked): Observable<Tracked> =>
      operations.startOrRefresh(current.resource, minutes).pipe(
        map((answer) => {
          // Connecting means the server had lost it and started a new one: events were missed.
          if (answer.value.state === 'Connecting') throw RESTART;
          const now = clock.now();
          const left = Math.max(0, current.expiresAt - now);
          return { resource: withLinks(answer, current.resource), expiresAt: now + Math.min(left + minutes * MINUTE, SUBSCRIPTION_CAP_MINUTES * MINUTE) };
        }),
        tap((next) => track(next.resource)),
      );
    return of(tracked).pipe(
      autoRefresh({
        expiresAt: (t) => t.expiresAt,
        refresh,
        expiring$: updated$,
        marginMs: settings.refreshMarginMs,
        warningWindowMs: settings.warningWindowMs,
        scheduler,
      }),
      skip(1),
      map((t): RunUpdate => ({ kind: 'refreshed', state: t.resource.value.state ?? 'Connected', expiresAt: t.expiresAt })),
    );
  };

  const confirm = (started: ContactsAndGroupsSubscriptionRead): Observable<RunUpdate> =>
    from(CONFIRM_DELAYS_MS).pipe(
      concatMap((delay) => (delay === 0 ? operations.get(started) : timer(delay, scheduler).pipe(switchMap(() => operations.get(started))))),
      takeWhile((read) => (read.value.state ?? 'Connecting') === 'Connecting', true),
      filter((read) => read.value.state !== undefined && read.value.state !== 'Connecting'),
      map((read): RunUpdate => ({ kind: 'state', state: read.value.state as SubscriptionState })),
      catchError(report),
    );

  const reread = (started: ContactsAndGroupsSubscriptionRead, updated$: Observable<unknown>): Observable<RunUpdate> =>
    updated$.pipe(
      switchMap(() => operations.get(started).pipe(catchError(report))),
      filter((read) => read.value.state !== undefined),
      concatMap((read) => {
        const update: RunUpdate = { kind: 'state', state: read.value.state as SubscriptionState };
        return read.value.state === 'Disconnected' ? concat(of(update), throwError(() => RESTART)) : of(update);
      }),
    );

  return operations.get().pipe(
    switchMap((found) =>
      operations.startOrRefresh(found, minutes).pipe(
        map((answer) => {
          // A subscription that was already running (e.g. after a resync) got a refresh: the
          // server capped it at 30 minutes; only a new one lasts the whole duration.
          const running = found.value.state !== undefined && found.value.state !== 'Disconnected';
          return { started: withLinks(answer, found), lifetime: (running ? Math.min(minutes, SUBSCRIPTION_CAP_MINUTES) : minutes) * MINUTE };
        }),
      ),
    ),
    switchMap(({ started, lifetime }) => {
      track(started);
      const tracked: Tracked = { resource: started, expiresAt: clock.now() + lifetime };
      const state = started.value.state ?? 'Connecting';
      const key = selfKey(started);
      const updated$ = channel.on(key).pipe(
        filter((event) => event.key === key && event.type === 'updated'),
        share(),
      );
      return concat(
        of<RunUpdate>({ kind: 'started', state, expiresAt: tracked.expiresAt }),
        merge(keepAlive(tracked, updated$), state === 'Connecting' ? confirm(started) : EMPTY, reread(started, updated$)),
      );
    }),
    catchError((error: unknown) => {
      if (!isHttpError(error, 404)) return throwError(() => error);
      // The application is gone, and the subscription with it; the reset that follows starts a new run.
      track(undefined);
      return of<RunUpdate>({ kind: 'state', state: 'Disconnected' });
    }),
  );
}
