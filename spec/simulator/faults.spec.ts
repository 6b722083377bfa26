import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { http, openSession, Session, startHarness, until, type Harness } from './helpers.js';

describe('fault injection and the request log', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('answers the next matching requests with a status and a UCWA error body', async () => {
    const handle = h.sim.injectFault({ method: 'GET', path: '/people/groups', times: 2, fault: { kind: 'status', status: 410, subcode: 'CannotRedirect' } });
    expect((await s.get(s.people('myContacts'))).status).toBe(200);
    expect((await s.post(s.people('myGroups'))).status).toBe(405); // method does not match
    const gone = await s.get(s.people('myGroups'));
    expect(gone.status).toBe(410);
    expect(gone.body).toEqual({ code: 'Gone', subcode: 'CannotRedirect', message: 'Cannot redirect since there is no back up pool configured.' });
    expect(handle.remaining).toBe(1);
    expect((await s.get(s.people('myGroups'))).status).toBe(410);
    expect((await s.get(s.people('myGroups'))).status).toBe(200);
    expect(h.sim.activeFaults()).toEqual([]);
  });

  it('sends 503 with Retry-After, 500 ServiceFailure and 429', async () => {
    h.sim.injectFault({ path: /\/me$/, fault: { kind: 'status', status: 503, retryAfter: 7 } });
    h.sim.injectFault({ path: /\/me$/, fault: { kind: 'status', status: 500 } });
    h.sim.injectFault({ path: /\/me$/, fault: { kind: 'status', status: 429, message: 'slow down' } });
    const unavailable = await s.get(`${s.appHref}/me`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    expect(unavailable.body.code).toBe('ServiceUnavailable');
    expect((await s.get(`${s.appHref}/me`)).body).toEqual({ code: 'ServiceFailure', message: 'Internal Server Error.' });
    expect((await s.get(`${s.appHref}/me`)).body).toEqual({ code: 'TooManyRequests', message: 'slow down' });
  });

  it('drops the connection before handling (nothing happens) or after (the work is done)', async () => {
    h.sim.injectFault({ method: 'POST', path: 'presenceSubscriptions', fault: { kind: 'drop' } });
    await expect(s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] })).rejects.toThrow();
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toHaveLength(0);
    h.sim.injectFault({ method: 'POST', path: 'presenceSubscriptions', fault: { kind: 'drop', when: 'after' } });
    await expect(s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] })).rejects.toThrow();
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toHaveLength(1);
    expect(h.sim.requests.entries({ method: 'POST', path: 'presenceSubscriptions' }).map((e) => e.status)).toEqual([0, 0]);
  });

  it('adds latency on the simulator clock', async () => {
    h.sim.injectFault({ path: '/people/groups', fault: { kind: 'latency', ms: 2000 } });
    let answered = false;
    const slow = s.get(s.people('myGroups')).then((res) => {
      answered = true;
      return res;
    });
    await until(() => h.sim.requests.count({ path: '/people/groups' }) === 1);
    await h.advance(1999);
    expect(answered).toBe(false);
    await h.advance(1);
    expect((await slow).status).toBe(200);
  });

  it('breaks bodies: truncated JSON, an HTML error page, an empty body', async () => {
    h.sim.injectFault({ path: '/me', fault: { kind: 'malformed', body: 'truncated-json' } });
    h.sim.injectFault({ path: '/me', fault: { kind: 'malformed', body: 'html', status: 502 } });
    h.sim.injectFault({ path: '/me', fault: { kind: 'malformed', body: 'empty' } });
    const truncated = await s.get(`${s.appHref}/me`);
    expect(truncated.status).toBe(200);
    expect(truncated.headers.get('content-type')).toMatch(/^application\/json/);
    expect(() => JSON.parse(truncated.text)).toThrow();
    const html = await s.get(`${s.appHref}/me`);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toContain('502 - Bad Gateway');
    const empty = await s.get(`${s.appHref}/me`);
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('');
  });

  it('logs requests with method, path, status and time; counts and resets', async () => {
    h.sim.requests.reset();
    const before = h.sim.requests.total;
    await s.get(s.people('myGroups'));
    await s.get(`${s.appHref}/nothing`);
    await h.advance(1000);
    await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] });
    const entries = h.sim.requests.entries();
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ['GET', s.people('myGroups'), 200],
      ['GET', `${s.appHref}/nothing`, 404],
      ['POST', s.people('presenceSubscriptions'), 201],
    ]);
    expect(entries[2]?.at).toBe((entries[0]?.at ?? 0) + 1000);
    expect(h.sim.requests.count({ status: 404 })).toBe(1);
    expect(h.sim.requests.count({ method: 'get' })).toBe(2);
    expect(h.sim.requests.countsByRoute()).toEqual({
      [`GET ${s.people('myGroups')}`]: 1,
      [`GET ${s.appHref}/nothing`]: 1,
      [`POST ${s.people('presenceSubscriptions')}`]: 1,
    });
    expect(h.sim.log).toBe(h.sim.requests);
    h.sim.requests.reset();
    expect(h.sim.requests.count()).toBe(0);
    expect(h.sim.requests.total).toBe(before + 3);
    const held = await s.pget(1);
    expect(h.sim.requests.entries({ path: '/events' })).toEqual([{ method: 'GET', path: s.eventsHref(1), at: h.clock.now() }]);
    await h.advance(180_000);
    await held.response;
    expect(h.sim.requests.entries({ path: '/events' })[0]?.status).toBe(200);
  });
});

