import { EMPTY, merge, mergeMap, of, take, takeWhile, type Observable } from 'rxjs';
import type { ConnectionState, UcwaError } from '../index.js';

/** The error that ends a command in this state, if any (see {@link fatalConnectionErrors}). */
function closedError(state: ConnectionState): Observable<UcwaError> {
  return state.status === 'closed' && state.error !== undefined ? of(state.error) : EMPTY;
}

/**
 * The connection states a command cannot go on from: `closed` with an error (nothing recovers
 * from it), and, before the first `connected`, `reconnecting` because the server cannot be
 * reached (network error or timeout, after the request retries). The library keeps trying
 * such a server for as long as it is watched; a command someone just typed reports it instead.
 * Once connected, reconnecting is transient trouble that the status line shows.
 */
export function fatalConnectionErrors(states$: Observable<ConnectionState>): Observable<UcwaError> {
  const unreachableAtStart$ = states$.pipe(
    takeWhile((state) => state.status !== 'connected'),
    mergeMap((state) => (state.status === 'reconnecting' && (state.reason.kind === 'network' || state.reason.kind === 'timeout') ? of(state.reason) : EMPTY)),
  );
  return merge(states$.pipe(mergeMap(closedError)), unreachableAtStart$).pipe(take(1));
}
