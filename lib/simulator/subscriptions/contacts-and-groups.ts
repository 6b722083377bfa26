import type { Clock } from '../../time/clock.js';
import { MAX_SUBSCRIPTION_MS } from './presence-subscriptions.js';

/** SubscriptionState_ref. */
export type SubscriptionState = 'Connected' | 'Connecting' | 'Disconnected' | 'Disconnecting';

/** What the subscription needs from its application. */
export interface ContactsAndGroupsHost {
  readonly clock: Clock;
  /** How long before expiry the updated event goes out. */
  readonly warningMs: number;
  /** Queues the myContactsAndGroupsSubscription updated event. */
  notifyUpdated(): void;
}

/**
 * myContactsAndGroupsSubscription of one application: Disconnected until started; a start
 * uses the duration, a refresh adds it to the remaining time (at most 30 minutes); an updated
 * event shortly before expiry; on expiry it is Disconnected again (with another updated event).
 */
export class ContactsAndGroupsSubscription {
  private current: 'Connected' | 'Disconnected' = 'Disconnected';
  private expires: number | undefined;
  private cancelTimers: () => void = () => undefined;

  /** @param host the owning application's hooks. */
  constructor(private readonly host: ContactsAndGroupsHost) {}

  /** The current state. */
  get state(): SubscriptionState {
    return this.current;
  }

  /** When it expires, while connected. */
  get expiresAt(): number | undefined {
    return this.expires;
  }

  /** True while contact and group changes are reported. */
  get isActive(): boolean {
    return this.current === 'Connected';
  }

  /** Starts (returns true) or refreshes (false) the subscription. */
  startOrRefresh(durationMinutes: number): boolean {
    const now = this.host.clock.now();
    const created = this.current !== 'Connected' || this.expires === undefined;
    const remaining = created ? 0 : Math.max(0, (this.expires ?? now) - now);
    const lifetime = created ? durationMinutes * 60_000 : Math.min(remaining + durationMinutes * 60_000, MAX_SUBSCRIPTION_MS);
    this.current = 'Connected';
    this.expires = now + lifetime;
    this.arm(lifetime);
    return created;
  }

  /** Stops the subscription. */
  stop(): void {
    this.drop();
  }

  /** Disconnects without events (stop, resume after inactivity, application deleted). */
  drop(): void {
    this.cancelTimers();
    this.current = 'Disconnected';
    this.expires = undefined;
  }

  private arm(lifetime: number): void {
    this.cancelTimers();
    const { clock } = this.host;
    const cancelWarning = clock.setTimer(() => this.host.notifyUpdated(), Math.max(0, lifetime - this.host.warningMs));
    const cancelExpiry = clock.setTimer(() => {
      this.drop();
      this.host.notifyUpdated();
    }, lifetime);
    this.cancelTimers = () => {
      cancelWarning();
      cancelExpiry();
    };
  }
}
