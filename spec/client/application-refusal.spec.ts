import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import { isUcwaErrorOfKind } from '../../lib/errors/guards.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

const fast = { eventChannel: { retry: { baseDelayMs: 5, jitter: 0 } }, retry: { transient: { baseDelayMs: 5, jitter: 0 }, cannotRedirect: { baseDelayMs: 5, jitter: 0 } } };

describe('creating the application', () => {
  it('a refusal (403) ends the connection with the typed error: nothing to retry', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, fast);
    sim.injectFault({ method: 'POST', path: /\/applications$/, fault: { kind: 'status', status: 403, code: 'Forbidden' } });
    const error = await firstValueFrom(client.presence$('sip:bob@contoso.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'http', status: 403, method: 'POST' });
    expect(sim.log.count({ method: 'POST', path: /\/applications$/ })).toBe(1);
  });

  it.each([
    ['409 TooManyApplications', { kind: 'status', status: 409, code: 'Conflict', subcode: 'TooManyApplications' }],
    ['503', { kind: 'status', status: 503 }],
    ['429', { kind: 'status', status: 429 }],
    ['431 (a link too long to follow: discovery reads it again)', { kind: 'status', status: 431 }],
    ['414', { kind: 'status', status: 414 }],
  ] as const)('%s is retried until the application is created', async (_name, fault) => {
    sim = await startFastSimulator();
    client = clientFor(sim, fast);
    sim.injectFault({ method: 'POST', path: /\/applications$/, fault, times: 3 });
    await expect(firstValueFrom(client.presence$('sip:bob@contoso.com'))).resolves.toMatchObject({ availability: 'Online' });
    expect(sim.log.count({ method: 'POST', path: /\/applications$/ })).toBe(4);
  });
});

describe('TooManyApplications (the user\'s other applications fill the pool\'s limit)', () => {
  it('is a typed error on connectionState$ (reconnecting, with what it means and what to do), retried with backoff until an application goes', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock, limits: { maxApplicationsPerUser: 1 } });
    const other = clientFor(sim, { clock, endpointId: 'another-device' });
    const otherPresence = other.presence$('sip:carol@contoso.com').subscribe();
    await eventually(() => sim?.state().outstandingPgets === 1);
    const tracking = trackingFetch();
    client = clientFor(sim, { clock, fetch: tracking.fetch, eventChannel: { retry: { jitter: 0 } } });
    const states: ConnectionState[] = [];
    const values: string[] = [];
    const errors: unknown[] = [];
    const stateSubscription = client.connectionState$.subscribe((state) => states.push(state));
    const presence = client.presence$('sip:bob@contoso.com').subscribe({ next: (p) => values.push(p.availability), error: (e: unknown) => errors.push(e) });
    const posts = (): number => sim?.log.count({ method: 'POST', path: /\/applications$/, status: 409 }) ?? 0;
    await eventually(() => states.at(-1)?.status === 'reconnecting');
    const reconnecting = states.at(-1);
    expect(reconnecting).toMatchObject({ status: 'reconnecting', attempt: 1, retryInMs: 1000, reason: { kind: 'tooManyApplications', name: 'TooManyApplicationsError', response: { status: 409, subcode: 'TooManyApplications' } } });
    expect(reconnecting?.status === 'reconnecting' && isUcwaErrorOfKind(reconnecting.reason, 'tooManyApplications')).toBe(true);
    expect(reconnecting?.status === 'reconnecting' ? reconnecting.reason.message : '').toMatch(/other apps, devices or browser profiles.*Retrying with backoff/);
    // Backoff doubles: 1 s, 2 s, 4 s ...
    await clock.advance(1_000, settleBoth(sim, tracking));
    await eventually(() => posts() === 2);
    expect(states.at(-1)).toMatchObject({ status: 'reconnecting', attempt: 2, retryInMs: 2000 });
    // The other device closes: the next attempt gets the application.
    otherPresence.unsubscribe();
    await other.close();
    await clock.advance(2_000, settleBoth(sim, tracking));
    await eventually(() => values.length === 1);
    expect(errors).toEqual([]);
    expect(sim.state().applications.map((a) => a.endpointId)).not.toContain('another-device');
    presence.unsubscribe();
    stateSubscription.unsubscribe();
  });
});