describe('admin HTTP API', () => {
  let h: Harness;
  let s: Session;
  let admin: (path: string, method?: string, json?: unknown) => ReturnType<typeof http>;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
    admin = (path, method = 'GET', json) => http(`${h.sim.origin}/_simulator${path}`, { method, ...(json === undefined ? {} : { json }) });
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('reports state and sets presence', async () => {
    await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] });
    const state = await admin('/state');
    expect(state.status).toBe(200);
    expect(state.body.applications[0]).toMatchObject({ id: s.appId, user: 'sip:alice@contoso.com' });
    expect(state.body.applications[0].presenceSubscriptions[0].members).toEqual(['sip:bob@contoso.com']);
    expect((await admin('/presence', 'POST', { uri: 'sip:bob@contoso.com', availability: 'DoNotDisturb', activity: 'presenting' })).status).toBe(204);
    expect((await s.get(`${s.appHref}/people/bob@contoso.com/presence`)).body).toMatchObject({ availability: 'DoNotDisturb', activity: 'presenting' });
    expect((await admin('/note', 'POST', { uri: 'sip:bob@contoso.com', message: 'hi' })).status).toBe(204);
    expect((await admin('/location', 'POST', { uri: 'sip:bob@contoso.com', location: 'Lab' })).status).toBe(204);
    expect((await s.get(`${s.appHref}/people/bob@contoso.com/location`)).body.location).toBe('Lab');
  });

  it('edits contacts and the pinned group', async () => {
    expect((await admin('/contacts', 'POST', { user: 'alice@contoso.com', uri: 'sip:zoe@contoso.com', group: 'Sales' })).status).toBe(204);
    expect((await admin('/pinned', 'POST', { user: 'alice@contoso.com', uri: 'sip:zoe@contoso.com' })).status).toBe(204);
    const pinnedHref = (await s.get(s.people('myGroups'))).body._embedded.pinnedGroup._links.groupContacts.href;
    expect((await s.get(pinnedHref)).body._embedded.contact.map((c: { uri: string }) => c.uri)).toContain('sip:zoe@contoso.com');
    expect((await admin('/pinned?user=alice@contoso.com&uri=sip:zoe@contoso.com', 'DELETE')).status).toBe(204);
    expect((await admin('/contacts', 'DELETE', { user: 'alice@contoso.com', uri: 'sip:zoe@contoso.com' })).status).toBe(204);
    const contacts = (await s.get(s.people('myContacts'))).body._embedded.contact.map((c: { uri: string }) => c.uri);
    expect(contacts).not.toContain('sip:zoe@contoso.com');
    const bad = await admin('/contacts', 'POST', { user: 'nobody@contoso.com', uri: 'sip:zoe@contoso.com' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('nobody@contoso.com');
  });

  it('injects and clears faults, forces resync, resume and expiry, and serves the request log', async () => {
    const injected = await admin('/faults', 'POST', { method: 'GET', pathRegex: '/me$', times: 'always', fault: { kind: 'status', status: 500 } });
    expect(injected.status).toBe(201);
    expect(injected.body).toEqual([{ method: 'GET', path: '/\\/me$/i', remaining: 'always', fault: { kind: 'status', status: 500 } }]);
    expect((await s.get(`${s.appHref}/me`)).status).toBe(500);
    expect((await s.get(`${s.appHref}/me`)).status).toBe(500);
    expect((await admin('/faults', 'DELETE')).status).toBe(204);
    expect((await s.get(`${s.appHref}/me`)).status).toBe(200);

    const held = await s.pget(1);
    expect((await admin('/resync', 'POST', { applicationId: s.appId })).status).toBe(204);
    expect((await held.response).body._links.resync).toBeDefined();
    expect((await admin('/resume', 'POST')).status).toBe(204);
    expect((await s.get(s.eventsHref(1))).body._links.resume).toBeDefined();

    const log = await admin('/requests');
    expect(log.body.total).toBeGreaterThan(0);
    expect(log.body.entries.some((e: { path: string }) => e.path.endsWith('/me'))).toBe(true);
    expect((await admin('/requests', 'DELETE')).status).toBe(204);
    expect((await admin('/requests')).body.entries).toEqual([]);

    expect((await admin('/expire-application', 'POST', { applicationId: s.appId })).status).toBe(204);
    expect((await s.get(s.appHref)).body.subcode).toBe('ApplicationNotFound');
    expect((await admin('/expire-tokens', 'POST')).status).toBe(204);
    expect((await s.get(s.appHref)).status).toBe(401);
    expect((await admin('/nothing')).status).toBe(404);
    expect((await admin('/faults', 'POST', { fault: 'oops' })).status).toBe(400);
  });

  it('starts and stops churn', async () => {
    expect((await admin('/churn', 'POST', { ratePerSecond: 10, seed: 7, uris: ['sip:bob@contoso.com', 'sip:SaraD@contoso.com'] })).status).toBe(204);
    await h.advance(1000);
    expect(h.sim.state().counters.churnChanges).toBe(10);
    expect((await admin('/churn', 'DELETE')).status).toBe(204);
    await h.advance(1000);
    expect(h.sim.state().counters.churnChanges).toBe(10);
  });
});
