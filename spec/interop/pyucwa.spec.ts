import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { findPython, startPythonDriver, type PythonDriver } from './pyucwa/python-driver.js';

/**
 * pyucwa (github tonybaloney/pyucwa, vendored unchanged in vendor/pyucwa) used against the simulator
 * through its own functions: spec/interop/pyucwa/drive.py says where it departs from the protocol and
 * the only workarounds it applies.
 */
const ALICE = 'alice@contoso.com';
const BOB = 'sip:bob@contoso.com';
const DRIVER = fileURLToPath(new URL('pyucwa/drive.py', import.meta.url));

let sim: Simulator;
let driver: PythonDriver | undefined;

beforeAll(async () => {
  sim = await startFastSimulator();
});

afterAll(async () => {
  driver?.kill();
  await sim?.close();
});

describe('pyucwa against the simulator', () => {
  it('discovers the user, creates an application, makes itself available, subscribes to presence and reads a change from the events', async () => {
    const python = findPython(); // throws (the test fails) without a usable Python 3
    const origin = new URL(sim.discoveryUrl).origin;
    driver = startPythonDriver(python, DRIVER, [origin, ALICE, BOB], { UCWA_PASSWORD: 'password' });

    const user = await driver.next('user');
    expect(user['applications']).toBe(`${origin}/ucwa/oauth/v1/applications`);

    const application = await driver.next('application');
    const [app] = sim.state().applications;
    expect(sim.state().applications).toHaveLength(1);
    expect(app?.id).toBe(application['id']);
    expect(app?.user).toBe(`sip:${ALICE}`);
    expect(app?.userAgent).toBe(application['userAgent']);

    const available = await driver.next('available');
    expect(available['availability']).toBe('Online');
    const me = sim.userState(ALICE);
    expect(me.availableApplications).toEqual([app?.id]);
    expect(me.presence.availability).toBe('Online');
    expect(sim.state().applications[0]?.available?.modalities).toEqual(['Messaging']);

    const subscribed = await driver.next('subscribed');
    const [subscription] = sim.state().applications[0]?.presenceSubscriptions ?? [];
    expect(subscription?.members).toEqual([BOB]);
    expect(subscribed['subscription']).toBe(`/ucwa/oauth/v1/applications/${app?.id}/people/presenceSubscriptions/${subscription?.id}`);

    sim.setPresence(BOB, { availability: 'Busy', activity: 'on-the-phone' });
    driver.send('Busy');
    const done = await driver.next('done');
    // What pyucwa read from Bob's presence link after each contactPresence event (Online may come
    // first if the subscription's initial event was released before the change): it ends on Busy.
    const events = driver.steps.filter((step) => step.step === 'contactPresence');
    // Event hrefs are relative (the walkthroughs' form), so pyucwa's origin + href reaches the resource.
    expect(new Set(events.map((step) => step['href']))).toEqual(new Set([`/ucwa/oauth/v1/applications/${app?.id}/people/bob@contoso.com/presence`]));
    const read = events.map((step) => step['availability']);
    expect(read.at(-1)).toBe('Busy');
    expect(read.every((availability) => availability === 'Online' || availability === 'Busy')).toBe(true);
    expect(done['events']).toEqual(expect.arrayContaining(['updated me', 'added presence', 'added presenceSubscription', 'updated contactPresence']));
    expect(await driver.exited).toBe(0);
  });
});
