import type { Subscription } from 'rxjs';
import type { PresenceSubscription } from '../presence-subscriptions.js';
import type { PoolEntry } from './pool-entry.js';

/** One presenceSubscription on the server, as the pool tracks it. */
export class ServerSubscription {
  /** Contacts the server has in it. */
  readonly members = new Set<PoolEntry>();
  /** Set after 403 LimitExceeded on adding: take no more members. */
  full = false;
  /** Set once the pool stopped caring (deleting it, or it is gone). */
  retired = false;
  /** The refresh timer and event watch (one per server subscription). */
  watch: Subscription | undefined;

  constructor(
    /** The resource as last read. */
    public resource: PresenceSubscription,
    /** When it expires unless extended (clock ms). */
    public expiresAt: number,
    /** Routing key of its self href. */
    readonly key: string,
  ) {}

  /** Stops its timer and watch and marks it retired. */
  retire(): void {
    this.retired = true;
    this.watch?.unsubscribe();
    this.watch = undefined;
  }
}
