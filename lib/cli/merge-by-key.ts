import { Observable, type OperatorFunction, type Subscription } from 'rxjs';

/**
 * Keeps one inner subscription per key of the latest list: items whose key appears are
 * projected and subscribed, items whose key disappears are unsubscribed, the others are left
 * alone (a new list with the same keys changes nothing). Emits what every inner emits; an
 * inner error errors the result. Completion of the source leaves the inners running.
 */
export function mergeByKey<T, R>(keyOf: (item: T) => string, project: (item: T) => Observable<R>): OperatorFunction<readonly T[], R> {
  return (lists$) =>
    new Observable<R>((subscriber) => {
      const inners = new Map<string, Subscription>();
      const outer = lists$.subscribe({
        next: (items) => {
          const wanted = new Map(items.map((item) => [keyOf(item), item] as const));
          for (const [key, inner] of inners) {
            if (!wanted.has(key)) {
              inner.unsubscribe();
              inners.delete(key);
            }
          }
          for (const [key, item] of wanted) {
            if (inners.has(key) || subscriber.closed) continue;
            inners.set(key, project(item).subscribe({ next: (value) => subscriber.next(value), error: (error: unknown) => subscriber.error(error) }));
          }
        },
        error: (error: unknown) => subscriber.error(error),
      });
      return () => {
        outer.unsubscribe();
        for (const inner of inners.values()) inner.unsubscribe();
        inners.clear();
      };
    });
}
