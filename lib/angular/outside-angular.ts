import { Observable } from 'rxjs';
import type { ZoneRunner } from './zone-runner.js';

/**
 * `source`, subscribed and unsubscribed outside the Angular zone, its notifications delivered
 * inside it. Requests, long polls and timers the subscription starts (and the grace timer its
 * teardown starts) are then invisible to zone.js, so they do not keep the app unstable, while
 * values still reach templates in the zone, where change detection sees them.
 */
export function outsideAngular<T>(source: Observable<T>, zone: ZoneRunner): Observable<T> {
  return new Observable<T>((subscriber) => {
    const subscription = zone.runOutsideAngular(() =>
      source.subscribe({
        next: (value) => zone.run(() => subscriber.next(value)),
        error: (error: unknown) => zone.run(() => subscriber.error(error)),
        complete: () => zone.run(() => subscriber.complete()),
      }),
    );
    return () => zone.runOutsideAngular(() => subscription.unsubscribe());
  });
}
