import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EMPTY, Subject, type Subscription } from 'rxjs';
import type { UcwaClient } from '../../lib/client.js';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import { liveState, type LiveState } from '../../lib/operators/live-state.js';
import type { ContactPresence } from '../../lib/codecs/presence.js';
import type { Simulator } from '../../lib/simulator/index.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const BOB = 'sip:bob@contoso.com';

/** A state as a short line: `live Online`, `stale Busy reconnecting`, `error UnknownContact`. */
function describeState(state: LiveState<ContactPresence>): string {
  if (state.status === 'loading') return 'loading';
  if (state.status === 'error') return `error ${state.error.name}`;
  if (state.status === 'stale') return `stale ${state.value.availability} ${state.connection.status}`;
  return `live ${state.value.availability}`;
}

/** Consecutive duplicates removed: the states a template would show, in order. */
const shown = (lines: readonly string[]): string[] => lines.filter((line, i) => line !== lines[i - 1]);

/**
 * Forces an outage of the event channel: every P-GET fails with 503 until `end()`, and a presence
 * change releases the P-GET the server holds, so that the next one meets the fault.
 */
function outage(sim: Simulator): { end(): void } {
  const fault = sim.injectFault({ path: '/events', times: Number.POSITIVE_INFINITY, fault: { kind: 'status', status: 503 } });
  sim.setPresence(BOB, { availability: 'Busy' });
  return { end: () => fault.cancel() };
}

describe('liveState', () => {
  let sim: Simulator;
  let client: UcwaClient;
  beforeAll(async () => {
    sim = await startFastSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('shows loading, then the value, then stale during an outage, then live again', async () => {
    sim.setPresence(BOB, { availability: 'Online' });
    client = clientFor(sim, { eventChannel: { retry: { baseDelayMs: 5, maxDelayMs: 20, jitter: 0 } } });
    const lines: string[] = [];
    const subscription = client.presence$(BOB).pipe(liveState(client)).subscribe((state) => lines.push(describeState(state)));
    try {
      expect(lines).toEqual(['loading']);
      await eventually(() => lines.at(-1) === 'live Online');

      const forced = outage(sim);
      await eventually(() => lines.at(-1)?.startsWith('stale') === true);
      expect(lines.at(-1)).toMatch(/^stale (Online|Busy) reconnecting$/);
      forced.end();
      sim.setPresence(BOB, { availability: 'Away' });
      await eventually(() => lines.at(-1) === 'live Away');

      expect(shown(lines)[0]).toBe('loading');
      expect(shown(lines)[1]).toBe('live Online');
      const staleAt = lines.findIndex((line) => line.startsWith('stale'));
      expect(lines.slice(staleAt).some((line) => line.startsWith('live'))).toBe(true);
    } finally {
      subscription.unsubscribe();
      await client.close();
    }
  });

  it('a value already known comes at once as live; a permanent error ends the states with error', async () => {
    client = clientFor(sim);
    const seen: ContactPresence[] = [];
    const held = client.presence$(BOB).subscribe((presence) => seen.push(presence));
    const lines: string[] = [];
    const failed: string[] = [];
    try {
      await eventually(() => seen.length > 0 && client.status().connection.status === 'connected');
      await new Promise((resolve) => setTimeout(resolve, 0)); // the connection's change delivered
      const again = client.presence$(BOB).pipe(liveState(client)).subscribe((state) => lines.push(describeState(state)));
      again.unsubscribe();
      // Held by another subscriber and already fetched: at once, no loading first.
      expect(lines).toEqual([`live ${seen.at(-1)?.availability}`]);
    } finally {
      held.unsubscribe();
      await client.close();
    }
    // A refusal of the contact (409 on creating its subscription) is permanent: error, then complete.
    client = clientFor(sim, { retry: { transient: { baseDelayMs: 1, jitter: 0 } } });
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault: { kind: 'status', status: 409, code: 'Conflict', subcode: 'AlreadyExists' } });
    let completed = false;
    client
      .presence$(BOB)
      .pipe(liveState(client))
      .subscribe({ next: (state) => failed.push(describeState(state)), complete: () => (completed = true) });
    try {
      await eventually(() => completed);
      expect(failed).toEqual(['loading', 'error HttpError']);
    } finally {
      await client.close();
    }
  });

  it('emits only changes, and reads the connection from anything with a connectionState$', () => {
    const connection = new Subject<ConnectionState>();
    const values = new Subject<number>();
    const states: LiveState<number>[] = [];
    const subscription: Subscription = values.pipe(liveState({ connectionState$: connection })).subscribe((state) => states.push(state));
    connection.next({ status: 'connecting' });
    values.next(1);
    connection.next({ status: 'connected' });
    connection.next({ status: 'connected' });
    const reason = new Error('down') as never;
    connection.next({ status: 'reconnecting', reason, attempt: 1, retryInMs: 5 });
    values.next(2);
    connection.next({ status: 'connected' });
    values.error(new Error('gone'));
    subscription.unsubscribe();
    expect(states.map((s) => `${s.status} ${String(s.value)}`)).toEqual(['loading undefined', 'live 1', 'stale 1', 'stale 2', 'live 2', 'error undefined']);
    expect(states.at(-1)?.error?.message).toBe('gone');
  });

  it('a stream that completes without a value (an inert client) shows loading, then completes', () => {
    const states: string[] = [];
    let completed = false;
    EMPTY.pipe(liveState({ connectionState$: EMPTY })).subscribe({ next: (s) => states.push(s.status), complete: () => (completed = true) });
    expect(states).toEqual(['loading']);
    expect(completed).toBe(true);
  });
});
