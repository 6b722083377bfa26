import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { http, openSession, startHarness, type Harness, type Session } from './helpers.js';

describe('the admin API checks its input, so no admin request can break the UCWA resources', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const admin = (path: string, json: unknown, method = 'POST'): ReturnType<typeof http> => http(`${h.sim.origin}/_simulator${path}`, { method, json });

  async function ucwaStillAnswers(): Promise<void> {
    for (const accept of ['application/json', 'application/xml']) {
      const res = await s.get(`${s.appHref}/people/bob@contoso.com/presence`, { headers: { accept } });
      expect(res.status).toBe(200);
    }
    const created = await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] });
    expect(created.status).toBe(201);
  }

  it.each([
    ['an availability that is not a string', { uri: 'sip:bob@contoso.com', availability: { a: 1 } }],
    ['a missing availability', { uri: 'sip:bob@contoso.com' }],
    ['a lastActive that is not a time', { uri: 'sip:bob@contoso.com', availability: 'Busy', lastActive: 'yesterday-ish' }],
    ['a lastActive out of range', { uri: 'sip:bob@contoso.com', availability: 'Busy', lastActive: 1e300 }],
    ['an activity that is not a string', { uri: 'sip:bob@contoso.com', availability: 'Busy', activity: ['x'] }],
    ['a deviceType that is not a string', { uri: 'sip:bob@contoso.com', availability: 'Busy', deviceType: 7 }],
  ])('refuses presence with %s', async (_name, body) => {
    const res = await admin('/presence', body);
    expect(res.status).toBe(400);
    expect(typeof res.body.error).toBe('string');
    await ucwaStillAnswers();
  });

  it('accepts lastActive as milliseconds or an ISO date', async () => {
    expect((await admin('/presence', { uri: 'sip:bob@contoso.com', availability: 'Busy', lastActive: Date.UTC(2026, 0, 1) })).status).toBe(204);
    expect((await admin('/presence', { uri: 'sip:bob@contoso.com', availability: 'Away', lastActive: '2026-01-01T10:00:00Z' })).status).toBe(204);
    const res = await s.get(`${s.appHref}/people/bob@contoso.com/presence`, { headers: { accept: 'application/xml' } });
    expect(res.text).toContain('<property name="lastActive">2026-01-01T10:00:00.000Z</property>');
  });

  it.each([
    ['a status out of range', { kind: 'status', status: 99 }],
    ['a status that is not an integer', { kind: 'status', status: 503.5 }],
    ['a status that is not a number', { kind: 'status', status: 'gone' }],
    ['a header name that is not a token', { kind: 'status', status: 503, headers: { 'a b': 'x' } }],
    ['a header value with a line break', { kind: 'status', status: 503, headers: { 'X-A': 'a\r\nSet-Cookie: x=1' } }],
    ['a header value that is not a string', { kind: 'status', status: 503, headers: { 'X-A': 5 } }],
    ['a Retry-After that is not a number', { kind: 'status', status: 503, retryAfter: 'soon' }],
    ['a code that is not a string', { kind: 'status', status: 503, code: { x: 1 } }],
    ['a negative latency', { kind: 'latency', ms: -5 }],
    ['a latency that is not a number', { kind: 'latency', ms: 'x' }],
    ['an unknown drop moment', { kind: 'drop', when: 'during' }],
    ['an unknown malformed body', { kind: 'malformed', body: 'xml' }],
    ['an html page with a bad status', { kind: 'malformed', body: 'html', status: 1000 }],
    ['an unknown kind', { kind: 'explode' }],
  ])('refuses a fault with %s', async (_name, fault) => {
    const res = await admin('/faults', { path: '/presence', fault });
    expect(res.status).toBe(400);
    expect(h.sim.activeFaults()).toEqual([]);
    await ucwaStillAnswers();
  });

  it('refuses fault rules with bad matching fields', async () => {
    for (const body of [
      { pathRegex: '(', fault: { kind: 'drop' } },
      { times: 0, fault: { kind: 'drop' } },
      { times: 1.5, fault: { kind: 'drop' } },
      { method: 5, fault: { kind: 'drop' } },
    ]) {
      expect((await admin('/faults', body)).status).toBe(400);
    }
    expect(h.sim.activeFaults()).toEqual([]);
  });

  it.each([
    ['a rate that is not a number', { ratePerSecond: 'fast' }],
    ['a rate too high to run', { ratePerSecond: 1e9 }],
    ['uris that are not a list of strings', { ratePerSecond: 1, uris: 'sip:bob@contoso.com' }],
    ['a seed that is not a number', { ratePerSecond: 1, seed: 'x' }],
    ['availabilities that are not strings', { ratePerSecond: 1, availabilities: [1, 2] }],
  ])('refuses churn with %s', async (_name, body) => {
    const res = await admin('/churn', body);
    expect(res.status).toBe(400);
    await h.advance(10_000);
    expect(h.sim.state().counters.churnChanges).toBe(0);
    await ucwaStillAnswers();
  });

  it('refuses notes of an unknown type and locations that are not strings', async () => {
    expect((await admin('/note', { uri: 'sip:bob@contoso.com', message: 'hi', type: 'Shouting' })).status).toBe(400);
    expect((await admin('/location', { uri: 'sip:bob@contoso.com', location: { city: 'x' } })).status).toBe(400);
    await ucwaStillAnswers();
  });
});

describe('admin fields as query parameters', () => {
  it('reads numbers from the query', async () => {
    const h = await startHarness();
    try {
      expect((await http(`${h.sim.origin}/_simulator/churn?ratePerSecond=2&seed=7`, { method: 'POST' })).status).toBe(204);
      await h.advance(2000);
      expect(h.sim.state().counters.churnChanges).toBe(4);
      expect((await http(`${h.sim.origin}/_simulator/presence?uri=sip:bob@contoso.com&availability=Busy&lastActive=1767258000000`, { method: 'POST' })).status).toBe(204);
      const faults = await http(`${h.sim.origin}/_simulator/faults?times=3&path=/nothing`, { method: 'POST', json: { fault: { kind: 'status', status: 503 } } });
      expect(faults.status).toBe(201);
      expect(faults.body[0].remaining).toBe(3);
    } finally {
      await h.sim.close();
    }
  });
});
