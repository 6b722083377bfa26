import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { firstValueFrom } from 'rxjs';
import type { ServerResponse } from 'node:http';
import { TokenSourceAuthenticator } from '../../lib/http/auth/token-source-authenticator.js';
import { createTransport, type HttpResponse, type Requester } from '../../lib/http/transport.js';
import { batchRequests, sendBatch, type BatchPartRequest, type BatchPartResult } from '../../lib/http/batch.js';
import { boundaryOf, encodeBatchingRequest, parseBatchingResponse, type ParsedBatchingPart } from '../../lib/http/multipart-batching.js';
import type { UcwaError } from '../../lib/errors/guards.js';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { runIsolated } from './support/run-isolated.js';
import { clockScheduler } from '../../lib/time/clock-scheduler.js';
import { eventually, sendJson, startTestServer, type SeenRequest, type TestServer } from '../support/test-server.js';

/** The example response of BatchingRequests.md, verbatim from its first delimiter on (LF line ends, `?` lines, `{ ... }` elisions). */
const REFERENCE_BOUNDARY = '3968fb75-0b0e-4e11-8b0c-4e37d822ed0c';
const REFERENCE_RESPONSE = `--3968fb75-0b0e-4e11-8b0c-4e37d822ed0c
Content-Type: application/http; msgtype=response

HTTP/1.1 200 OK
Cache-Control: no-cache
Content-Type: application/json; charset=utf-8

?
{
 "_links":{
 "self":{"href":"/ucwa/oauth/v1/applications/103/people/contacts"}
 },
 "_embedded":{
 "contact": [{
 "uri":"sip:ChrisB@contoso.com",
 "sourceNetwork":"SameEnterprise",
 "emailAddresses": ["ChrisB@contoso.com"],
 "type":"User",
 "name":"Chris Barry",
 "_links":{
 "self":{"href":"/ucwa/oauth/v1/applications/103/people/chrisb@contoso.com"},
 "contactPhoto":{"href":"/ucwa/oauth/v1/applications/103/photos/ChrisB@contoso.com"},
 "contactPresence":{"href":"/ucwa/oauth/v1/applications/103/people/chrisb@contoso.com/presence"},
 "contactLocation":{"href":"/ucwa/oauth/v1/applications/103/people/chrisb@contoso.com/location"},
 "contactNote":{"href":"/ucwa/oauth/v1/applications/103/people/chrisb@contoso.com/note"},
 "contactSupportedModalities":{"href":"/ucwa/oauth/v1/applications/103/people/chrisb@contoso.com/supportedMedia"},
 "contactPrivacyRelationship":{"href":"/ucwa/oauth/v1/applications/103/people/chrisb@contoso.com/privacyRelationship"}
 },
 "rel":"contact",
 "etag":"4062011640"
 },{
 "uri":"sip:AlexD@contoso.com",
 "sourceNetwork":"SameEnterprise",
 "emailAddresses": ["AlexD@contoso.com"],
 "type":"User","name":"Alex Darrow",
 "_links":{
 "self":{"href":"/ucwa/oauth/v1/applications/103/people/alexd@contoso.com"},
 "contactPhoto":{ ... },
 "contactPresence":{ ... }, 
 "contactLocation":{ ... },
 "contactNote":{ ... }, 
 "contactSupportedModalities":{ ... },
 "contactPrivacyRelationship":{ ... }
 },
 "rel":"contact",
 "etag":"2719065758"
 }]
 },
 "rel":"myContacts"
}
--3968fb75-0b0e-4e11-8b0c-4e37d822ed0c
Content-Type: application/http; msgtype=response

HTTP/1.1 200 OK
Cache-Control: no-cache
Content-Type: application/json; charset=utf-8

?
{
 "name":"Dana Birkby",
 "uri":"sip:DanaB@contoso.com",
 "emailAddresses": ["DanaB@contoso.com"],
 "_links":{
 "self":{"href":"/ucwa/oauth/v1/applications/103/me"},
 "note":{"href":"/ucwa/oauth/v1/applications/103/me/note"},
 "presence":{"href":"/ucwa/oauth/v1/applications/103/me/presence"},
 "location":{"href":"/ucwa/oauth/v1/applications/103/me/location"},
 "reportMyActivity":{"href":"/ucwa/oauth/v1/applications/103/me/reportMyActivity"},
 "callForwardingSettings":{"href":"/ucwa/oauth/v1/applications/103/me/callForwardingSettings"},
 "phones":{"href":"/ucwa/oauth/v1/applications/103/me/phones"},
 "photo":{"href":"/ucwa/oauth/v1/applications/103/photos/DanaB@contoso.com"}
 },
 "rel":"me"
}
--3968fb75-0b0e-4e11-8b0c-4e37d822ed0c--
`;

