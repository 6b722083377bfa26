import { randomBytes } from 'node:crypto';
import type { Clock } from '../../time/clock.js';
import type { EventFactory } from '../app/event-factory.js';
import type { ChannelEvent } from '../events/channel-event.js';

/** The longest a subscription may run after an extension (presenceSubscription_ref). */
export const MAX_SUBSCRIPTION_MS = 30 * 60 * 1000;

/** A live presence subscription. */
export interface PresenceSubscription {
  /** Id, unique in the application. */
  readonly id: string;
  /** Member keys in the order they were added. */
  readonly members: string[];
  /** When it expires (clock ms). */
  expiresAt: number;
  /** The group it was created from, for subscribeToGroupPresence. */
  readonly groupId?: string;
  /** Cancels the warning and expiry timers. */
  cancelTimers: () => void;
}

/** What the subscriptions need from their application. */
export interface PresenceSubscriptionHost {
  readonly clock: Clock;
  readonly events: EventFactory;
  /** Queues events on the application's channel. */
  enqueue(...events: ChannelEvent[]): void;
  /** Drops queued events. */
  removeQueued(predicate: (event: ChannelEvent) => boolean): void;
  /** How long before expiry the "about to expire" updated event goes out. */
  readonly warningMs: number;
  /** Members allowed per subscription. */
  readonly maxMembers: number;
  /** Subscriptions allowed per application. */
  readonly maxSubscriptions: number;
}

/** Outcome of an operation that can hit a limit. */
export type LimitResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: 'LimitExceeded' };

/**
 * One application's presence subscriptions: creation with the added events the walkthrough
 * shows (contact added in subscribedContacts, presenceSubscription added, an initial
 * contactPresence updated per member), extension capped at 30 minutes, the "about to expire"
 * updated event, and removal on DELETE or expiry (contacts deleted, presenceSubscription deleted).
 */
export class PresenceSubscriptions {
  private readonly subscriptions = new Map<string, PresenceSubscription>();
  /** How many live subscriptions each contact is in (subscribedContacts in insertion order). */
  private readonly memberCounts = new Map<string, number>();

  /** @param host the owning application's hooks. */
  constructor(private readonly host: PresenceSubscriptionHost) {}

  /** Live subscriptions in creation order. */
  list(): PresenceSubscription[] {
    return [...this.subscriptions.values()];
  }

  /** A live subscription by id. */
  get(id: string): PresenceSubscription | undefined {
    return this.subscriptions.get(id.toLowerCase());
  }

  /** Every subscribed contact (the subscribedContacts collection), in order. */
  subscribedContacts(): string[] {
    return [...this.memberCounts.keys()];
  }

  /** True when a contact is in some live subscription. */
  isSubscribed(key: string): boolean {
    return this.memberCounts.has(key);
  }

  /** Creates a subscription for `durationMinutes`. */
  create(keys: readonly string[], durationMinutes: number, groupId?: string): LimitResult<PresenceSubscription> {
    const members = [...new Set(keys)];
    if (this.subscriptions.size >= this.host.maxSubscriptions || members.length > this.host.maxMembers) {
      return { ok: false, reason: 'LimitExceeded' };
    }
    let id = randomBytes(4).toString('hex');
    while (this.subscriptions.has(id)) id = randomBytes(4).toString('hex');
    const subscription: PresenceSubscription = {
      id,
      members,
      expiresAt: this.host.clock.now() + durationMinutes * 60_000,
      ...(groupId === undefined ? {} : { groupId }),
      cancelTimers: () => undefined,
    };
    this.subscriptions.set(id, subscription);
    const fresh = this.count(members, +1);
    const { events } = this.host;
    this.host.enqueue(
      ...fresh.map((key) => events.subscribedContact('added', key)),
      events.presenceSubscription('added', id),
      ...members.map((key) => events.contactPresenceUpdated(key)),
    );
    this.arm(subscription);
    return { ok: true, value: subscription };
  }

