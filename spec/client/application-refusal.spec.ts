import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';

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
