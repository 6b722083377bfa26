import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { EnvironmentInjector } from '@angular/core';
import { injectConnectionState, injectPinnedGroup, injectPresence, provideUcwa, type UcwaClientOptions } from '../../lib/angular/index.js';
import type { LiveState } from '../../lib/operators/live-state.js';
import type { ContactPresence } from '../../lib/codecs/presence.js';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { testEnvironment } from './support/environment.js';
import { RecordingZone } from './support/recording-zone.js';

const BOB = 'sip:bob@contoso.com';

let sim: Simulator;
const environments: EnvironmentInjector[] = [];

function optionsFor(simulator: Simulator): UcwaClientOptions {
  return {
    discoveryUrl: simulator.discoveryUrl,
    credentials: { username: 'alice@contoso.com', password: 'password' },
    gracePeriodMs: 50,
    eventChannel: { retry: { baseDelayMs: 5, maxDelayMs: 20, jitter: 0 } },
    retry: { transient: { baseDelayMs: 1, jitter: 0 } },
  };
}

function environment(): EnvironmentInjector {
  const made = testEnvironment([provideUcwa(optionsFor(sim))], 'browser', new RecordingZone());
  environments.push(made);
  return made;
}

const line = (state: LiveState<ContactPresence>): string =>
  state.status === 'loading' ? 'loading' : state.status === 'error' ? `error ${state.error.name}` : `${state.status} ${state.value.availability}`;

beforeAll(async () => {
  sim = await startFastSimulator();
});
afterEach(async () => {
  for (const made of environments.splice(0)) if (!made.destroyed) made.destroy();
  sim.clearFaults();
  await eventually(() => sim.state().applications.length === 0);
});
afterAll(async () => {
  await sim.close();
});

describe('injectPresence', () => {
  it('is a signal that shows loading, the value, stale during an outage, and live again', async () => {
    sim.setPresence(BOB, { availability: 'Online' });
    const presence = injectPresence(BOB, { injector: environment() });
    expect(line(presence())).toBe('loading');
    await eventually(() => line(presence()) === 'live Online');

    const fault = sim.injectFault({ path: '/events', times: Number.POSITIVE_INFINITY, fault: { kind: 'status', status: 503 } });
    sim.setPresence(BOB, { availability: 'Busy' }); // releases the held P-GET: the next one meets the fault
    await eventually(() => presence().status === 'stale');
    const stale = presence();
    expect(stale.status === 'stale' && stale.connection.status).toBe('reconnecting');

    fault.cancel();
    sim.setPresence(BOB, { availability: 'Away' });
    await eventually(() => line(presence()) === 'live Away');
  });

  it('shows a permanent error, and reload() tries again', async () => {
    sim.injectFault({ method: 'POST', path: '/presenceSubscriptions', fault: { kind: 'status', status: 409, code: 'Conflict', subcode: 'AlreadyExists' } });
    const presence = injectPresence(BOB, { injector: environment() });
    await eventually(() => presence().status === 'error');
    expect(line(presence())).toBe('error HttpError');
    presence.reload();
    expect(presence().status).toBe('loading');
    await eventually(() => presence().status === 'live');
  });

  it('unsubscribes when its injector is destroyed', async () => {
    const made = environment();
    const presence = injectPresence(BOB, { injector: made });
    await eventually(() => presence().status === 'live');
    made.destroy();
    await eventually(() => sim.state().applications.length === 0);
  });

  it('needs an injection context or an injector', () => {
    expect(() => injectPresence(BOB)).toThrow(/injection context/);
  });
});

describe('injectPinnedGroup and injectConnectionState', () => {
  it('show the pinned group as a live state and the connection as it changes', async () => {
    const injector = environment();
    const connection = injectConnectionState({ injector });
    expect(connection().status).toBe('idle');
    const pinned = injectPinnedGroup({ injector });
    expect(pinned().status).toBe('loading');
    expect(connection().status).toBe('idle'); // subscribing changed nothing in the same turn
    await eventually(() => pinned().status === 'live' && connection().status === 'connected');
    const group = pinned();
    expect(group.status === 'live' && group.value.name).toBe('Pinned Contacts');
  });
});
