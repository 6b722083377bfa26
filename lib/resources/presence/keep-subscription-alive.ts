import { filter, map, merge, of, tap, type Observable, type Subscription } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { autoRefresh } from '../../operators/auto-refresh.js';
import { SUBSCRIPTION_CAP_MINUTES } from '../duration.js';
import type { PresenceSubscriptions } from '../presence-subscriptions.js';
import type { ServerSubscription } from './server-subscription.js';

const MINUTE = 60_000;

/** How a server subscription is kept alive. */
export interface KeepAliveOptions {
  /** Minutes asked for on each extension (10-30). */
  readonly durationMinutes: number;
  /** Extend this long before the computed expiry at the latest, ms. */
  readonly refreshMarginMs: number;
  /** An `updated` event with at most this long left means "about to expire", ms. */
  readonly warningWindowMs: number;
  /** Told after each extension. */
  readonly onExtended: () => void;
  /** Told when the server no longer has the subscription: a `deleted` event, or an extension refused. */
  readonly onLost: (error?: unknown) => void;
}

/**
 * Keeps one server presence subscription alive: one `autoRefresh` timer, extending it on its
 * "about to expire" `updated` event or a margin before the computed expiry (the server adds the
 * duration to the time left and caps the sum at 30 minutes), and a watch for its `deleted` event.
 */
export function keepSubscriptionAlive(
  subscription: ServerSubscription,
  context: ClientContext,
  operations: PresenceSubscriptions,
  options: KeepAliveOptions,
): Subscription {
  const { channel, scheduler, clock } = context;
  const events$ = channel.on(subscription.key).pipe(filter((event) => event.key === subscription.key));
  const extend = (current: ServerSubscription): Observable<ServerSubscription> =>
    operations.extend(current.resource, options.durationMinutes).pipe(
      map((resource) => {
        options.onExtended();
        const now = clock.now();
        const left = Math.max(0, current.expiresAt - now);
        current.resource = resource;
        current.expiresAt = now + Math.min(left + options.durationMinutes * MINUTE, SUBSCRIPTION_CAP_MINUTES * MINUTE);
        return current;
      }),
    );
  return merge(
    of(subscription).pipe(
      autoRefresh({
        expiresAt: (s) => s.expiresAt,
        refresh: extend,
        expiring$: events$.pipe(filter((event) => event.type === 'updated')),
        marginMs: options.refreshMarginMs,
        warningWindowMs: options.warningWindowMs,
        scheduler,
      }),
    ),
    events$.pipe(
      filter((event) => event.type === 'deleted'),
      tap(() => options.onLost()),
    ),
  ).subscribe({ error: (error: unknown) => options.onLost(error) });
}
