import { InvalidArgumentError } from '../../errors/argument-errors.js';
import type { ObservedSubscription } from './observed-subscription.js';

/**
 * The server's presence limits as the client has learnt them. They start from the configured
 * size and only shrink when the server answers 403 LimitExceeded: a create of N contacts refused
 * means fewer than N fit (the next create asks for half); an add of one contact refused means that
 * subscription is full, so its size is the limit; a create of one contact refused means the
 * application holds all the subscriptions it may.
 */
export class SubscriptionLimits {
  /** Most contacts one subscription may hold, as far as known. */
  perSubscription: number;
  /** Contacts asked for in the next create. */
  createSize: number;
  /** Most subscriptions the application may hold, as far as known. */
  subscriptions = Number.POSITIVE_INFINITY;
  /** The largest subscription the server accepted (a create no larger was refused for another reason). */
  private accepted = 0;
  /** The server refused a size once: the configured size is no longer trusted. */
  private refusedOnce = false;

  constructor(configured: number) {
    this.perSubscription = configured;
    this.createSize = configured;
  }

  /**
   * Contacts a subscription surely takes: the configured size while the server never refused
   * one, else the largest it accepted. Packing plans with it, so that it never probes the server.
   */
  get sureSize(): number {
    return this.refusedOnce ? Math.max(1, this.accepted) : this.perSubscription;
  }

  /** Room for `subscription` by {@link sureSize}. */
  sureRoom(subscription: ObservedSubscription): number {
    return subscription.full || subscription.draining ? 0 : Math.max(0, this.sureSize - subscription.members.size);
  }

  /** A subscription of `size` contacts exists on the server. */
  accept(size: number): void {
    this.accepted = Math.max(this.accepted, size);
  }

  /**
   * The application holds `count` subscriptions: the server allows at least that many (a refusal
   * that arrived before the answers to creates sent with it was learnt too low).
   */
  held(count: number): void {
    if (count > this.subscriptions) this.subscriptions = count;
  }

  /**
   * A create of `size` contacts got 403 LimitExceeded: too many contacts, unless the server took
   * as many before; then (as for a single contact) the application holds all it may.
   */
  createRefused(size: number, subscriptionsHeld: number): void {
    this.refusedOnce = true;
    if (size <= 1 || size <= this.accepted) {
      this.subscriptions = Math.min(this.subscriptions, subscriptionsHeld);
      return;
    }
    this.perSubscription = Math.min(this.perSubscription, size - 1);
    this.createSize = Math.max(1, Math.min(this.perSubscription, Math.floor(size / 2)));
  }

  /** An add of `size` contacts to `subscription` got 403 LimitExceeded. */
  addRefused(subscription: ObservedSubscription, size: number): void {
    this.refusedOnce = true;
    if (size > 1) {
      subscription.addSize = Math.ceil(size / 2);
      return;
    }
    subscription.full = true;
    this.accept(subscription.members.size);
    if (subscription.members.size > 0) {
      this.perSubscription = Math.min(this.perSubscription, subscription.members.size);
      this.createSize = this.perSubscription;
    }
  }

  /** Contacts `subscription` can take now, as far as known. */
  room(subscription: ObservedSubscription): number {
    if (subscription.full || subscription.draining) return 0;
    return Math.max(0, Math.min(this.perSubscription - subscription.members.size, subscription.addSize));
  }
}

/** Largest value accepted for `presence.maxContactsPerSubscription`. */
const MAX_CONTACTS_PER_SUBSCRIPTION = 10_000;

/** Checks `presence.maxContactsPerSubscription` (an integer from 1 to 10,000) before anything is sent. */
export function checkContactsPerSubscription(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONTACTS_PER_SUBSCRIPTION) {
    throw new InvalidArgumentError('presence.maxContactsPerSubscription', `an integer from 1 to ${MAX_CONTACTS_PER_SUBSCRIPTION}`, String(value));
  }
  return value;
}
