import type { ConnectionState } from './connection-state.js';

/**
 * Whether two connection states are the same by value: the same status and, for
 * `reconnecting`, the same reason (by identity), attempt and wait; for `closed`, the same error.
 * `connectionState$` emits only when this is false.
 */
export function sameConnectionState(a: ConnectionState, b: ConnectionState): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'reconnecting' && b.status === 'reconnecting') return a.reason === b.reason && a.attempt === b.attempt && a.retryInMs === b.retryInMs;
  if (a.status === 'closed' && b.status === 'closed') return a.error === b.error;
  return true;
}
