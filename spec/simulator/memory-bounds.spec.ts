import { afterEach, describe, expect, it } from '@jest/globals';
import { TokenStore } from '../../lib/simulator/auth/tokens.js';
import type { AccountRecord } from '../../lib/simulator/directory/records.js';
import { DEFAULT_LIMITS, ManualClock } from '../../lib/simulator/index.js';
import { http, openSession, signIn, startHarness, type Harness } from './helpers.js';
import { rawExchange } from './raw-http.js';

const CRLF = '\r\n';

describe('request bodies are limited (413 EntityTooLarge)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  function head(path: string, headers: readonly string[]): string {
    return `POST ${path} HTTP/1.1${CRLF}Host: 127.0.0.1:${h.sim.port}${CRLF}${headers.map((line) => `${line}${CRLF}`).join('')}${CRLF}`;
  }

  it('answers a declared length over the limit at once, without reading the body, and closes the connection', async () => {
    h = await startHarness();
    const token = await signIn(h.sim);
    const declared = DEFAULT_LIMITS.maxRequestBodyBytes + 1;
    const res = await rawExchange(h.sim.port, [
      head('/ucwa/oauth/v1/applications', [`Authorization: Bearer ${token}`, 'Content-Type: application/json', `Content-Length: ${declared}`, 'Accept: application/json', 'Origin: http://localhost:4200']),
      '{"userAgent":',
    ]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ code: 'EntityTooLarge', message: 'The request is too large.' });
    expect(res.headers.connection).toBe('close');
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:4200'); // a page can read why
    expect(res.closedByServer).toBe(true);
    expect(h.sim.requests.entries({ method: 'POST', path: '/applications' })[0]?.status).toBe(413);
  });

  it('stops reading a chunked body once it passes the limit', async () => {
    h = await startHarness({ limits: { maxRequestBodyBytes: 1000 } });
    const token = await signIn(h.sim);
    const chunk = 'x'.repeat(1500);
    const res = await rawExchange(h.sim.port, [
      head('/ucwa/oauth/v1/applications', [`Authorization: Bearer ${token}`, 'Content-Type: application/json', 'Transfer-Encoding: chunked']),
      `${chunk.length.toString(16)}${CRLF}${chunk}${CRLF}`,
      // ... and the client never ends the body.
    ]);
    expect(res.status).toBe(413);
    expect(res.closedByServer).toBe(true);
    expect(h.sim.state().applications).toHaveLength(0);
  });

  it('limits the admin API and batches alike, and accepts a body at the limit', async () => {
    h = await startHarness({ limits: { maxRequestBodyBytes: 200 } });
    const admin = await rawExchange(h.sim.port, [head('/_simulator/presence', ['Content-Type: application/json', 'Content-Length: 201']), 'x'.repeat(201)]);
    expect(admin.status).toBe(413);
    const s = await openSession(h.sim);
    const json = { duration: 10, uris: ['sip:bob@contoso.com'] };
    const padded = JSON.stringify(json).padEnd(200, ' ');
    expect(padded.length).toBe(200);
    const ok = await s.post(s.people('presenceSubscriptions'), undefined, { headers: { 'content-type': 'application/json' }, body: padded });
    expect(ok.status).toBe(201);
    const batch = await s.post(s.app._links.batch.href, undefined, { headers: { 'content-type': 'multipart/batching; boundary=b' }, body: 'y'.repeat(201) });
    expect(batch.status).toBe(413);
    expect(batch.body.code).toBe('EntityTooLarge');
  });
});

describe('tokens are evicted and bounded', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  it('keeps at most limits.maxTokensPerUser tokens of a user: the oldest stops working', async () => {
    h = await startHarness({ limits: { maxTokensPerUser: 3 } });
    const tokens = [await signIn(h.sim), await signIn(h.sim), await signIn(h.sim), await signIn(h.sim)];
    const status = async (token: string): Promise<number> => (await http(`${h.sim.origin}/ucwa/oauth/v1/applications`, { token, json: { userAgent: 'a', endpointId: 'e', culture: 'en-US' } })).status;
    expect(await status(tokens[0] ?? '')).toBe(401);
    for (const token of tokens.slice(1)) expect([200, 201]).toContain(await status(token));
    const bob = await signIn(h.sim, 'bob@contoso.com');
    expect(await status(bob)).toBe(201); // another user's tokens do not count
    expect(await status(tokens[1] ?? '')).toBe(200);
  });
});

