import { afterEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { MeOptions, MyPresence } from '../../lib/resources/me/me-types.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
let subscription: Subscription | undefined;
afterEach(async () => {
  subscription?.unsubscribe();
  await client?.close();
  await sim?.close();
});

const MINUTE = 60_000;
const ALICE = 'alice@contoso.com';

/** A simulator and a client on one ManualClock, with the user's presence watched. */
async function watchMyPresence(me: MeOptions): Promise<{ clock: ManualClock; values: MyPresence[]; settle: () => Promise<void> }> {
  const clock = new ManualClock();
  sim = await startFastSimulator({ clock });
  const tracking = trackingFetch();
  client = clientFor(sim, { clock, fetch: tracking.fetch, me });
  const values: MyPresence[] = [];
  subscription = client.myPresence$.subscribe((value) => values.push(value));
  const settle = settleBoth(sim, tracking);
  await eventually(() => sim!.userState(ALICE).availableApplications.length === 1);
  await clock.advance(1000, settle);
  await eventually(() => values.length > 0);
  return { clock, values, settle };
}

describe('reportMyActivity', () => {
  it('keeps the user Online for an hour while the client is in use', async () => {
    const { clock, values, settle } = await watchMyPresence({});
    for (let minute = 0; minute < 60; minute += 1) {
      await clock.advance(MINUTE, settle);
      expect(sim!.userState(ALICE)).toMatchObject({ idle: false, presence: { availability: 'Online' } });
    }
    expect(values.map((v) => v.availability)).toEqual(['Online']);
    // Every three minutes: 20 reports in the hour.
    expect(sim!.requests.count({ method: 'POST', path: 'reportMyActivity' })).toBe(20);
  });

  it('without it (reportActivity: false) she turns Away after the server\'s five idle minutes, and her stream shows it', async () => {
    const { clock, values, settle } = await watchMyPresence({ reportActivity: false });
    await clock.advance(4 * MINUTE, settle);
    expect(sim!.userState(ALICE).presence.availability).toBe('Online');
    await clock.advance(2 * MINUTE, settle);
    expect(sim!.userState(ALICE)).toMatchObject({ idle: true, presence: { availability: 'Away' } });
    await clock.advance(MINUTE, settle);
    await eventually(() => values.at(-1)?.availability === 'Away');
    expect(sim!.requests.count({ method: 'POST', path: 'reportMyActivity' })).toBe(0);
  });

  it('reports only while a reportActivity function says the user is active', async () => {
    let active = false;
    const { clock, values, settle } = await watchMyPresence({ reportActivity: () => active });
    await clock.advance(6 * MINUTE, settle);
    expect(sim!.userState(ALICE).presence.availability).toBe('Away');
    active = true;
    await clock.advance(MINUTE, settle);
    expect(sim!.userState(ALICE)).toMatchObject({ idle: false, presence: { availability: 'Online' } });
    await clock.advance(MINUTE, settle);
    await eventually(() => values.at(-1)?.availability === 'Online');
    expect(values.map((v) => v.availability)).toEqual(['Online', 'Away', 'Online']);
  });

  it('stops when nothing needs the user available any more', async () => {
    const { clock, settle } = await watchMyPresence({});
    subscription?.unsubscribe();
    await clock.advance(MINUTE, settle);
    const reports = sim!.requests.count({ method: 'POST', path: 'reportMyActivity' });
    await clock.advance(30 * MINUTE, settle);
    expect(sim!.requests.count({ method: 'POST', path: 'reportMyActivity' })).toBe(reports);
    expect(sim!.state().applications).toEqual([]);
  });
});
