import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, signIn, startHarness, until, type Harness } from './helpers.js';
import { rawExchange } from './raw-http.js';

const CRLF = '\r\n';

/** A request with `Connection: close`, so the exchange ends when the server has answered. */
function request(line: string, headers: readonly string[], body = ''): string {
  return `${line}${CRLF}${[...headers, 'Connection: close'].map((h) => `${h}${CRLF}`).join('')}${CRLF}${body}`;
}

describe('hostile requests: the simulator answers or closes, and never dies', () => {
  let h: Harness;
  let host: string;
  beforeEach(async () => {
    h = await startHarness();
    host = `Host: 127.0.0.1:${h.sim.port}`;
  });
  afterEach(async () => {
    await h.sim.close();
  });

  async function stillServes(): Promise<void> {
    const s = await openSession(h.sim, { endpointId: `after-${Math.random()}` });
    expect((await s.get(s.people('myGroups'))).status).toBe(200);
  }

  it('answers request targets that are not a path or an http URL with 400 and a UCWA error body', async () => {
    for (const target of ['http://[', 'http://[::1', '*', 'ftp://example.com/x', 'no-slash', 'http://a b/']) {
      const res = await rawExchange(h.sim.port, [request(`GET ${target} HTTP/1.1`, [host, 'Accept: application/json'])]);
      if (res.headers['content-type'] === undefined) {
        // Node's own parser refused the request line (a bare 400, or nothing) and closed the connection: also acceptable.
        expect(res.closedByServer).toBe(true);
        expect(res.status === undefined || res.status === 400).toBe(true);
        continue;
      }
      expect({ target, status: res.status }).toEqual({ target, status: 400 });
      expect(JSON.parse(res.body)).toEqual({ code: 'BadRequest', message: expect.any(String) });
    }
    await stillServes();
  });

  it('answers malformed Host values with 400 and a UCWA error body', async () => {
    for (const value of ['a b', '[::1', 'a:99999', 'a/b', 'a@b', 'exa mple.com:80', ':80', 'a:b']) {
      const res = await rawExchange(h.sim.port, [request('GET /ucwa/oauth/v1/applications HTTP/1.1', [`Host: ${value}`, 'Accept: application/json'])]);
      expect({ value, status: res.status }).toEqual({ value, status: 400 });
      expect(JSON.parse(res.body)).toEqual({ code: 'BadRequest', message: expect.any(String) });
    }
    await stillServes();
  });

  it('reads a request target starting with // as a path on this server, not as a host', async () => {
    const root = await rawExchange(h.sim.port, [request('GET // HTTP/1.1', [host, 'Accept: application/json'])]);
    expect(root.status).toBe(200);
    expect(JSON.parse(root.body)._links.user.href).toBe(`http://127.0.0.1:${h.sim.port}/autodiscover/autodiscoverservice.svc/root/oauth/user`);
    const applications = await rawExchange(h.sim.port, [request('GET //ucwa/oauth/v1/applications HTTP/1.1', [host])]);
    expect(applications.status).toBe(401); // the applications resource's challenge, not 404 for "/oauth/v1/applications" on host "ucwa"
    await stillServes();
  });

  it('uses the address of an absolute-form request target', async () => {
    const res = await rawExchange(h.sim.port, [request(`GET http://127.0.0.1:${h.sim.port}/autodiscover/autodiscoverservice.svc/root HTTP/1.1`, [host])]);
    expect(res.status).toBe(200);
  });

  it('answers broken percent-encoding in paths and queries without failing', async () => {
    const token = await signIn(h.sim);
    for (const target of ['/ucwa/oauth/v1/applications/%zz/people', '/ucwa/oauth/v1/applications/%E0%A4%A', '/%/%%/', '/?a=%zz&%=1']) {
      const res = await rawExchange(h.sim.port, [request(`GET ${target} HTTP/1.1`, [host, `Authorization: Bearer ${token}`, 'Accept: application/json'])]);
      expect(res.status).toBeDefined();
      expect(res.status).toBeLessThan(500);
      if ((res.status ?? 0) >= 400) expect(JSON.parse(res.body)).toHaveProperty('code');
    }
    await stillServes();
  });

  it('refuses huge headers and garbage request lines (Node closes the connection) and keeps serving', async () => {
    const huge = await rawExchange(h.sim.port, [request('GET / HTTP/1.1', [host, `X-Big: ${'a'.repeat(100_000)}`])]);
    expect(huge.status).toBe(431);
    const garbage = await rawExchange(h.sim.port, ['\u0000\u0001 garbage \u00ff\r\n\r\n']);
    expect(garbage.closedByServer).toBe(true);
    expect(garbage.status === undefined || garbage.status === 400).toBe(true);
    await stillServes();
  });

  it('answers the admin API a malformed JSON body with 400', async () => {
    const res = await rawExchange(h.sim.port, [request('POST /_simulator/presence HTTP/1.1', [host, 'Content-Type: application/json', 'Content-Length: 5'], '{"uri')]);
    expect(res.status).toBe(400);
    await stillServes();
  });

  it('logs a request whose client went away in the middle of its body as dropped, and is idle afterwards', async () => {
    const token = await signIn(h.sim);
    await rawExchange(
      h.sim.port,
      [`POST /ucwa/oauth/v1/applications HTTP/1.1${CRLF}${host}${CRLF}Authorization: Bearer ${token}${CRLF}Content-Type: application/json${CRLF}Content-Length: 100${CRLF}${CRLF}{"userAgent":`],
      { destroyAfterWrite: true },
    );
    await until(() => h.sim.requests.entries({ method: 'POST', path: '/applications' })[0]?.status !== undefined, 10_000);
    expect(h.sim.requests.entries({ method: 'POST', path: '/applications' })[0]?.status).toBe(0);
    expect(h.sim.state().applications).toHaveLength(0);
    await stillServes();
  });
});
