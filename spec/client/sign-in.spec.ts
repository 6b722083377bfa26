import { afterEach, describe, expect, it } from '@jest/globals';
import { filter, firstValueFrom } from 'rxjs';
import { ManualClock, type FaultAction, type Simulator } from '../../lib/simulator/index.js';
import { createUcwaClient, type UcwaClient } from '../../lib/client.js';
import type { TokenRequest } from '../../lib/http/auth/authenticator.js';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import type { ContactPresence } from '../../lib/codecs/presence.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually, sendJson, startTestServer } from '../support/test-server.js';

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

  it('a redirect to another origin never receives a fixed token: a permanent, typed error says what to do', async () => {
    const home = await startFastSimulator();
    const front = await startFastSimulator({ redirectTo: home });
    sims.push(home, front);
    client = createUcwaClient({ discoveryUrl: front.discoveryUrl, gracePeriodMs: 50, token: await passwordGrant(front) });
    const error = await firstValueFrom(client.presence$('sip:bob@contoso.com')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'signIn', reason: 'redirectNeedsTokenSource', permanent: true });
    expect((error as Error).message).toContain(new URL(home.discoveryUrl).origin);
    expect((error as Error).message).toMatch(/token function|credentials/);
    // nothing but the anonymous autodiscovery root was asked of the other pool
    expect(home.log.entries().map((e) => `${e.method} ${e.path}`)).toEqual([`GET ${new URL(home.discoveryUrl).pathname}`]);
    expect(home.state().applications).toHaveLength(0);
  });

  it('a token function is asked for a token of the pool a redirect names, with its origin', async () => {
    const home = await startFastSimulator();
    const front = await startFastSimulator({ redirectTo: home });
    sims.push(home, front);
    const asked: TokenRequest[] = [];
    client = createUcwaClient({
      discoveryUrl: front.discoveryUrl,
      gracePeriodMs: 50,
      token: (request) => {
        asked.push(request);
        return passwordGrant(request.origin === new URL(home.discoveryUrl).origin ? home : front);
      },
    });
    await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    expect(asked).toEqual([
      { origin: new URL(front.discoveryUrl).origin, reason: 'initial' },
      { origin: new URL(home.discoveryUrl).origin, reason: 'redirect' },
    ]);
    expect(home.state().applications).toHaveLength(1);
  });
});

describe('sign-in after a redirect that went nowhere', () => {
  for (const auth of ['credentials', 'token function'] as const) {
    it(`signs in at the pool autodiscovery names again once it stops redirecting to an unreachable one (${auth})`, async () => {
      const clock = new ManualClock();
      const sim = await startFastSimulator({ clock });
      sims.push(sim);
      const gone = await startTestServer();
      const deadOrigin = gone.origin;
      await gone.close();
      // The other pool's root answers, but names a user resource nobody serves.
      const otherRoot = await startTestServer((_req, res) => sendJson(res, 200, { _links: { self: { href: '/' }, user: { href: `${deadOrigin}/user` } } }));
      try {
        sim.setRedirect(`${otherRoot.origin}/root`);
        const tracking = trackingFetch();
        const settle = settleBoth(sim, tracking);
        const asked: TokenRequest[] = [];
        client = clientFor(sim, {
          clock,
          fetch: tracking.fetch,
          eventChannel: { retry: { jitter: 0 } },
          ...(auth === 'token function'
            ? { credentials: undefined, token: (request: TokenRequest) => { asked.push(request); return passwordGrant(sim); } }
            : {}),
        });
        const values: ContactPresence[] = [];
        let failure: unknown;
        client.presence$('sip:bob@contoso.com').subscribe({ next: (p) => values.push(p), error: (e: unknown) => (failure = e) });
        await eventually(() => otherRoot.requests.length >= 1, 10_000);
        sim.setRedirect(undefined);
        for (let i = 0; i < 12 && values.length === 0; i++) await clock.advance(10_000, settle);
        await eventually(() => values.length > 0 || failure !== undefined, 10_000);
        expect(failure).toBeUndefined();
        expect(values[0]).toMatchObject({ uri: 'sip:bob@contoso.com' });
        if (auth === 'token function') expect(asked.map((r) => r.origin)).toContain(new URL(sim.discoveryUrl).origin);
      } finally {
        await otherRoot.close();
      }
    });
  }
});

describe('options', () => {
  it('refuses a discovery URL that is not http(s) when the client is created, not by retrying forever', () => {
    for (const discoveryUrl of ['lyncdiscover.contoso.com', 'ftp://lyncdiscover.contoso.com/', '', 'javascript:alert(1)']) {
      expect(() => createUcwaClient({ discoveryUrl, token: 't' })).toThrow(expect.objectContaining({ kind: 'invalidArgument', argument: 'discoveryUrl' }));
    }
  });
});

describe('sign-in while the token endpoint fails (one ManualClock)', () => {
  const transient: Array<[string, FaultAction]> = [
    ['500', { kind: 'status', status: 500 }],
    ['503 with Retry-After', { kind: 'status', status: 503, retryAfter: 3 }],
    ['429', { kind: 'status', status: 429 }],
    ['a dropped connection', { kind: 'drop', when: 'before' }],
    ['a truncated body', { kind: 'malformed', body: 'truncated-json' }],
    ['an empty body', { kind: 'malformed', body: 'empty' }],
    ['an HTML page with 502', { kind: 'malformed', body: 'html', status: 502 }],
  ];
  for (const [name, fault] of transient) {
    it(`retries sign-in after ${name} from the token endpoint, shown as reconnecting, then works`, async () => {
      const clock = new ManualClock();
      const sim = await startFastSimulator({ clock });
      sims.push(sim);
      sim.injectFault({ method: 'POST', path: '/webticket/oauthtoken', fault, times: 4 });
      const tracking = trackingFetch();
      const settle = settleBoth(sim, tracking);
      client = clientFor(sim, { clock, fetch: tracking.fetch, eventChannel: { retry: { jitter: 0 } } });
      const states: ConnectionState[] = [];
      client.connectionState$.subscribe((s) => states.push(s));
      const values: ContactPresence[] = [];
      let failure: unknown;
      client.presence$('sip:bob@contoso.com').subscribe({ next: (p) => values.push(p), error: (e: unknown) => (failure = e) });
      for (let i = 0; i < 12 && values.length === 0; i++) await clock.advance(10_000, settle);
      expect(failure).toBeUndefined();
      expect(values[0]).toMatchObject({ uri: 'sip:bob@contoso.com' });
      expect(states.some((s) => s.status === 'reconnecting')).toBe(true);
      expect(sim.log.count({ method: 'POST', path: 'oauthtoken' })).toBeGreaterThanOrEqual(5);
      expect(states.at(-1)).toEqual({ status: 'connected' });
    });
  }
});
