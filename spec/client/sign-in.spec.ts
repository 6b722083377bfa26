import { afterEach, describe, expect, it } from '@jest/globals';
import { filter, firstValueFrom } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import { createUcwaClient, type UcwaClient } from '../../lib/client.js';
import type { TokenRequest } from '../../lib/http/auth/authenticator.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';

const sims: Simulator[] = [];
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function passwordGrant(sim: Simulator): Promise<string> {
  const origin = new URL(sim.discoveryUrl).origin;
  const response = await fetch(`${origin}/WebTicket/oauthtoken`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=password&username=alice@contoso.com&password=password',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('sign-in', () => {
  it('a wrong password errors the streams with a typed sign-in error and closes the connection state', async () => {
    const sim = await startFastSimulator();
    sims.push(sim);
    client = clientFor(sim, { credentials: { username: 'alice@contoso.com', password: 'wrong' } });
    const closed = firstValueFrom(client.connectionState$.pipe(filter((s) => s.status === 'closed')));
    const error = await firstValueFrom(client.presence$('sip:bob@contoso.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'signIn', reason: 'invalid_grant', status: 400 });
    await expect(closed).resolves.toMatchObject({ error: { kind: 'signIn' } });
    expect(sim.state().applications).toHaveLength(0);
  });

  it('a token function is asked again after the server rejects the token', async () => {
    const sim = await startFastSimulator();
    sims.push(sim);
    const asked: TokenRequest[] = [];
    client = createUcwaClient({
      discoveryUrl: sim.discoveryUrl,
      gracePeriodMs: 50,
      token: async (request) => {
        asked.push(request);
        return passwordGrant(sim);
      },
    });
    await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    expect(asked.map((r) => r.reason)).toEqual(['initial']);
    expect(asked[0]?.origin).toBe(new URL(sim.discoveryUrl).origin);
    sim.expireTokens();
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await firstValueFrom(client.presence$('sip:bob@contoso.com').pipe(filter((p) => p.availability === 'Busy')));
    expect(asked.map((r) => r.reason)).toEqual(['initial', 'rejected']);
  });

  it('follows a redirect to the pool the user is homed on and signs in afresh there', async () => {
    const home = await startFastSimulator();
    const front = await startFastSimulator({ redirectTo: home });
    sims.push(home, front);
    client = clientFor(front);
    await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    expect(front.state().applications).toHaveLength(0);
    expect(home.state().applications).toHaveLength(1);
    // one password grant on each pool: the front's token is never offered to the home pool
    expect(front.log.count({ method: 'POST', path: 'oauthtoken' })).toBe(1);
    expect(home.log.count({ method: 'POST', path: 'oauthtoken' })).toBe(1);
    expect(home.log.count({ status: 401 })).toBe(1);
  });
});