const APP = '/ucwa/oauth/v1/applications/103';

let server: TestServer;
let other: TestServer;
let send: Requester;

beforeAll(async () => {
  server = await startTestServer();
  other = await startTestServer((_req, res) => sendJson(res, 200, { stolen: true }));
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
  send = createTransport({ auth: new TokenSourceAuthenticator('cwt=SECRET') }).request;
});

/** A part of a batch request as the test server reads it: a deliberately tiny parser. */
interface SentPart {
  readonly mime: string;
  readonly method: string;
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}

function sentParts(req: SeenRequest): SentPart[] {
  const boundary = /boundary=([^;]+)/.exec(String(req.headers['content-type']))?.[1] ?? '';
  return req.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const [mime, message] = splitOnce(chunk.replace(/^\r\n/, ''), '\r\n\r\n');
      const [head, body] = splitOnce(message, '\r\n\r\n');
      const [requestLine = '', ...lines] = head.split('\r\n');
      const [method = '', target = ''] = requestLine.split(' ');
      const headers = Object.fromEntries(lines.map((line) => splitOnce(line, ': ')).map(([name, value]) => [name.toLowerCase(), value]));
      return { mime, method, target, headers, body: body.replace(/\r\n$/, '') };
    });
}

/** One response part the test server writes. */
interface PartReply {
  readonly status: number;
  readonly statusText?: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

const jsonPart = (status: number, body: unknown, headers: Record<string, string> = {}): PartReply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
  headers,
});

