import type { SubscriptionState } from '../../codecs/subscriptions.js';

/**
 * What `client.myContactsAndGroupsSubscription$` emits: the server's state of the
 * contacts-and-groups subscription and how the client keeps it alive.
 */
export interface ContactsAndGroupsSubscriptionStatus {
  /** Connecting, Connected, Disconnecting or Disconnected (SubscriptionState_ref); unknown values are kept as sent. */
  readonly state: SubscriptionState;
  /** When the subscription ends unless refreshed, as computed from the durations asked for; absent when not started. */
  readonly expiresAt?: Date | undefined;
  /** Refreshes (startOrRefresh on a running subscription) since this stream was subscribed. */
  readonly refreshes: number;
  /** Starts since this stream was subscribed: 1, plus one per restart after a reset or a server-side disconnection. */
  readonly starts: number;
}

/** True when two statuses say the same thing. */
export function sameStatus(a: ContactsAndGroupsSubscriptionStatus, b: ContactsAndGroupsSubscriptionStatus): boolean {
  return a.state === b.state && a.refreshes === b.refreshes && a.starts === b.starts && a.expiresAt?.getTime() === b.expiresAt?.getTime();
}
