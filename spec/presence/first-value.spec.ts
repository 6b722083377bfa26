import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import type { UcwaClient } from '../../lib/client.js';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

/** The client's requests, P-GETs left out, as `METHOD /last/two` path segments. */
function recorder(): { readonly lines: string[]; readonly onExchange: (e: { method: string; url: string }) => void } {
  const lines: string[] = [];
  return {
    lines,
    onExchange: (e) => {
      const path = new URL(e.url).pathname;
      if (e.method === 'GET' && path.endsWith('/events')) return;
      lines.push(`${e.method} /${path.split('/').slice(-2).join('/')}`);
    },
  };
}

describe('the first presence value', () => {
  it('on a new client takes the fewest requests: sign-in, the application, the subscription, myContacts, one GET', async () => {
    // On a clock that does not move, the server holds its first event (the aggregation window): the
    // event's own GET (see docs/protocol-notes.md, "First values") cannot race the first one.
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    const requests = recorder();
    client = clientFor(sim, { clock, onExchange: requests.onExchange });
    await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    // An application answered 201 was created just now: it holds no subscription, so nothing is listed.
    expect(requests.lines.filter((line) => line.endsWith('/batch'))).toEqual([]);
    // Discovery and the user resource twice (the 401 challenge, then with the token; the token
    // request itself goes through the password grant's own fetch), then these, myContacts beside the create:
    expect(requests.lines.slice(0, 3)).toEqual(['GET /autodiscoverservice.svc/root', 'GET /oauth/user', 'GET /oauth/user']);
    expect(requests.lines.slice(3).sort()).toEqual(
      ['POST /v1/applications', 'POST /people/presenceSubscriptions', 'GET /people/contacts', 'GET /bob@contoso.com/presence'].sort(),
    );
  });

  it("on an application an earlier run left (the same endpointId): joined as a new instance (201), which owns nothing there, so nothing is listed and the other instance's subscription is left alone", async () => {
    sim = await startFastSimulator();
    const endpointId = 'first-value-endpoint';
    await leaveApplication(sim, endpointId, ['sip:bob@contoso.com']);
    const requests = recorder();
    client = clientFor(sim, { endpointId, onExchange: requests.onExchange });
    await firstValueFrom(client.presence$('sip:bob@contoso.com'));
    expect(requests.lines.filter((line) => line.endsWith('/batch'))).toEqual([]);
    expect(requests.lines.filter((line) => line.endsWith('/presenceSubscriptions'))).toEqual(['POST /people/presenceSubscriptions']);
    const [app] = sim.state().applications;
    expect(sim.state().applications).toHaveLength(1);
    expect(app?.instances).toHaveLength(2);
    expect(app?.presenceSubscriptions.map((s) => s.members)).toEqual([['sip:bob@contoso.com'], ['sip:bob@contoso.com']]);
  });
});

/** What an earlier run left behind: an application of `endpointId` with a presence subscription of `uris`, never deleted. */
async function leaveApplication(simulator: Simulator, endpointId: string, uris: readonly string[]): Promise<void> {
  const origin = new URL(simulator.discoveryUrl).origin;
  const form = new URLSearchParams({ grant_type: 'password', username: 'alice@contoso.com', password: 'password' });
  const token = (await (await fetch(`${origin}/WebTicket/oauthtoken`, { method: 'POST', body: form })).json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${token.access_token}`, 'Content-Type': 'application/json' };
  const created = await fetch(`${origin}/ucwa/oauth/v1/applications`, { method: 'POST', headers, body: JSON.stringify({ userAgent: 'earlier', endpointId, culture: 'en-US' }) });
  expect(created.status).toBe(201);
  const application = (await created.json()) as { _links: { self: { href: string } } };
  const subscribed = await fetch(new URL(`${application._links.self.href}/people/presenceSubscriptions`, origin), { method: 'POST', headers, body: JSON.stringify({ duration: 30, uris }) });
  expect(subscribed.status).toBe(201);
}