  /** Extends by `durationMinutes` on top of the remaining time, capped at 30 minutes. */
  extend(id: string, durationMinutes: number): PresenceSubscription | undefined {
    const subscription = this.get(id);
    if (!subscription) return undefined;
    const now = this.host.clock.now();
    const remaining = Math.max(0, subscription.expiresAt - now);
    subscription.expiresAt = now + Math.min(remaining + durationMinutes * 60_000, MAX_SUBSCRIPTION_MS);
    this.arm(subscription);
    return subscription;
  }

  /** Adds members; already subscribed members are kept once. */
  addMembers(id: string, keys: readonly string[]): LimitResult<PresenceSubscription> | undefined {
    const subscription = this.get(id);
    if (!subscription) return undefined;
    const fresh = [...new Set(keys)].filter((key) => !subscription.members.includes(key));
    if (subscription.members.length + fresh.length > this.host.maxMembers) return { ok: false, reason: 'LimitExceeded' };
    subscription.members.push(...fresh);
    const added = this.count(fresh, +1);
    const { events } = this.host;
    this.host.enqueue(
      ...added.map((key) => events.subscribedContact('added', key)),
      ...fresh.map((key) => events.contactPresenceUpdated(key)),
    );
    return { ok: true, value: subscription };
  }

  /** Removes one member; false when there is no such membership. */
  removeMember(id: string, key: string): boolean {
    const subscription = this.get(id);
    const index = subscription ? subscription.members.indexOf(key) : -1;
    if (!subscription || index < 0) return false;
    subscription.members.splice(index, 1);
    this.afterRemoval(this.count([key], -1));
    return true;
  }

  /** Deletes a subscription (client DELETE or expiry) with its events; false when unknown. */
  delete(id: string): boolean {
    const subscription = this.get(id);
    if (!subscription) return false;
    subscription.cancelTimers();
    this.subscriptions.delete(subscription.id);
    this.afterRemoval(this.count(subscription.members, -1));
    this.host.enqueue(this.host.events.presenceSubscription('deleted', subscription.id));
    return true;
  }

  /** Drops everything without events (resume after inactivity, application deleted). */
  dropAll(): void {
    for (const subscription of this.subscriptions.values()) subscription.cancelTimers();
    this.subscriptions.clear();
    this.memberCounts.clear();
  }

  /** Adds `delta` to the counts of `keys`; returns the keys that entered (+1) or left (-1) subscribedContacts. */
  private count(keys: readonly string[], delta: 1 | -1): string[] {
    const changed: string[] = [];
    for (const key of keys) {
      const next = (this.memberCounts.get(key) ?? 0) + delta;
      if (next <= 0) {
        this.memberCounts.delete(key);
        changed.push(key);
      } else {
        if (next === 1 && delta === 1) changed.push(key);
        this.memberCounts.set(key, next);
      }
    }
    return changed;
  }

  /** Events and queue cleanup for contacts that left subscribedContacts. */
  private afterRemoval(gone: readonly string[]): void {
    this.host.enqueue(...gone.map((key) => this.host.events.subscribedContact('deleted', key)));
    // Queued presence, note and location updates are keyed `${rel}:${contact key}`.
    const goneSet = new Set(gone);
    this.host.removeQueued((event) => event.mergeKey !== undefined && goneSet.has(event.mergeKey.slice(event.mergeKey.indexOf(':') + 1)));
  }

  private arm(subscription: PresenceSubscription): void {
    subscription.cancelTimers();
    const { clock } = this.host;
    const untilExpiry = subscription.expiresAt - clock.now();
    const cancelWarning = clock.setTimer(
      () => this.host.enqueue(this.host.events.presenceSubscription('updated', subscription.id)),
      Math.max(0, untilExpiry - this.host.warningMs),
    );
    const cancelExpiry = clock.setTimer(() => this.delete(subscription.id), untilExpiry);
    subscription.cancelTimers = () => {
      cancelWarning();
      cancelExpiry();
    };
  }
}
