import { concatMap, expand, filter, merge, of, switchMap, take, timer, type MonoTypeOperatorFunction, type Observable, type SchedulerLike } from 'rxjs';

/** How {@link autoRefresh} keeps a server subscription alive. */
export interface AutoRefreshOptions<S> {
  /** When the subscription described by `state` expires (scheduler time, ms). */
  readonly expiresAt: (state: S) => number;
  /** Extends the subscription; emits its new state (with a later expiry). Errors end the refresh. */
  readonly refresh: (state: S) => Observable<S>;
  /** Events that may announce the expiry (the resource's `updated` events). */
  readonly expiring$?: Observable<unknown> | undefined;
  /** The fallback timer fires this long before the computed expiry, ms. */
  readonly marginMs: number;
  /**
   * An `expiring$` event triggers a refresh only when the subscription has at most this long
   * left, ms: other updates of the resource do not cause a needless extension.
   */
  readonly warningWindowMs: number;
  /** Scheduler of the fallback timer (and of `now()`). */
  readonly scheduler: SchedulerLike;
}

/**
 * Keeps a server-side subscription alive for as long as the result is subscribed. The
 * source emits the subscription's state once created; then each state is extended when the
 * server announces its expiry (an `expiring$` event within the warning window) or when a
 * fallback timer `marginMs` ahead of the computed expiry fires, whichever comes first. One
 * timer per subscription; nothing is extended twice for one expiry. Emits every state.
 */
export function autoRefresh<S>(options: AutoRefreshOptions<S>): MonoTypeOperatorFunction<S> {
  const { scheduler } = options;
  const due = (state: S): Observable<unknown> => {
    const remaining = options.expiresAt(state) - scheduler.now();
    const fallback = timer(Math.max(0, remaining - options.marginMs), scheduler);
    if (!options.expiring$) return fallback;
    const announced = options.expiring$.pipe(filter(() => options.expiresAt(state) - scheduler.now() <= options.warningWindowMs));
    return merge(fallback, announced);
  };
  return (source) =>
    source.pipe(
      switchMap((initial) =>
        of(initial).pipe(
          expand(
            (state) =>
              due(state).pipe(
                take(1),
                concatMap(() => options.refresh(state)),
              ),
            1,
          ),
        ),
      ),
    );
}
