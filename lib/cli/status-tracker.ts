import { Observable, Subscription, distinctUntilChanged, map, merge, skipWhile } from 'rxjs';
import type { ClientStatus, ConnectionState, ContactsAndGroupsSubscriptionStatus, UcwaClient } from '../index.js';

/** Everything the status line shows, at one moment. */
export interface StatusView {
  readonly connection: ConnectionState;
  /** Wall-clock time of the last event received, ms. */
  readonly lastEventAt?: number | undefined;
  readonly counters: ClientStatus['counters'];
  readonly presenceSubscriptions: ClientStatus['presenceSubscriptions'];
  /** The contacts-and-groups subscription, when the command keeps one. */
  readonly contactsAndGroups?: ContactsAndGroupsSubscriptionStatus | undefined;
  /** Renewals: presence subscription extensions plus contacts-and-groups refreshes. */
  readonly renewals: number;
  /** Wall-clock time of the view, ms. */
  readonly now: number;
}

/**
 * Follows the client for the status line: connection state, the contacts-and-groups
 * subscription (when asked to keep it) and the time of the last event. `changes$` ticks when
 * any of them changes; `view()` reads the rest (`client.status()`) at that moment.
 */
export class StatusTracker {
  private connection: ConnectionState = { status: 'idle' };
  private contactsAndGroups: ContactsAndGroupsSubscriptionStatus | undefined;
  private lastEventAt: number | undefined;

  constructor(
    private readonly client: UcwaClient,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts following. `withContactsAndGroups` subscribes the contacts-and-groups subscription
   * (it is shared with the pinned group, so this starts nothing new when that is watched).
   * `onChange` is called after every change (with `true` when the connection state changed,
   * the idle state before the start and repeats of a state left out); the returned
   * subscription stops it all.
   */
  start(onChange: (connection: boolean) => void, withContactsAndGroups: boolean): Subscription {
    const connection$ = this.client.connectionState$.pipe(
      skipWhile((state) => state.status === 'idle'),
      distinctUntilChanged(sameConnection),
      map((state) => {
        this.connection = state;
        return true;
      }),
    );
    const events$ = this.client.events$.pipe(
      map(() => {
        this.lastEventAt = this.now();
        return false;
      }),
    );
    const cg$ = withContactsAndGroups
      ? this.client.myContactsAndGroupsSubscription$.pipe(
          map((status) => {
            this.contactsAndGroups = status;
            return false;
          }),
        )
      : new Observable<boolean>();
    // Errors are the watch's business (the same errors reach its streams): here they only stop updates.
    return merge(connection$, events$, cg$).subscribe({ next: onChange, error: () => undefined });
  }

  /** The status now. */
  view(): StatusView {
    const status = this.client.status();
    return {
      connection: this.connection,
      lastEventAt: this.lastEventAt,
      counters: status.counters,
      presenceSubscriptions: status.presenceSubscriptions,
      contactsAndGroups: this.contactsAndGroups,
      renewals: status.counters.presenceExtensions + (this.contactsAndGroups?.refreshes ?? 0),
      now: this.now(),
    };
  }
}

/** Two connection states say the same (a fresh `connected` after every response is not news). */
export function sameConnection(a: ConnectionState, b: ConnectionState): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'reconnecting' && b.status === 'reconnecting') return a.attempt === b.attempt;
  return true;
}
