import { defer, distinctUntilChanged, map, merge, type Observable } from 'rxjs';
import type { Availability, ContactPresence, UcwaClient } from '../../lib/index.js';

/** One contact's availability changing; `from` is undefined for the first value seen. */
export interface PresenceTransition {
  /** The SIP URI as it was asked for. */
  readonly uri: string;
  readonly from: Availability | undefined;
  readonly to: Availability;
  /** The presence that caused it (activity, device, last active). */
  readonly presence: ContactPresence;
}

/**
 * The availability transitions of every contact in `uris`, merged: each contact's current
 * availability first (`from` undefined), then each change of availability. Changes of activity
 * alone are not transitions. One subscription watches them all; unsubscribing stops watching.
 */
export function presenceTransitions(client: UcwaClient, uris: readonly string[]): Observable<PresenceTransition> {
  return merge(
    ...uris.map((uri) =>
      defer(() => {
        let previous: Availability | undefined;
        return client.presence$(uri).pipe(
          distinctUntilChanged((a, b) => a.availability === b.availability),
          map((presence): PresenceTransition => {
            const transition = { uri, from: previous, to: presence.availability, presence };
            previous = presence.availability;
            return transition;
          }),
        );
      }),
    ),
  );
}

/** `bob: Online -> Busy` (or `bob: Online` for the first value); the name is the URI's user part. */
export function formatTransition(transition: PresenceTransition): string {
  const name = transition.uri.replace(/^sip:/i, '').replace(/@.*$/, '');
  return transition.from === undefined ? `${name}: ${transition.to}` : `${name}: ${transition.from} -> ${transition.to}`;
}
