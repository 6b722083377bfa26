import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { checkAsyncProperty } from '../support/fuzz.js';
import { http, openSession, Session, signIn, startHarness, type Harness } from '../simulator/helpers.js';
import { rawExchange, type RawExchange } from '../simulator/raw-http.js';
import { adminRequest, APP, PORT, request, serialize, TOKEN, type FuzzRequest } from './simulator-requests.js';

setFlagsFromString('--expose_gc');
/** A full garbage collection, so heap readings compare live data only. */
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, in bytes. */
function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The heap may grow by this much over a whole run (every bound of the simulator is far below it). */
const HEAP_GROWTH_LIMIT = 96 * 1024 * 1024;

describe("the simulator's HTTP surface (fast-check)", () => {
  let h: Harness;
  /** The application the fuzzer talks to (alice's), recreated when a generated request deletes it. */
  let appId = '';
  let token = '';
  /** Bob's application, which no generated request can reach: it must stay intact. */
  let bob: Session;
  let bobSubscription = '';
  let heapAtStart = 0;

  async function ensureFuzzedApplication(): Promise<void> {
    if (h.sim.state().applications.some((app) => app.id === appId)) return;
    for (const app of h.sim.state().applications) if (app.user === 'sip:alice@contoso.com') h.sim.expireApplication(app.id);
    token = await signIn(h.sim);
    const created = await http(`${h.sim.origin}/ucwa/oauth/v1/applications`, { token, json: { userAgent: 'fuzz', endpointId: 'fuzz', culture: 'en-US' } });
    expect(created.status).toBe(201);
    appId = String(created.body._links.self.href).split('/').pop() ?? '';
  }

  beforeAll(async () => {
    h = await startHarness({ limits: { transientStateInactivityMs: 365 * 24 * 3_600_000, applicationInactivityMs: 365 * 24 * 3_600_000 } });
    await ensureFuzzedApplication();
    bob = await openSession(h.sim, { user: 'bob@contoso.com', endpointId: 'bystander' });
    const created = await bob.post(bob.people('presenceSubscriptions'), { duration: 30, uris: ['sip:carol@contoso.com'] });
    expect(created.status).toBe(201);
    bobSubscription = created.body._links.self.href as string;
    heapAtStart = liveHeap();
  });

  afterAll(async () => {
    await h.sim.close();
  });

  const fill = (text: string): string => text.replaceAll(APP, appId).replaceAll(TOKEN, token).replaceAll(PORT, String(h.sim.port));

  /** Sends a request; a P-GET the simulator holds is answered with resync, as nothing else moves it. */
  async function send(req: FuzzRequest): Promise<RawExchange> {
    let done = false;
    const exchange = rawExchange(h.sim.port, serialize(req, fill), { endAfterWrite: true, safetyMs: 20_000 }).finally(() => (done = true));
    while (!done) {
      const held = h.sim.state().applications.filter((app) => app.eventChannel.held);
      for (const app of held) h.sim.forceResync(app.id);
      await new Promise((resolve) => setTimeout(resolve, held.length > 0 ? 0 : 1));
    }
    return exchange;
  }

  /** An answer the simulator wrote itself (Node's own refusals have no Content-Type). */
  function checkAnswer(req: FuzzRequest, res: RawExchange): void {
    const label = `${req.method} ${fill(req.target).slice(0, 200)} -> ${res.text.slice(0, 300)}`;
    if (res.status === undefined || res.headers['content-type'] === undefined) {
      // Node's parser refused the request (a bare 400/413/431, or nothing) and closed the connection,
      // or the answer has no body (204, a 200 to HEAD).
      if (res.status === undefined) expect({ label, closed: res.closedByServer }).toEqual({ label, closed: true });
      else expect({ label, status: res.status < 500 }).toEqual({ label, status: true });
      return;
    }
    expect({ label, status: res.status < 500 }).toEqual({ label, status: true });
    if (res.status < 400 || req.method.toUpperCase() === 'HEAD') return;
    const lowerTarget = fill(req.target).toLowerCase();
    if (res.status === 401) {
      expect({ label, challenge: res.headers['www-authenticate'] !== undefined }).toEqual({ label, challenge: true });
      return;
    }
    const type = res.headers['content-type'];
    if (/json/.test(type)) {
      const parsed: unknown = JSON.parse(res.body);
      expect(typeof parsed).toBe('object');
      const record = parsed as Record<string, unknown>;
      if (typeof record.code === 'string') return; // a UCWA error body
      // Only the admin API and the OAuth token endpoint answer {"error": ...}.
      expect({ label, error: typeof record.error === 'string' && /_simulator|oauthtoken/.test(lowerTarget) }).toEqual({ label, error: true });
      return;
    }
    if (/xml/.test(type)) {
      expect({ label, reason: res.body.includes('<reason') && res.body.includes('<code>') }).toEqual({ label, reason: true });
      return;
    }
    // text/html is only the token endpoint's 405 (IIS's page); nothing else answers an error in HTML.
    expect({ label, html: /oauthtoken/.test(lowerTarget) && res.status === 405 }).toEqual({ label, html: true });
  }

  /** The simulator still works: bob's application answers and keeps its subscription. */
  async function checkBystander(): Promise<void> {
    const groups = await bob.get(bob.people('myGroups'));
    expect(groups.status).toBe(200);
    const subscription = await bob.get(bobSubscription);
    expect(subscription.status).toBe(200);
  }

  it('answers any request to the UCWA resources with a status below 500 and a UCWA error body, and keeps working', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(request, async (req) => {
        await ensureFuzzedApplication();
        const answer = await send(req);
        checkAnswer(req, answer);
        await checkBystander();
      }),
      100,
    );
    // Bob's event channel still delivers.
    const held = await bob.pget(1);
    h.sim.setPresence('sip:carol@contoso.com', { availability: 'Busy' });
    await h.advance(5000);
    const events = Session.events((await held.response).body);
    expect(events.some((event) => event.link.rel === 'contactPresence')).toBe(true);
    for (const app of h.sim.state().applications) expect(app.eventChannel.pendingEvents).toBeLessThanOrEqual(50_000);
    expect(liveHeap() - heapAtStart).toBeLessThan(HEAP_GROWTH_LIMIT);
  });

  it('answers any request to the admin API below 500 with JSON, and the simulator keeps working', async () => {
    await checkAsyncProperty(
      fc.asyncProperty(adminRequest, async (req) => {
        const res = await send(req);
        h.sim.clearFaults();
        h.sim.stopChurn();
        expect(res.status).toBeDefined();
        const label = `${req.method} ${fill(req.target)} ${typeof req.body === 'string' ? req.body.slice(0, 200) : ''} -> ${res.text.slice(0, 300)}`;
        expect({ label, status: (res.status ?? 500) < 500 }).toEqual({ label, status: true });
        if (res.body !== '') expect(() => JSON.parse(res.body)).not.toThrow();
        // Whatever it did (expired applications or tokens, dropped subscriptions), a client can start again.
        const again = await openSession(h.sim, { user: 'bob@contoso.com', endpointId: 'admin-fuzz' });
        expect((await again.get(again.people('myGroups'))).status).toBe(200);
      }),
      100,
    );
    expect(liveHeap() - heapAtStart).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});
