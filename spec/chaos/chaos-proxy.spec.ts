import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { ManualClock } from '../../lib/index.js';
import { eventually, sendJson, startTestServer, type TestServer } from '../support/test-server.js';
import { ChaosProxy } from './chaos-proxy.js';
import type { Fault } from './faults.js';

const BODY = { _links: { self: { href: '/ucwa/oauth/v1/applications/101' } }, padding: 'x'.repeat(200) };
const BODY_TEXT = JSON.stringify(BODY);

let upstream: TestServer;
let proxy: ChaosProxy;
let clock: ManualClock;
let next: Fault | undefined;
const held: ServerResponse[] = [];

beforeEach(async () => {
  clock = new ManualClock();
  next = undefined;
  upstream = await startTestServer((req, res) => {
    if (req.url.includes('/events')) held.push(res); // answered by the test
    else sendJson(res, 200, BODY);
  });
  proxy = await ChaosProxy.start({
    upstream: upstream.origin,
    clock,
    plan: () => {
      const fault = next;
      next = undefined;
      return fault;
    },
  });
});

afterEach(async () => {
  held.splice(0);
  await proxy.close();
  await upstream.close();
});

const get = (path = '/ucwa/oauth/v1/applications/101', init: RequestInit = {}): Promise<Response> => fetch(`${proxy.origin}${path}`, init);

/** A few real macrotask turns: time for sockets to deliver what is already sent. */
const turns = async (n = 20): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('the chaos proxy without faults', () => {
  it('forwards requests and the Host header, so hrefs the server builds name the proxy', async () => {
    const response = await get('/ucwa/oauth/v1/applications/101?x=1', { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(BODY_TEXT);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]).toMatchObject({ method: 'POST', url: '/ucwa/oauth/v1/applications/101?x=1', body: '{"a":1}' });
    expect(upstream.requests[0]?.headers.host).toBe(new URL(proxy.origin).host);
    expect(proxy.stats).toMatchObject({ requests: 1, forwarded: 1, leaks: 0 });
    expect(proxy.lastRequests(1)[0]).toMatchObject({ method: 'POST', fault: undefined, outcome: '200' });
  });

  it('counts a response that names the upstream itself as a leak', async () => {
    upstream.handle((_req, res) => sendJson(res, 200, { href: `${upstream.origin}/ucwa` }));
    await (await get()).text();
    expect(proxy.stats.leaks).toBe(1);
  });

  it('parks a P-GET while the server holds it, and counts it busy once the answer comes', async () => {
    const pget = get('/ucwa/oauth/v1/applications/101/events?ack=1');
    await eventually(() => held.length === 1);
    expect(proxy.inFlight).toBe(1);
    expect(proxy.busy).toBe(0);
    sendJson(held[0] as ServerResponse, 200, BODY);
    expect((await pget).status).toBe(200);
    await eventually(() => proxy.inFlight === 0);
  });
});

describe('each fault does what it says', () => {
  it('reset: the connection is reset and the server never sees the request', async () => {
    next = { kind: 'reset' };
    await expect(get()).rejects.toThrow();
    expect(upstream.requests).toHaveLength(0);
    expect(proxy.stats.faults).toEqual({ reset: 1 });
    expect(proxy.lastRequests(1)[0]).toMatchObject({ fault: 'reset', outcome: 'reset' });
  });

  it('dropResponse: the server acts, the client gets no answer', async () => {
    next = { kind: 'dropResponse' };
    await expect(get()).rejects.toThrow();
    expect(upstream.requests).toHaveLength(1);
  });

  it('cutBody: status and headers arrive, the body breaks off', async () => {
    next = { kind: 'cutBody', keep: 0.5 };
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(BODY_TEXT.length));
    await expect(response.text()).rejects.toThrow();
  });

  it('truncate: a valid response whose body is cut short', async () => {
    next = { kind: 'truncate', keep: 0.5 };
    const response = await get();
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(BODY_TEXT.slice(0, Math.floor(BODY_TEXT.length / 2)));
  });

  it('stall: headers arrive, the body never ends; parked until the client gives up', async () => {
    next = { kind: 'stall', keep: 0.3 };
    const abort = new AbortController();
    const response = await get(undefined, { signal: abort.signal });
    expect(response.status).toBe(200);
    let ended = false;
    const body = response.text().then(
      () => (ended = true),
      () => 'aborted',
    );
    await clock.advance(60 * 60_000);
    await turns();
    expect(ended).toBe(false);
    expect(proxy.inFlight).toBe(1);
    expect(proxy.busy).toBe(0);
    abort.abort();
    expect(await body).toBe('aborted');
    await eventually(() => proxy.inFlight === 0);
  });

  it('status: a UCWA error body, with Retry-After when drawn, without reaching the server', async () => {
    next = { kind: 'status', status: 503, retryAfterS: 7, afterForward: false };
    const response = await get();
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ code: 'ServiceUnavailable' });
    next = { kind: 'status', status: 410, afterForward: false };
    expect(await (await get()).json()).toMatchObject({ code: 'Gone', subcode: 'CannotRedirect' });
    expect(upstream.requests).toHaveLength(0);
    expect(proxy.stats.faults).toEqual({ 'status-503': 1, 'status-410': 1 });
  });

  it('status after forwarding: the server acted, the client sees a gateway timeout', async () => {
    next = { kind: 'status', status: 504, afterForward: true };
    const response = await get();
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'Timeout' });
    expect(upstream.requests).toHaveLength(1);
  });

  it('html: an HTML page with a 5xx, or with 200', async () => {
    next = { kind: 'html', status: 502 };
    const failed = await get();
    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toMatch(/^text\/html/);
    next = { kind: 'html', status: 200 };
    const page = await get();
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/^<!DOCTYPE html>/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('latency: the request waits on the clock, parked, then goes through', async () => {
    next = { kind: 'latency', ms: 5000 };
    let answered = false;
    const response = get().then((r) => {
      answered = true;
      return r;
    });
    await eventually(() => proxy.inFlight === 1 && proxy.busy === 0);
    await clock.advance(4999);
    await turns();
    expect(upstream.requests).toHaveLength(0);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect((await response).status).toBe(200);
    expect(upstream.requests).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('outage: every request and every open connection is reset until the clock passes it', async () => {
    const pget = get('/ucwa/oauth/v1/applications/101/events?ack=1');
    await eventually(() => held.length === 1);
    proxy.startOutage(60_000);
    await expect(pget).rejects.toThrow();
    await expect(get()).rejects.toThrow();
    await clock.advance(30_000);
    await expect(get()).rejects.toThrow();
    expect(upstream.requests.filter((r) => !r.url.includes('/events'))).toHaveLength(0);
    await clock.advance(30_000);
    expect((await get()).status).toBe(200);
    expect(proxy.stats.outages).toBe(1);
  });

  it('close: cancels parked waits and leaves no timer on the clock', async () => {
    next = { kind: 'latency', ms: 60_000 };
    const pending = get().catch(() => 'failed');
    await eventually(() => proxy.inFlight === 1);
    expect(clock.pendingTimers).toBe(1);
    await proxy.close();
    expect(await pending).toBe('failed');
    expect(clock.pendingTimers).toBe(0);
  });
});
