import { Observable, asapScheduler, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * What the source gives while it is being subscribed (a BehaviorSubject's current value) comes at
 * once; every later notification comes on `scheduler` (by default in a microtask), in order.
 *
 * So a change caused by subscribing to something else (`presence$` starting the sign-in moves the
 * connection from `idle` to `connecting`) never reaches this subscriber in the same turn: a
 * template that read the value first is not contradicted during the same change detection
 * (Angular's NG0100 in development builds), and the value arrives just after it.
 */
export function changesAfterTheTurn<T>(scheduler: SchedulerLike = asapScheduler): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let subscribing = true;
      let pending: (() => void)[] = [];
      let flush: Subscription | undefined;
      const deliver = (notify: () => void): void => {
        if (subscribing) return notify();
        pending.push(notify);
        flush ??= scheduler.schedule(() => {
          flush = undefined;
          const due = pending;
          pending = [];
          for (const notify of due) notify();
        });
      };
      const inner = source.subscribe({
        next: (value) => deliver(() => subscriber.next(value)),
        error: (error: unknown) => deliver(() => subscriber.error(error)),
        complete: () => deliver(() => subscriber.complete()),
      });
      subscribing = false;
      return () => {
        inner.unsubscribe();
        flush?.unsubscribe();
        pending = [];
      };
    });
}
