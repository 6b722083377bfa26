import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { runSimulatorCommand } from '../../lib/cli/simulator-command.js';
import type { SimulatorOptions } from '../../lib/simulator/index.js';
import { http, startHarness, until, type Harness } from './helpers.js';
import { rawExchange, type RawExchange } from './raw-http.js';

const LOOPBACK = ['http://localhost:4200', 'http://127.0.0.1:9876', 'https://localhost', 'http://[::1]:8080', 'http://LOCALHOST:4200'];
const FOREIGN = ['http://app.fabrikam.com', 'https://evil.example:4000', 'null', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'file://'];

function preflight(url: string, origin: string): ReturnType<typeof http> {
  return http(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
}

describe('CORS by default: loopback origins for the UCWA resources, none for the admin API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.sim.close();
  });

  it('answers preflights from loopback origins, allowing Authorization and Content-Type', async () => {
    for (const origin of LOOPBACK) {
      const res = await preflight(`${h.sim.origin}/ucwa/oauth/v1/applications`, origin);
      expect({ origin, status: res.status }).toEqual({ origin, status: 204 });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin.toLowerCase());
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    }
    expect(h.sim.requests.count({ method: 'OPTIONS' })).toBe(0);
  });

  it('refuses preflights from other origins and sends them no CORS headers', async () => {
    for (const origin of FOREIGN) {
      const res = await preflight(`${h.sim.origin}/ucwa/oauth/v1/applications`, origin);
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const root = await http(h.sim.discoveryUrl, { headers: { origin } });
      expect(root.status).toBe(200);
      expect(root.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('exposes Retry-After, WWW-Authenticate and X-Ms-diagnostics to loopback pages', async () => {
    const res = await http(`${h.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`, { headers: { origin: 'http://localhost:4200' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
    const exposed = res.headers.get('access-control-expose-headers') ?? '';
    for (const name of ['Retry-After', 'WWW-Authenticate', 'X-Ms-diagnostics']) expect(exposed).toContain(name);
  });

  it('refuses cross-origin browser requests to the admin API, loopback pages included, and does nothing', async () => {
    const before = h.sim.state().applications.length;
    for (const origin of [...LOOPBACK, ...FOREIGN]) {
      const res = await http(`${h.sim.origin}/_simulator/presence`, { headers: { origin, 'content-type': 'text/plain' }, body: JSON.stringify({ uri: 'sip:bob@contoso.com', availability: 'Busy' }) });
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.body.error).toContain('cross-origin');
      expect((await preflight(`${h.sim.origin}/_simulator/faults`, origin)).status).toBe(403);
      const state = await http(`${h.sim.origin}/_simulator/state`, { headers: { origin } });
      expect(state.status).toBe(403);
    }
    const presence = await http(`${h.sim.origin}/_simulator/state`);
    expect(presence.status).toBe(200);
    expect(h.sim.state().applications.length).toBe(before);
    const bob = await http(`${h.sim.origin}/_simulator/presence`, { json: { uri: 'sip:bob@contoso.com', availability: 'Away' } });
    expect(bob.status).toBe(204); // no Origin: curl, a test, a script
  });

  it('accepts admin requests from its own origin', async () => {
    const res = await http(`${h.sim.origin}/_simulator/state`, { headers: { origin: h.sim.origin } });
    expect(res.status).toBe(200);
  });

  it('does not take a DNS name that points at it for its own origin (DNS rebinding)', async () => {
    const ask = (host: string): Promise<RawExchange> =>
      rawExchange(h.sim.port, [`GET /_simulator/state HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\nConnection: close\r\n\r\n`]);
    expect((await ask(`rebind.example:${h.sim.port}`)).status).toBe(403);
    expect((await ask(`localhost:${h.sim.port}`)).status).toBe(200);
  });
});

describe('CORS options', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.sim.close();
    h = undefined;
  });

  async function start(options: SimulatorOptions): Promise<Harness> {
    h = await startHarness(options);
    return h;
  }

  const allowed = async (url: string, origin: string): Promise<string | null> => (await http(url, { headers: { origin } })).headers.get('access-control-allow-origin');

  it('widens the UCWA origins with a list, keeping loopback', async () => {
    const { sim } = await start({ cors: { origins: ['https://App.Example', 'http://tool.example:8080/'] } });
    expect(await allowed(sim.discoveryUrl, 'https://app.example')).toBe('https://app.example');
    expect(await allowed(sim.discoveryUrl, 'http://tool.example:8080')).toBe('http://tool.example:8080');
    expect(await allowed(sim.discoveryUrl, 'http://localhost:4200')).toBe('http://localhost:4200');
    expect(await allowed(sim.discoveryUrl, 'http://other.example')).toBeNull();
    expect((await http(`${sim.origin}/_simulator/state`, { headers: { origin: 'https://app.example' } })).status).toBe(403);
  });

  it("allows any origin with '*'", async () => {
    const { sim } = await start({ cors: { origins: '*' } });
    expect(await allowed(sim.discoveryUrl, 'http://anything.example')).toBe('http://anything.example');
    expect((await http(`${sim.origin}/_simulator/state`, { headers: { origin: 'http://anything.example' } })).status).toBe(403);
  });

  it('opens the admin API to the UCWA origins (admin: true) or to a list', async () => {
    const same = await start({ cors: { admin: true } });
    const ok = await http(`${same.sim.origin}/_simulator/state`, { headers: { origin: 'http://localhost:4200' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
    expect((await preflight(`${same.sim.origin}/_simulator/faults`, 'http://localhost:4200')).status).toBe(204);
    expect((await http(`${same.sim.origin}/_simulator/state`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    await same.sim.close();
    const listed = await start({ cors: { admin: ['http://dashboard.example'] } });
    expect((await http(`${listed.sim.origin}/_simulator/state`, { headers: { origin: 'http://dashboard.example' } })).status).toBe(200);
    expect((await http(`${listed.sim.origin}/_simulator/state`, { headers: { origin: 'http://localhost:4200' } })).status).toBe(403);
  });

  it('sends no CORS headers at all with cors: false, and still refuses cross-origin admin requests', async () => {
    const { sim } = await start({ cors: false });
    expect(await allowed(sim.discoveryUrl, 'http://localhost:4200')).toBeNull();
    expect((await preflight(`${sim.origin}/ucwa/oauth/v1/applications`, 'http://localhost:4200')).status).toBe(403);
    expect((await http(`${sim.origin}/_simulator/state`, { headers: { origin: 'http://localhost:4200' } })).status).toBe(403);
  });

  it('refuses origins that are not origins', async () => {
    await expect(start({ cors: { origins: ['not a url'] } })).rejects.toThrow(/cors/i);
    await expect(start({ cors: { admin: ['ftp://x'] } })).rejects.toThrow(/cors/i);
  });
});

describe('ucwa-rx simulator --cors-origin / --cors-admin', () => {
  it('widens the origins from the command line', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const running = runSimulatorCommand(['--port', '0', '--cors-origin', 'https://app.example', '--cors-origin', 'https://other.example', '--cors-admin'], {
      out: (line) => lines.push(line),
      signal: stop.signal,
    });
    await until(() => lines.some((line) => line.startsWith('Press Ctrl+C')));
    const origin = /listening on (\S+)/.exec(lines.join('\n'))?.[1] ?? '';
    const root = await http(`${origin}/`, { headers: { origin: 'https://other.example' } });
    expect(root.headers.get('access-control-allow-origin')).toBe('https://other.example');
    expect((await http(`${origin}/_simulator/state`, { headers: { origin: 'https://app.example' } })).status).toBe(200);
    stop.abort();
    await running;
    await expect(runSimulatorCommand(['--port', '0', '--cors-origin', 'nope'])).rejects.toThrow(/--cors-origin/);
  });
});