describe('TokenStore', () => {
  const alice = { key: 'sip:alice@contoso.com' } as AccountRecord;
  const bob = { key: 'sip:bob@contoso.com' } as AccountRecord;

  it('forgets expired tokens without being asked about them', async () => {
    const clock = new ManualClock(0);
    const store = new TokenStore(clock, 1000, 100_000);
    for (let i = 0; i < 10_000; i++) store.issue(i % 2 === 0 ? alice : bob);
    expect(store.size).toBe(10_000);
    await clock.advance(1000);
    const fresh = store.issue(alice).accessToken;
    expect(store.size).toBe(1);
    expect(store.authenticate(`Bearer ${fresh}`)).toBe(alice);
  });

  it('bounds the tokens of each account, evicting the oldest', () => {
    const store = new TokenStore(new ManualClock(0), 1000, 5);
    const first = store.issue(alice).accessToken;
    for (let i = 0; i < 20; i++) store.issue(alice);
    const bobs = store.issue(bob).accessToken;
    expect(store.size).toBe(6);
    expect(store.authenticate(`Bearer ${first}`)).toBeUndefined();
    expect(store.authenticate(`Bearer ${bobs}`)).toBe(bob);
  });
});

describe('event queues are bounded per application', () => {
  let h: Harness;
  afterEach(async () => {
    await h.sim.close();
  });

  const uris = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `sip:person${from + i}@contoso.com`);

  it('drops the transient state of an application that does not poll, and its next P-GET gets resume', async () => {
    h = await startHarness({ limits: { maxQueuedEventsPerApplication: 50, transientStateInactivityMs: 3_600_000 } });
    const s = await openSession(h.sim);
    const app = (): NonNullable<ReturnType<typeof h.sim.state>['applications'][number]> => {
      const found = h.sim.state().applications[0];
      if (!found) throw new Error('no application');
      return found;
    };
    // Create and delete subscriptions without ever polling: added and deleted events do not merge.
    let largest = 0;
    let created = 0;
    for (let round = 0; round < 10 && !app().eventChannel.resumePending; round++) {
      const res = await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: uris(10, round * 10) });
      expect(res.status).toBe(201);
      created++;
      largest = Math.max(largest, app().eventChannel.pendingEvents);
      expect((await s.delete(res.body._links.self.href)).status).toBe(204);
      largest = Math.max(largest, app().eventChannel.pendingEvents);
    }
    expect(created).toBeGreaterThan(1);
    expect(largest).toBeLessThanOrEqual(50);
    expect(app().eventChannel).toMatchObject({ resumePending: true, pendingEvents: 0 });
    expect(app().presenceSubscriptions).toEqual([]);
    const res = await (await s.pget(1)).response;
    expect(res.body._links.resume).toBeDefined();
    expect(res.body.sender).toBeUndefined();
  });

  it('releases a held P-GET at once when its queue reaches the bound, dropping nothing', async () => {
    h = await startHarness({ limits: { maxQueuedEventsPerApplication: 50, transientStateInactivityMs: 3_600_000 } });
    const s = await openSession(h.sim);
    const first = await s.pget(1);
    expect((await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: uris(20) })).status).toBe(201); // 41 events
    expect(s.isHeld()).toBe(true);
    await h.advance(5000);
    expect((await first.response).status).toBe(200);
    const held = await s.pget(2);
    for (const uri of uris(20)) h.sim.setPresence(uri, { availability: 'Busy' });
    for (const uri of uris(20)) h.sim.setNote(uri, { message: 'hi' });
    // Medium events wait 5 s for company; 40 of them fit, so the P-GET is still held.
    expect(s.isHeld()).toBe(true);
    for (const uri of uris(20)) h.sim.setLocation(uri, 'Redmond');
    expect(s.isHeld()).toBe(false);
    const res = await held.response;
    expect(res.body._links.next).toBeDefined();
    expect(res.body.sender[0].events.length).toBeGreaterThan(50);
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toHaveLength(1);
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBeLessThan(50);
  });
});

describe('the request log is bounded', () => {
  it('keeps the newest limits.maxRequestLogEntries entries and counts them all', async () => {
    const h = await startHarness({ limits: { maxRequestLogEntries: 5 } });
    try {
      for (let i = 0; i < 8; i++) expect((await http(`${h.sim.origin}/nothing/${i}`)).status).toBe(404);
      expect(h.sim.requests.total).toBe(8);
      expect(h.sim.requests.entries().map((entry) => entry.path)).toEqual(['/nothing/3', '/nothing/4', '/nothing/5', '/nothing/6', '/nothing/7']);
      expect(h.sim.requests.count({ path: '/nothing/0' })).toBe(0);
    } finally {
      await h.sim.close();
    }
  });
});
