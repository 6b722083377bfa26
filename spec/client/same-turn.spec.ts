import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { firstValueFrom, type Subscription } from 'rxjs';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const BOB = 'sip:bob@contoso.com';

/**
 * Angular checks a template twice per change detection in development (NG0100): a value bound
 * first must not change because a later binding subscribed to another stream. So subscribing to
 * one stream must never change another stream's value in the same turn.
 */
describe('subscribing never changes another stream in the same turn', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startFastSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('presence$ on a new client: connectionState$ stays idle until a later turn, then connects', async () => {
    const client = clientFor(sim);
    const states: string[] = [];
    const subscriptions: Subscription[] = [];
    try {
      subscriptions.push(client.connectionState$.subscribe((state) => states.push(state.status)));
      expect(states).toEqual(['idle']); // the current state at once, as a template reads it
      subscriptions.push(client.presence$(BOB).subscribe());
      subscriptions.push(client.pinnedGroup$.subscribe());
      expect(states).toEqual(['idle']);
      await eventually(() => states.includes('connected'));
      expect(states.slice(0, 3)).toEqual(['idle', 'connecting', 'connected']);
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
      await client.close();
    }
  });

  it('events$ on a client whose application exists: connected comes in a later turn', async () => {
    // A ManualClock that is never advanced: the application a reader created stays (its grace never ends).
    const clock = new ManualClock();
    const client = clientFor(sim, { clock });
    const states: ConnectionState['status'][] = [];
    const subscriptions: Subscription[] = [];
    try {
      await firstValueFrom(client.groups.myGroups());
      subscriptions.push(client.connectionState$.subscribe((state) => states.push(state.status)));
      const before = [...states];
      expect(before.at(-1)).not.toBe('connected');
      subscriptions.push(client.events$.subscribe());
      expect(states).toEqual(before);
      await eventually(() => states.at(-1) === 'connected');
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
      await client.close();
    }
  });

  it('a subscriber that comes while a change is on its way gets each state once, the current one first', async () => {
    const client = clientFor(sim);
    const first: string[] = [];
    const second: string[] = [];
    const subscriptions: Subscription[] = [];
    try {
      subscriptions.push(client.connectionState$.subscribe((state) => first.push(state.status)));
      subscriptions.push(client.presence$(BOB).subscribe());
      await eventually(() => client.status().connection.status === 'connecting');
      subscriptions.push(client.connectionState$.subscribe((state) => second.push(state.status)));
      expect(second).toEqual(['connecting']);
      await eventually(() => first.includes('connected') && second.includes('connected'));
      expect(second).toEqual(['connecting', 'connected']);
      expect(first).toEqual(['idle', 'connecting', 'connected']);
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
      await client.close();
    }
  });
});
