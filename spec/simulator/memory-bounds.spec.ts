import { afterEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_LIMITS } from '../../lib/simulator/index.js';
import { openSession, signIn, startHarness, type Harness } from './helpers.js';
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
      head('/ucwa/oauth/v1/applications', [`Authorization: Bearer ${token}`, 'Content-Type: application/json', `Content-Length: ${declared}`, 'Accept: application/json']),
      '{"userAgent":',
    ]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ code: 'EntityTooLarge', message: 'The request is too large.' });
    expect(res.headers.connection).toBe('close');
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
