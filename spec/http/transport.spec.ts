import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom, forkJoin } from 'rxjs';
import { TokenSourceAuthenticator } from '../../lib/http/auth/token-source-authenticator.js';
import { createTransport, type Transport } from '../../lib/http/transport.js';
import { isSignInError, isRefusedOriginError, isDecodeError, isNetworkError, isTimeoutError } from '../../lib/errors/guards.js';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { eventually, sendJson, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let other: TestServer;

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
  server.aborted.length = 0;
  other.requests.length = 0;
});

function transportWith(token: ConstructorParameters<typeof TokenSourceAuthenticator>[0]): Transport {
  return createTransport({ auth: new TokenSourceAuthenticator(token) });
}

describe('transport', () => {
  it('sends nothing until subscribed, then JSON with Accept and the bearer token', async () => {
    server.handle((req, res) => sendJson(res, 200, { echo: JSON.parse(req.body) as unknown }));
    const transport = transportWith('cwt=abc');
    const request$ = transport.request({ method: 'POST', href: `${server.origin}/ucwa/x`, json: { duration: 15 } });
    // a later request makes a full round trip while request$ is still unsubscribed
    await firstValueFrom(transport.request({ method: 'POST', href: `${server.origin}/ucwa/probe`, json: { probe: true } }));
    expect(server.requests.map((r) => r.url)).toEqual(['/ucwa/probe']);
    server.requests.length = 0;
    const response = await firstValueFrom(request$);
    expect(response.json).toEqual({ echo: { duration: 15 } });
    const seen = server.requests[0];
    expect(seen?.headers['accept']).toBe('application/json');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['authorization']).toBe('Bearer cwt=abc');
  });

  it('hands the fetch it was given what ky prepared as a URL and an init: the body as the string it serialised, its own signal, keepalive', async () => {
    server.handle((req, res) => sendJson(res, 200, { echo: req.body }));
    const calls: { input: unknown; init: RequestInit | undefined }[] = [];
    const spy: typeof fetch = (input, init) => {
      calls.push({ input, init });
      return fetch(input, init);
    };
    const transport = createTransport({ auth: new TokenSourceAuthenticator('cwt=abc'), fetch: spy });
    const response = await firstValueFrom(transport.request({ method: 'POST', href: `${server.origin}/ucwa/x`, json: { contactUris: ['sip:a@b.c'] } }));
    await firstValueFrom(transport.request({ method: 'DELETE', href: `${server.origin}/ucwa/y`, keepalive: true }));
    expect(response.json).toEqual({ echo: '{"contactUris":["sip:a@b.c"]}' });
    const [post, del] = calls;
    // Not ky's teed Request (which fetch would wrap in a third Request and pipe through a transform).
    expect(post?.input).toBe(`${server.origin}/ucwa/x`);
    expect(post?.init?.method).toBe('POST');
    expect(post?.init?.body).toBe('{"contactUris":["sip:a@b.c"]}');
    expect(new Headers(post?.init?.headers).get('authorization')).toBe('Bearer cwt=abc');
    expect(new Headers(post?.init?.headers).get('content-type')).toBe('application/json');
    expect(post?.init?.signal).toBeInstanceOf(AbortSignal);
    expect(del?.init).toMatchObject({ method: 'DELETE', keepalive: true });
    expect(del?.init?.body).toBeUndefined();
  });

  it('resolves relative hrefs against the resource that carried them and keeps server query parameters', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const transport = transportWith('t');
    await firstValueFrom(
      transport.request({ method: 'GET', href: 'memberships?presenceSubscriptionId=7', base: `${server.origin}/ucwa/v1/people/`, query: { duration: 20 } }),
    );
    await firstValueFrom(transport.request({ method: 'GET', href: '//v1/applications/833/people', base: `${server.origin}/x` }));
    expect(server.requests.map((r) => r.url)).toEqual([
      '/ucwa/v1/people/memberships?presenceSubscriptionId=7&duration=20',
      '/v1/applications/833/people',
    ]);
  });

  it('aborts the request in flight when unsubscribed, and the server sees the connection close', async () => {
    server.handle(() => undefined);
    const transport = transportWith('t');
    const subscription = transport.request({ method: 'GET', href: `${server.origin}/events?ack=1` }).subscribe();
    await eventually(() => server.requests.length === 1);
    subscription.unsubscribe();
    await eventually(() => server.aborted.length === 1);
    expect(server.aborted[0]?.url).toBe('/events?ack=1');
  });

  it('on a 401 asks the token source once more and retries once; concurrent 401s share one refresh', async () => {
    let issued = 0;
    const reasons: string[] = [];
    server.handle((req, res) => {
      if (req.headers['authorization'] === 'Bearer fresh-1') sendJson(res, 200, { ok: true });
      else sendJson(res, 401, { code: 'Unauthorized' });
    });
    const transport = transportWith(async ({ reason }) => {
      reasons.push(reason);
      issued += 1;
      return issued === 1 ? 'stale' : `fresh-${issued - 1}`;
    });
    const get = () => transport.request({ method: 'GET', href: `${server.origin}/r` });
    await firstValueFrom(get());
    server.requests.length = 0;
    const results = await firstValueFrom(forkJoin([get(), get(), get()]));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(reasons).toEqual(['initial', 'rejected']);
  });

  it('a second 401 after a fresh token is a typed sign-in error', async () => {
    server.handle((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/html', 'X-Ms-diagnostics': '28020;reason="No valid security token."' });
      res.end('<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>');
    });
    const transport = transportWith('cwt=SECRET-TOKEN');
    const error = await firstValueFrom(transport.request({ method: 'GET', href: `${server.origin}/r` })).catch((e: unknown) => e);
    expect(isSignInError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'signIn', reason: 'unauthorized', status: 401, diagnostics: '28020;reason="No valid security token."' });
    expect(server.requests).toHaveLength(2);
    const everything = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
    expect(everything).not.toContain('SECRET-TOKEN');
  });

  it('refuses an href on another origin before sending anything', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    const transport = transportWith('cwt=abc');
    await firstValueFrom(transport.request({ method: 'GET', href: `${server.origin}/ucwa/user` }));
    const error = await firstValueFrom(transport.request({ method: 'GET', href: `${other.origin}/ucwa/people` })).catch((e: unknown) => e);
    expect(isRefusedOriginError(error)).toBe(true);
    expect(error).toMatchObject({ origin: other.origin, allowedOrigin: server.origin });
    // A protocol-relative href stays on the base's origin (UCWA means a path by it).
    await firstValueFrom(transport.request({ method: 'GET', href: `//${other.origin.slice('http://'.length)}/x`, base: server.origin }));
    expect(server.requests.at(-1)?.url).toBe(`/${other.origin.slice('http://'.length)}/x`);
    expect(other.requests).toHaveLength(0);
  });

  it('refuses hrefs that are not http(s)', async () => {
    const transport = transportWith('t');
    for (const href of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,x']) {
      const error = await firstValueFrom(transport.request({ method: 'GET', href, base: server.origin })).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'invalidArgument', argument: 'href' });
    }
  });

  it('reports malformed JSON in a 2xx as a typed decode error', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"rel":"contactPresence",');
    });
    const error = await firstValueFrom(transportWith('t').request({ method: 'GET', href: `${server.origin}/p` })).catch((e: unknown) => e);
    expect(isDecodeError(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'malformedJson' });
  });

  it('reports a refused connection as a network error and a slow answer as a timeout', async () => {
    const closed = await startTestServer();
    const deadOrigin = closed.origin;
    await closed.close();
    const transport = createTransport({ auth: new TokenSourceAuthenticator('t') });
    const network = await firstValueFrom(transport.request({ method: 'GET', href: `${deadOrigin}/x` })).catch((e: unknown) => e);
    expect(isNetworkError(network)).toBe(true);
    expect(network).toMatchObject({ reason: 'ECONNREFUSED' });
    server.handle(() => undefined);
    const slow = await firstValueFrom(transportWith('t').request({ method: 'GET', href: `${server.origin}/slow`, timeoutMs: 50 })).catch((e: unknown) => e);
    expect(isTimeoutError(slow)).toBe(true);
    expect(slow).toMatchObject({ timeoutMs: 50 });
  });

  it('times out a body that stalls after the headers, with the same deadline as the headers (client clock)', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"_links":{"next":');
      // and nothing more: the connection stays open
    });
    const clock = new ManualClock();
    const exchanges: number[] = [];
    const transport = createTransport({ auth: new TokenSourceAuthenticator('t'), clock, onExchange: (e) => exchanges.push(e.status) });
    let outcome: unknown;
    transport.request({ method: 'GET', href: `${server.origin}/events?ack=1`, timeoutMs: 10_000 }).subscribe({ next: (r) => (outcome = r), error: (e: unknown) => (outcome = e) });
    await eventually(() => exchanges.length === 1, 10_000); // the headers arrived
    await clock.advance(9_999);
    expect(outcome).toBeUndefined();
    await clock.advance(1);
    await eventually(() => outcome !== undefined, 10_000);
    expect(isTimeoutError(outcome)).toBe(true);
    expect(outcome).toMatchObject({ method: 'GET', timeoutMs: 10_000 });
    await eventually(() => server.aborted.some((r) => r.url === '/events?ack=1'), 10_000);
  });

  it('keeps its deadline even when the fetch does not honour the abort signal (headers or body stalled)', async () => {
    // Node's fetch can lose the link from an abort signal to a request once that request's
    // following signal has been garbage collected: the deadline must not depend on it.
    const deaf: typeof fetch = (input, init) => fetch(input, { ...init, signal: null });
    for (const stall of ['headers', 'body'] as const) {
      server.handle((_req, res) => {
        if (stall === 'headers') return;
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"_links":');
      });
      const clock = new ManualClock();
      const exchanges: number[] = [];
      const transport = createTransport({ auth: new TokenSourceAuthenticator('t'), clock, fetch: deaf, onExchange: (e) => exchanges.push(e.status) });
      let outcome: unknown;
      transport.request({ method: 'GET', href: `${server.origin}/stall-${stall}`, timeoutMs: 5_000 }).subscribe({ next: (r) => (outcome = r), error: (e: unknown) => (outcome = e) });
      await eventually(() => server.requests.some((r) => r.url === `/stall-${stall}`) && (stall === 'headers' || exchanges.length === 1), 10_000);
      await clock.advance(5_000);
      await eventually(() => outcome !== undefined, 10_000);
      expect(outcome).toMatchObject({ kind: 'timeout', timeoutMs: 5_000 });
    }
  });

  it('closes the connection of a request aborted while its body is read, even after a garbage collection', async () => {
    // Node's fetch can lose the link from ky's signal to the request once it is garbage collected.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"_links":');
    });
    const exchanges: number[] = [];
    const transport = createTransport({ auth: new TokenSourceAuthenticator('t'), onExchange: (e) => exchanges.push(e.status) });
    const subscription = transport.request({ method: 'GET', href: `${server.origin}/body?ack=7` }).subscribe({ error: () => undefined });
    await eventually(() => exchanges.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
    subscription.unsubscribe();
    await eventually(() => server.aborted.some((r) => r.url === '/body?ack=7'), 5_000);
  });
});
