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

  it('reports what it is doing through status()', async () => {
    expect(client.status()).toMatchObject({ connection: { status: 'idle' }, presenceSubscriptions: [], watchedContacts: 0 });
    const subscription = client.presence$('sip:carol@contoso.com').subscribe();
    await firstValueFrom(client.presence$('sip:carol@contoso.com'));
    // the first value may come before the event channel's first response
    await eventually(() => client.status().counters.events > 0 && client.status().connection.status === 'connected');
    const status = client.status();
    expect(status.connection).toEqual({ status: 'connected' });
    expect(status.presenceSubscriptions).toHaveLength(1);
    expect(status.presenceSubscriptions[0]?.members).toBe(1);
    expect(status.presenceSubscriptions[0]?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    expect(status.watchedContacts).toBe(1);
    expect(status.counters.events).toBeGreaterThan(0);
    expect(status.counters.requests).toBeGreaterThan(4);
    subscription.unsubscribe();
  });
});

describe.each([
  ['relative, lower-case event hrefs (the default)', false],
  ['absolute, display-case event hrefs (varyEventHrefs)', true],
])('presence$ routes events written with %s', (_form, varyEventHrefs) => {
  it('follows a mixed-case contact through its changes', async () => {
    const local = await startFastSimulator({ varyEventHrefs });
    const own = clientFor(local);
    try {
      const values = firstValueFrom(own.presence$('sip:sarad@contoso.com').pipe(take(3), toArray()));
      await eventually(() => local.state().applications[0]?.subscribedContacts.length === 1);
      await firstValueFrom(own.presence$('sip:sarad@contoso.com'));
      local.setPresence('sip:SaraD@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
      await firstValueFrom(own.presence$('sip:sarad@contoso.com').pipe(filter((p) => p.availability === 'Busy')));
      local.setPresence('sip:SaraD@contoso.com', { availability: 'Online' });
      await expect(values).resolves.toMatchObject([{ availability: 'Away' }, { availability: 'Busy' }, { availability: 'Online' }]);
    } finally {
      await own.close();
      await local.close();
    }
  });
});

describe('after close()', () => {
  it('completes live presence streams and refuses new ones with a typed error', async () => {
    const local = await startFastSimulator();
    const own = clientFor(local);
    let completed = false;
    own.presence$('sip:bob@contoso.com').subscribe({ complete: () => (completed = true) });
    await firstValueFrom(own.presence$('sip:bob@contoso.com'));
    await own.close();
    expect(completed).toBe(true);
    expect(local.state().applications).toHaveLength(0);
    await expect(firstValueFrom(own.presence$('sip:carol@contoso.com'))).rejects.toMatchObject({ kind: 'closed' });
    await local.close();
  });
});
