import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator;
let client: UcwaClient;

beforeEach(async () => {
  sim = await startFastSimulator();
  client = clientFor(sim);
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

describe('presence$ against the simulator', () => {
  it('emits the current presence, then every change set in the simulator', async () => {
    const values = firstValueFrom(client.presence$('sip:bob@contoso.com').pipe(take(3), toArray()));
    const first = await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    expect(first).toMatchObject({ uri: 'sip:bob@contoso.com', availability: 'Online', deviceType: 'PC' });
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
    await eventually(() => sim.state().applications.length > 0);
    const bob = client.presence$('bob@contoso.com').pipe(filter((p) => p.availability === 'Busy'));
    await expect(firstValueFrom(bob)).resolves.toMatchObject({ availability: 'Busy', activity: 'on-the-phone' });
    sim.setPresence('sip:bob@contoso.com', { availability: 'Away' });
    await expect(values).resolves.toMatchObject([{ availability: 'Online' }, { availability: 'Busy' }, { availability: 'Away' }]);
  });
});
