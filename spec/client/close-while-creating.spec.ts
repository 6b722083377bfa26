import { afterEach, describe, expect, it } from '@jest/globals';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { advanceUntil } from '../support/advance-until.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

describe('close() while the application is being created', () => {
  it('lets the POST on the wire answer and deletes what it created: no application is left on the server', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    // The server takes 5 s (its clock) to answer the POST that creates the application.
    sim.injectFault({ method: 'POST', path: /\/applications$/, fault: { kind: 'latency', ms: 5_000 } });
    client = clientFor(sim, { clock });
    const subscription = client.presence$('sip:bob@contoso.com').subscribe();
    await eventually(() => sim!.log.entries({ method: 'POST', path: /\/applications$/ }).length === 1);
    let closed = false;
    const closing = client.close().then(() => (closed = true));
    client = undefined;
    await advanceUntil(clock, sim, () => closed);
    await closing;
    subscription.unsubscribe();
    // The POST was answered (the application was created), then the application deleted.
    expect(sim.log.entries({ method: 'POST', path: /\/applications$/ }).map((e) => e.status)).toEqual([201]);
    expect(sim.log.count({ method: 'DELETE' })).toBe(1);
    expect(sim.state().applications).toEqual([]);
  });
});