function writeBatch(res: ServerResponse, parts: readonly (PartReply | string)[], boundary = 'srv-b0undary'): void {
  const text =
    parts
      .map((part) => {
        if (typeof part === 'string') return `--${boundary}\r\n${part}\r\n`;
        const headers = { ...(part.contentType ? { 'Content-Type': part.contentType } : {}), ...part.headers };
        const head = [`HTTP/1.1 ${part.status} ${part.statusText ?? 'Status'}`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`)].join('\r\n');
        return `--${boundary}\r\nContent-Type: application/http; msgtype=response\r\n\r\n${head}\r\n\r\n${part.body ?? ''}\r\n`;
      })
      .join('') + `--${boundary}--\r\n`;
  res.writeHead(200, { 'Content-Type': `multipart/batching; boundary="${boundary}"` });
  res.end(text);
}

/** Serves the batch resource: answers each part with `answer` (by default an echo of what was asked). */
function serveBatch(answer: (part: SentPart, index: number, req: SeenRequest) => PartReply = (part) => jsonPart(200, { path: part.target })): void {
  server.handle((req, res) => writeBatch(res, sentParts(req).map((part, i) => answer(part, i, req))));
}

const batchHref = () => `${server.origin}${APP}/batch`;
const host = () => server.origin.slice('http://'.length);
const gets = (n: number): BatchPartRequest[] => Array.from({ length: n }, (_, i) => ({ method: 'GET' as const, href: `${APP}/r/${i}` }));
const rightOf = (result: BatchPartResult | undefined): HttpResponse => {
  if (!result || isLeft(result)) throw new Error(`expected a response, got ${String(result && result.left)}`);
  return result.right;
};
const leftOf = (result: Either<UcwaError, unknown> | undefined): UcwaError => {
  if (!result || isRight(result)) throw new Error('expected an error');
  return result.left;
};
const partOf = (parsed: ParsedBatchingPart | undefined) => {
  if (!parsed || isLeft(parsed)) throw new Error('expected a parsed part');
  return parsed.right;
};

/** Fires every timer the clock holds as soon as one is set, until `done` settles. */
async function runClock<T>(clock: ManualClock, done: Promise<T>): Promise<T> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  while (!finished) {
    await eventually(() => finished || clock.pendingTimers > 0);
    const due = clock.nextDue;
    if (due !== undefined) await clock.advance(due - clock.now());
  }
  return done;
}

describe('multipart/batching encoding', () => {
  it('lays parts out like the reference example, CRLF, with Host, Accept and a body only for POST', () => {
    const url = (path: string) => new URL(`https://lyncweb.contoso.com${path}`);
    const encoded = encodeBatchingRequest(
      [
        { method: 'GET', url: url(`${APP}/people/contacts`) },
        { method: 'GET', url: url(`${APP}/me`) },
        { method: 'POST', url: url(`${APP}/people/presenceSubscriptions?x=1`), contentType: 'application/json', body: '{"duration":15,"n":"é"}' },
      ],
      '77f2569d-c005-442b-b856-782305305e5f',
    );
    expect(encoded.contentType).toBe('multipart/batching;boundary=77f2569d-c005-442b-b856-782305305e5f');
    // As in BatchingRequests.md; the inner request's blank header terminator precedes the
    // delimiter's own line break (GroupingRequestsInABatch.md and batch_ref.md show both).
    expect(encoded.body).toBe(
      [
        '--77f2569d-c005-442b-b856-782305305e5f',
        'Content-Type: application/http; msgtype=request',
        '',
        `GET ${APP}/people/contacts HTTP/1.1`,
        'Host: lyncweb.contoso.com',
        'Accept: application/json',
        '',
        '',
        '--77f2569d-c005-442b-b856-782305305e5f',
        'Content-Type: application/http; msgtype=request',
        '',
        `GET ${APP}/me HTTP/1.1`,
        'Host: lyncweb.contoso.com',
        'Accept: application/json',
        '',
        '',
        '--77f2569d-c005-442b-b856-782305305e5f',
        'Content-Type: application/http; msgtype=request',
        '',
        `POST ${APP}/people/presenceSubscriptions?x=1 HTTP/1.1`,
        'Host: lyncweb.contoso.com',
        'Accept: application/json',
        'Content-Type: application/json',
        'Content-Length: 24',
        '',
        '{"duration":15,"n":"é"}',
        '--77f2569d-c005-442b-b856-782305305e5f--',
        '',
      ].join('\r\n'),
    );
  });

  it('picks a fresh random boundary per batch, and another one if a body contains it', () => {
    const part = { method: 'GET', url: new URL('https://h/x') };
    const a = encodeBatchingRequest([part]);
    const b = encodeBatchingRequest([part]);
    expect(a.boundary).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.boundary).not.toBe(b.boundary);
    const clash = encodeBatchingRequest([{ method: 'POST', url: new URL('https://h/x'), body: '--fixed in the body' }], 'fixed');
    expect(clash.boundary).not.toBe('fixed');
  });

  it('sends one POST the server can take apart: Accept multipart/batching, credentials only on the POST', async () => {
    serveBatch((part) => jsonPart(200, part));
    const batch$ = sendBatch(send, `${APP}/batch`, server.origin, [
      { method: 'GET', href: `${APP}/people/contacts` },
      { method: 'GET', href: 'me', base: `${server.origin}${APP}/`, query: { fields: 'name' } },
      { method: 'POST', href: `${APP}/people/presenceSubscriptions`, json: { duration: 15, uris: ['sip:a@contoso.com'] } },
      { method: 'POST', href: `${APP}/x`, body: '<a/>', contentType: 'application/xml', accept: 'application/xml' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.requests).toHaveLength(0);
    const results = await firstValueFrom(batch$);
    expect(server.requests).toHaveLength(1);
    const seen = server.requests[0] as SeenRequest;
    expect(seen).toMatchObject({ method: 'POST', url: `${APP}/batch` });
    expect(seen.headers['accept']).toBe('multipart/batching');
    expect(seen.headers['authorization']).toBe('Bearer cwt=SECRET');
    expect(boundaryOf(seen.headers['content-type'])).toBeDefined();
    expect(seen.body).not.toMatch(/authorization|SECRET/i);
    expect(results.map((r) => rightOf(r).json)).toEqual([
      { mime: 'Content-Type: application/http; msgtype=request', method: 'GET', target: `${APP}/people/contacts`, headers: { host: host(), accept: 'application/json' }, body: '' },
      { mime: 'Content-Type: application/http; msgtype=request', method: 'GET', target: `${APP}/me?fields=name`, headers: { host: host(), accept: 'application/json' }, body: '' },
      {
        mime: 'Content-Type: application/http; msgtype=request',
        method: 'POST',
        target: `${APP}/people/presenceSubscriptions`,
        headers: { host: host(), accept: 'application/json', 'content-type': 'application/json', 'content-length': '44' },
        body: '{"duration":15,"uris":["sip:a@contoso.com"]}',
      },
      {
        mime: 'Content-Type: application/http; msgtype=request',
        method: 'POST',
        target: `${APP}/x`,
        headers: { host: host(), accept: 'application/xml', 'content-type': 'application/xml', 'content-length': '4' },
        body: '<a/>',
      },
    ]);
    expect(rightOf(results[1])).toMatchObject({ status: 200, url: `${server.origin}${APP}/me?fields=name`, contentType: 'application/json; charset=utf-8' });
  });
});

describe('multipart/batching parsing', () => {
  it("reads the reference's example response, `?` lines and all, into two parts", () => {
    const parts = parseBatchingResponse(REFERENCE_RESPONSE, boundaryOf(`multipart/batching; boundary="${REFERENCE_BOUNDARY}"`) ?? '');
    expect(parts).toHaveLength(2);
    const [contacts, me] = parts.map(partOf);
    expect(contacts).toMatchObject({ status: 200, statusText: 'OK' });
    expect(contacts?.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(contacts?.headers.get('cache-control')).toBe('no-cache');
    expect(contacts?.text.startsWith('{\n "_links"')).toBe(true);
    expect(contacts?.text.endsWith('"rel":"myContacts"\n}')).toBe(true);
    expect(JSON.parse(me?.text ?? '')).toMatchObject({
      name: 'Dana Birkby',
      uri: 'sip:DanaB@contoso.com',
      rel: 'me',
      _links: { self: { href: `${APP}/me` }, presence: { href: `${APP}/me/presence` } },
    });
  });

  it('takes CRLF or LF, a BOM, an unquoted boundary, trailing whitespace, preamble and epilogue, and a missing close', () => {
    const body = (eol: string) =>
      [
        'preamble to ignore',
        '--b1  ',
        'Content-Type: application/http; msgtype=response',
        '',
        'HTTP/1.1 200 OK',
        'Content-Type : application/json',
        '',
        '\uFEFF{"a":1}',
        '--b1\t',
        'HTTP/1.1 204 No Content',
        '',
        '--b1--',
        'epilogue to ignore',
      ].join(eol);
    const boundary = boundaryOf('multipart/batching;boundary=b1') ?? '';
    for (const eol of ['\r\n', '\n']) {
      for (const text of [body(eol), `\uFEFF${body(eol)}`, body(eol).replace(/--b1--[\s\S]*$/, '')]) {
        const parts = parseBatchingResponse(text, boundary).map(partOf);
        expect(parts.map((p) => [p.status, p.statusText, p.text])).toEqual([
          [200, 'OK', '{"a":1}'],
          [204, 'No Content', ''],
        ]);
        expect(parts[0]?.headers.get('content-type')).toBe('application/json');
      }
    }
  });

  it('makes an unreadable part a failure in its place and reads the others', () => {
    const text = ['--x', 'Content-Type: application/http', '', 'not an http response', '--x', 'HTTP/1.1 404 Not Found', '', '--x--'].join('\r\n');
    const parts = parseBatchingResponse(text, 'x');
    expect(parts).toHaveLength(2);
    expect(isLeft(parts[0] as ParsedBatchingPart) && (parts[0] as { left: { reason: string } }).left.reason).toBe('no HTTP status line');
    expect(partOf(parts[1]).status).toBe(404);
  });

  it('reads hostile parts in linear time: a first body line of a million `?` (in a worker: a hang fails the test)', async () => {
    const body = `--b\r\nContent-Type: application/http; msgtype=response\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n${'?'.repeat(1_000_000)}x\r\n{}\r\n--b--\r\n`;
    const parsed = (await runIsolated('lib/http/multipart-batching.ts', 'parseBatchingResponse', [body, 'b'])) as Array<{ _tag: string; right?: { text: string } }>;
    expect(parsed[0]?._tag).toBe('Right');
    expect(parsed[0]?.right?.text.startsWith('???')).toBe(true);
    const bom = `--b\r\nHTTP/1.1 200 OK\r\n\r\n${'?\uFEFF'.repeat(500_000)}\r\n{"a":1}\r\n--b--`;
    const [cleaned] = (await runIsolated('lib/http/multipart-batching.ts', 'parseBatchingResponse', [bom, 'b'])) as Array<{ right?: { text: string } }>;
    expect(cleaned?.right?.text).toBe('{"a":1}');
  });

  it('finds the boundary in a Content-Type, quoted or not, and nothing in a non-multipart type', () => {
    expect(boundaryOf('multipart/batching; boundary="3968fb75"')).toBe('3968fb75');
    expect(boundaryOf('Multipart/Batching;charset=utf-8; Boundary=abc')).toBe('abc');
    expect(boundaryOf('application/json; boundary=abc')).toBeUndefined();
    expect(boundaryOf('multipart/batching')).toBeUndefined();
    expect(boundaryOf(null)).toBeUndefined();
  });
});

describe('sendBatch', () => {
  it("decodes the reference's example response: JSON per part, a per-part DecodeError for the elided part", async () => {
    const serve = (text: string) =>
      server.handle((_req, res) => {
        res.writeHead(200, { 'Content-Type': `multipart/batching; boundary="${REFERENCE_BOUNDARY}"` });
        res.end(text);
      });
    const requests: BatchPartRequest[] = [
      { method: 'GET', href: `${APP}/people/contacts` },
      { method: 'GET', href: `${APP}/me` },
    ];
    serve(REFERENCE_RESPONSE);
    const verbatim = await firstValueFrom(sendBatch(send, batchHref(), server.origin, requests));
    // The sample elides links as `{ ... }`, which is not JSON: that part alone fails.
    expect(leftOf(verbatim[0])).toMatchObject({ kind: 'decode', reason: 'malformedJson' });
    expect(rightOf(verbatim[1])).toMatchObject({ status: 200, url: `${server.origin}${APP}/me`, json: { name: 'Dana Birkby', rel: 'me' } });

    serve(REFERENCE_RESPONSE.replaceAll('{ ... }', '{"href":"/elided"}').replaceAll('\n', '\r\n'));
    const filled = await firstValueFrom(sendBatch(send, batchHref(), server.origin, requests));
    const contacts = rightOf(filled[0]).json as { rel: string; _embedded: { contact: { name: string; etag: string }[] } };
    expect(contacts.rel).toBe('myContacts');
    expect(contacts._embedded.contact.map((c) => [c.name, c.etag])).toEqual([
      ['Chris Barry', '4062011640'],
      ['Alex Darrow', '2719065758'],
    ]);
    expect(rightOf(filled[1]).json).toMatchObject({ emailAddresses: ['DanaB@contoso.com'] });
  });

  it('turns non-2xx parts into typed HttpErrors and unreadable or missing parts into DecodeErrors', async () => {
    server.handle((_req, res) =>
      writeBatch(res, [
        jsonPart(200, { rel: 'me' }),
        jsonPart(404, { code: 'NotFound', subcode: 'ContactDoesNotExist', message: 'no such contact' }),
        { status: 500, statusText: 'Internal Server Error', contentType: 'text/html', body: '<html>IIS</html>' },
        jsonPart(503, { code: 'ServiceUnavailable' }, { 'Retry-After': '30' }),
        'Content-Type: application/http; msgtype=response\r\n\r\ngarbage',
        // A sixth part is never written.
      ]),
    );
    const results = await firstValueFrom(sendBatch(send, batchHref(), server.origin, gets(6)));
    expect(rightOf(results[0]).json).toEqual({ rel: 'me' });
    expect(leftOf(results[1])).toMatchObject({
      kind: 'http',
      status: 404,
      code: 'NotFound',
      subcode: 'ContactDoesNotExist',
      serverMessage: 'no such contact',
      fromUcwa: true,
      method: 'GET',
      url: `${server.origin}${APP}/r/1`,
    });
    expect(leftOf(results[2])).toMatchObject({ kind: 'http', status: 500, code: 'ServiceFailure', fromUcwa: false, contentType: 'text/html' });
    expect(leftOf(results[3])).toMatchObject({ kind: 'http', status: 503, retryAfterMs: 30_000 });
    expect(leftOf(results[4])).toMatchObject({ kind: 'decode', reason: 'mismatch', url: `${server.origin}${APP}/r/4` });
    expect(leftOf(results[5])).toMatchObject({ kind: 'decode', failures: [{ path: 'parts.5', actual: 'missing' }] });
  });

  it('errors as a whole when the batch POST fails or the answer is not multipart', async () => {
    server.handle((_req, res) => sendJson(res, 500, { code: 'ServiceFailure', subcode: 'CallbackChannelError' }));
    const failed = await firstValueFrom(sendBatch(send, batchHref(), server.origin, gets(2))).catch((e: unknown) => e);
    expect(failed).toMatchObject({ kind: 'http', status: 500, subcode: 'CallbackChannelError' });
    server.handle((_req, res) => sendJson(res, 200, { rel: 'batch' }));
    const json = await firstValueFrom(sendBatch(send, batchHref(), server.origin, gets(2))).catch((e: unknown) => e);
    expect(json).toMatchObject({ kind: 'decode', reason: 'unexpectedContentType' });
  });

  it('refuses parts on another origin than the batch resource and leaves them out of the POST', async () => {
    serveBatch();
    const results = await firstValueFrom(
      sendBatch(send, batchHref(), server.origin, [
        { method: 'GET', href: `${APP}/a` },
        { method: 'GET', href: `${other.origin}${APP}/b` },
        { method: 'GET', href: 'javascript:alert(1)' },
        { method: 'GET', href: `${APP}/c` },
      ]),
    );
    expect(rightOf(results[0]).json).toEqual({ path: `${APP}/a` });
    expect(leftOf(results[1])).toMatchObject({ kind: 'refusedOrigin', origin: other.origin, allowedOrigin: server.origin, method: 'GET' });
    expect(leftOf(results[2])).toMatchObject({ kind: 'invalidArgument', argument: 'href' });
    expect(rightOf(results[3]).json).toEqual({ path: `${APP}/c` });
    expect(sentParts(server.requests[0] as SeenRequest).map((p) => p.target)).toEqual([`${APP}/a`, `${APP}/c`]);
    expect(server.requests[0]?.body).not.toContain(other.origin.slice('http://'.length));

    server.requests.length = 0;
    const refused = await firstValueFrom(sendBatch(send, batchHref(), server.origin, [{ method: 'POST', href: `${other.origin}/x`, json: {} }]));
    expect(leftOf(refused[0])).toMatchObject({ kind: 'refusedOrigin' });
    expect(server.requests).toHaveLength(0);
    expect(other.requests).toHaveLength(0);
  });
});

describe('batchRequests', () => {
  it('sends 250 requests as batches of 100, 100 and 50, one at a time, results in input order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server.handle((req, res) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        writeBatch(res, sentParts(req).map((part) => jsonPart(200, { path: part.target })));
      }, 5);
    });
    const results = await firstValueFrom(batchRequests(send, batchHref(), server.origin, gets(250)));
    expect(server.requests.map((r) => sentParts(r).length)).toEqual([100, 100, 50]);
    expect(maxInFlight).toBe(1);
    expect(results).toHaveLength(250);
    expect(results.map((r) => (rightOf(r).json as { path: string }).path)).toEqual(gets(250).map((r) => r.href));
  });

  it('honours maxParts and concurrency, and sends nothing for no requests', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server.handle((req, res) => {
      maxInFlight = Math.max(maxInFlight, (inFlight += 1));
      setTimeout(() => {
        inFlight -= 1;
        writeBatch(res, sentParts(req).map((part) => jsonPart(200, { path: part.target })));
      }, 10);
    });
    const results = await firstValueFrom(batchRequests(send, batchHref(), server.origin, gets(7), { maxParts: 3, concurrency: 2 }));
    expect(server.requests.map((r) => sentParts(r).length).sort()).toEqual([1, 3, 3]);
    expect(maxInFlight).toBe(2);
    expect(results.map((r) => (rightOf(r).json as { path: string }).path)).toEqual(gets(7).map((r) => r.href));
    server.requests.length = 0;
    expect(await firstValueFrom(batchRequests(send, batchHref(), server.origin, []))).toEqual([]);
    expect(server.requests).toHaveLength(0);
    const invalid = await firstValueFrom(batchRequests(send, batchHref(), server.origin, gets(1), { maxParts: 0 })).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ kind: 'invalidArgument', argument: 'maxParts' });
  });

  it('on 429 splits the batch in halves and retries after the backoff, honouring Retry-After, until all succeed', async () => {
    const limit = 25;
    server.handle((req, res) => {
      const parts = sentParts(req);
      if (parts.length > limit) sendJson(res, 429, { code: 'TooManyRequests' }, { 'Retry-After': '2' });
      else writeBatch(res, parts.map((part) => jsonPart(200, { path: part.target })));
    });
    const clock = new ManualClock(0);
    const delays: number[] = [];
    const done = firstValueFrom(
      batchRequests(send, batchHref(), server.origin, gets(100), {
        scheduler: clockScheduler(clock),
        baseDelayMs: 100,
        jitter: 0,
        onRetry: (_error, _attempt, delayMs) => delays.push(delayMs),
      }),
    );
    await eventually(() => clock.pendingTimers === 1);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1999);
    expect(server.requests).toHaveLength(1);
    const results = await runClock(clock, done);
    expect(server.requests.map((r) => sentParts(r).length)).toEqual([100, 50, 25, 25, 50, 25, 25]);
    expect(delays).toEqual([2000, 2000, 2000]);
    expect(results.map((r) => (rightOf(r).json as { path: string }).path)).toEqual(gets(100).map((r) => r.href));
  });

  it('retries parts answered 429 inside a successful batch', async () => {
    const refusedOnce = new Set<string>();
    serveBatch((part) => {
      if (part.target.endsWith('/1') && !refusedOnce.has(part.target)) {
        refusedOnce.add(part.target);
        return jsonPart(429, { code: 'TooManyRequests' });
      }
      return jsonPart(200, { path: part.target });
    });
    const clock = new ManualClock(0);
    const results = await runClock(clock, firstValueFrom(batchRequests(send, batchHref(), server.origin, gets(3), { scheduler: clockScheduler(clock), jitter: 0 })));
    expect(server.requests.map((r) => sentParts(r).map((p) => p.target))).toEqual([gets(3).map((r) => r.href), [`${APP}/r/1`]]);
    expect(results.map((r) => (rightOf(r).json as { path: string }).path)).toEqual(gets(3).map((r) => r.href));
  });

  it('surfaces the 429 HttpError of a single request after its retry budget', async () => {
    server.handle((_req, res) => sendJson(res, 429, { code: 'TooManyRequests' }));
    const clock = new ManualClock(0);
    const delays: number[] = [];
    const results = await runClock(
      clock,
      firstValueFrom(
        batchRequests(send, batchHref(), server.origin, gets(2), {
          scheduler: clockScheduler(clock),
          maxRetries: 2,
          baseDelayMs: 1000,
          jitter: 0,
          onRetry: (_error, _attempt, delayMs) => delays.push(delayMs),
        }),
      ),
    );
    expect(server.requests.map((r) => sentParts(r).length)).toEqual([2, 1, 1, 1, 1, 1, 1]);
    expect(delays).toEqual([1000, 2000, 4000, 2000, 4000]);
    expect(clock.now()).toBe(13_000);
    for (const result of results) expect(leftOf(result)).toMatchObject({ kind: 'http', status: 429, code: 'TooManyRequests' });
  });

  it('gives every part of a batch that failed otherwise its error, and keeps the other batches', async () => {
    let count = 0;
    server.handle((req, res) => {
      count += 1;
      if (count === 2) sendJson(res, 500, { code: 'ServiceFailure' });
      else writeBatch(res, sentParts(req).map((part) => jsonPart(200, { path: part.target })));
    });
    const results = await firstValueFrom(batchRequests(send, batchHref(), server.origin, gets(5), { maxParts: 2 }));
    expect(results.map((r) => (isRight(r) ? 'ok' : r.left.kind))).toEqual(['ok', 'ok', 'http', 'http', 'ok']);
    expect(leftOf(results[2])).toMatchObject({ status: 500, code: 'ServiceFailure' });
  });

  it('refuses a foreign-origin part without sending it, and sends the rest', async () => {
    serveBatch();
    const results = await firstValueFrom(
      batchRequests(send, batchHref(), server.origin, [
        { method: 'GET', href: `${other.origin}${APP}/people` },
        { method: 'GET', href: `${APP}/me` },
      ]),
    );
    expect(leftOf(results[0])).toMatchObject({ kind: 'refusedOrigin', origin: other.origin });
    expect(rightOf(results[1]).json).toEqual({ path: `${APP}/me` });
    expect(other.requests).toHaveLength(0);
    expect(sentParts(server.requests[0] as SeenRequest)).toHaveLength(1);
  });
});
