import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { http, openSession, Session, startHarness, until, type Harness } from './helpers.js';

const CRLF = '\r\n';

/** Builds a multipart/batching body from raw request messages. */
function batchBody(boundary: string, requests: readonly string[]): string {
  return (
    requests.map((request) => `--${boundary}${CRLF}Content-Type: application/http; msgtype=request${CRLF}${CRLF}${request}${CRLF}`).join('') +
    `--${boundary}--${CRLF}`
  );
}

interface Part {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Splits a multipart/batching response into its HTTP responses. */
function parseParts(contentType: string, text: string): Part[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1] ?? '';
  const chunks = text.split(`--${boundary}`).slice(1, -1);
  return chunks.map((chunk) => {
    const [partHead = '', ...rest] = chunk.replace(/^\r\n/, '').split(`${CRLF}${CRLF}`);
    expect(partHead).toBe('Content-Type: application/http; msgtype=response');
    const message = rest.join(`${CRLF}${CRLF}`);
    const [head = '', ...bodyParts] = message.split(`${CRLF}${CRLF}`);
    const [statusLine = '', ...headerLines] = head.split(CRLF);
    const headers: Record<string, string> = {};
    for (const line of headerLines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
    return { status: Number(statusLine.split(' ')[1]), headers, body: bodyParts.join(`${CRLF}${CRLF}`).replace(/\r\n$/, '') };
  });
}

describe('batch (BatchingRequests.md, batch_ref.md)', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  function postBatch(body: string, boundary: string): ReturnType<typeof http> {
    return http(s.url(s.app._links.batch.href), {
      token: s.token,
      method: 'POST',
      headers: { 'content-type': `multipart/batching;boundary=${boundary}`, accept: 'multipart/batching' },
      body,
    });
  }

  it('executes each part with the batch credentials and answers the parts in order', async () => {
    const boundary = '77f2569d-c005-442b-b856-782305305e5f';
    const res = await postBatch(
      batchBody(boundary, [
        `GET ${s.people('myContacts')} HTTP/1.1${CRLF}Host: lyncweb.contoso.com${CRLF}Accept: application/json${CRLF}`,
        `GET ${s.appHref}/me HTTP/1.1${CRLF}Host: lyncweb.contoso.com${CRLF}Accept: application/json${CRLF}`,
        `GET ${s.url(`${s.appHref}/people/bob@contoso.com/presence`)} HTTP/1.1${CRLF}Accept: application/vnd.microsoft.com.ucwa+xml${CRLF}`,
        `GET ${s.appHref}/people/nobody HTTP/1.1${CRLF}Accept: application/json${CRLF}`,
      ]),
      boundary,
    );
    expect(res.status).toBe(200);
    const contentType = res.headers.get('content-type') ?? '';
    expect(contentType).toMatch(/^multipart\/batching; boundary="[^"]+"$/);
    const parts = parseParts(contentType, res.text);
    expect(parts.map((p) => p.status)).toEqual([200, 200, 200, 404]);
    expect(parts[0]?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(parts[0]?.body ?? '').rel).toBe('myContacts');
    expect(JSON.parse(parts[1]?.body ?? '')).toMatchObject({ rel: 'me', uri: 'sip:alice@contoso.com' });
    expect(parts[2]?.headers['content-type']).toBe('application/vnd.microsoft.com.ucwa+xml; charset=utf-8');
    expect(parts[2]?.body).toContain('<resource rel="contactPresence"');
    expect(JSON.parse(parts[3]?.body ?? '')).toMatchObject({ code: 'NotFound', subcode: 'ResourceNotFound' });
    expect(h.sim.requests.count({ path: '/batch' })).toBe(1);
  });

  it('carries request bodies: a presence subscription created in a batch', async () => {
    const boundary = 'EA370946';
    const json = JSON.stringify({ duration: 15, uris: ['sip:bob@contoso.com'] });
    const res = await postBatch(
      batchBody(boundary, [
        `POST ${s.people('presenceSubscriptions')} HTTP/1.1${CRLF}Content-Type: application/json${CRLF}Accept: application/json${CRLF}${CRLF}${json}`,
        `GET ${s.people('subscribedContacts')} HTTP/1.1${CRLF}Accept: application/json${CRLF}`,
      ]),
      boundary,
    );
    const parts = parseParts(res.headers.get('content-type') ?? '', res.text);
    expect(parts.map((p) => p.status)).toEqual([201, 200]);
    expect(JSON.parse(parts[1]?.body ?? '')._links.contact).toEqual([{ href: `${s.appHref}/people/bob@contoso.com` }]);
  });

  it('refuses batch and events requests inside a batch', async () => {
    const boundary = 'b1';
    const res = await postBatch(
      batchBody(boundary, [`GET ${s.eventsHref(1)} HTTP/1.1${CRLF}`, `POST ${s.app._links.batch.href} HTTP/1.1${CRLF}`]),
      boundary,
    );
    const parts = parseParts(res.headers.get('content-type') ?? '', res.text);
    expect(parts.map((p) => p.status)).toEqual([400, 400]);
    expect(s.isHeld()).toBe(false);
  });

  it('refuses events and batch requests by the path the router routes, however they are spelled', async () => {
    const held = await s.pget(1);
    const boundary = 'spelled';
    const app = s.appHref;
    const spellings = [`${app}/%65vents?ack=1`, `${app}//events?ack=1`, `${app}/EVENTS/?ack=1`, `${app}/./events?ack=1`, `${app}/x/../events?ack=1`, `/${app}/%2e/events?ack=1`];
    const res = await postBatch(
      batchBody(boundary, [...spellings.map((path) => `GET ${path} HTTP/1.1${CRLF}`), `POST ${app}/%62atch HTTP/1.1${CRLF}`, `POST ${app}//batch/ HTTP/1.1${CRLF}`]),
      boundary,
    );
    const parts = parseParts(res.headers.get('content-type') ?? '', res.text);
    expect(parts.map((p) => p.status)).toEqual(spellings.map(() => 400).concat([400, 400]));
    for (const part of parts) expect(JSON.parse(part.body)).toMatchObject({ code: 'BadRequest' });
    expect(s.isHeld()).toBe(true); // the real P-GET was not replaced
    h.sim.forceResync();
    expect((await held.response).status).toBe(200);
  });

  it('answers a part whose target is not a URL with 400 and runs the others', async () => {
    const boundary = 'targets';
    const res = await postBatch(
      batchBody(boundary, [
        `GET http://[::1 HTTP/1.1${CRLF}`,
        `GET ${s.appHref}/me HTTP/1.1${CRLF}`,
        `GET * HTTP/1.1${CRLF}`,
        `GET ftp://x/y HTTP/1.1${CRLF}`,
        `GET ${s.appHref}/%zz HTTP/1.1${CRLF}`,
      ]),
      boundary,
    );
    expect(res.status).toBe(200);
    const parts = parseParts(res.headers.get('content-type') ?? '', res.text);
    expect(parts.map((p) => p.status)).toEqual([400, 200, 400, 400, 404]);
    expect(JSON.parse(parts[0]?.body ?? '')).toEqual({ code: 'BadRequest', message: expect.any(String) });
  });

  it('reads a very long request line of a part in linear time', async () => {
    // The old request-line regex backtracked quadratically on a long run of letters.
    const boundary = 'long';
    const res = await postBatch(batchBody(boundary, [`${'G'.repeat(1_000_000)} x y${CRLF}`, `GET ${s.appHref}/me HTTP/1.1${CRLF}`]), boundary);
    expect(res.status).toBeLessThan(500);
  });

  it('refuses more than 100 outstanding requests with 429 and executes none of them', async () => {
    const boundary = 'many';
    const json = JSON.stringify({ duration: 15, uris: ['sip:bob@contoso.com'] });
    const part = `POST ${s.people('presenceSubscriptions')} HTTP/1.1${CRLF}Content-Type: application/json${CRLF}${CRLF}${json}`;
    const res = await postBatch(batchBody(boundary, Array.from({ length: 101 }, () => part)), boundary);
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'TooManyRequests' });
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toEqual([]);
    const hundred = await postBatch(
      batchBody(boundary, Array.from({ length: 100 }, () => `GET ${s.appHref}/me HTTP/1.1${CRLF}`)),
      boundary,
    );
    expect(hundred.status).toBe(200);
  });

  it('counts other outstanding requests of the user against the limit', async () => {
    h.sim.injectFault({ path: '/me', fault: { kind: 'latency', ms: 1000 } });
    const slow = s.get(`${s.appHref}/me`);
    const boundary = 'x';
    await until(() => h.sim.requests.count({ path: '/me' }) === 1);
    const res = await postBatch(batchBody(boundary, Array.from({ length: 100 }, () => `GET ${s.appHref}/people HTTP/1.1${CRLF}`)), boundary);
    expect(res.status).toBe(429);
    await h.advance(1000);
    expect((await slow).status).toBe(200);
  });

  it('refuses a wrong content type with 415 and a body without parts with 400', async () => {
    const wrong = await http(s.url(s.app._links.batch.href), { token: s.token, json: { parts: [] } });
    expect(wrong.status).toBe(415);
    expect(wrong.body.code).toBe('UnsupportedMediaType');
    expect((await postBatch('no parts here', 'nothing')).status).toBe(400);
    const noBoundary = await http(s.url(s.app._links.batch.href), {
      token: s.token,
      method: 'POST',
      headers: { 'content-type': 'multipart/batching' },
      body: '--x--',
    });
    expect(noBoundary.status).toBe(400);
  });
});
