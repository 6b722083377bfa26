import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { http, signIn, startHarness, type Harness } from './helpers.js';

/** Raw header lines of a GET, to see repeated headers as the server wrote them. */
function rawHeaders(url: string): Promise<{ status: number; lines: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, lines: res.rawHeaders, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('discovery and sign-in (CreateAnApplication.md, AuthenticationInUCWA.md)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('serves the autodiscovery root with absolute self, user and xframe links', async () => {
    const root = await http(h.sim.discoveryUrl);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/^application\/json/);
    const links = root.body._links;
    expect(links.self.href).toBe(h.sim.discoveryUrl);
    expect(links.user.href).toBe(`${h.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`);
    expect(links.xframe.href).toBe(`${h.sim.origin}/Autodiscover/XFrame/XFrame.html`);
    expect((await http(links.xframe.href, { headers: { accept: 'text/html' } })).status).toBe(200);
    // The path is matched in any case, as IIS does.
    expect((await http(`${h.sim.origin}/Autodiscover/AutodiscoverService.svc/root`)).status).toBe(200);
  });

  it('challenges the user resource with Bearer and MsRtcOAuth and an IIS HTML page', async () => {
    const res = await rawHeaders(`${h.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`);
    expect(res.status).toBe(401);
    const challenges: string[] = [];
    for (let i = 0; i < res.lines.length; i += 2) if (res.lines[i]?.toLowerCase() === 'www-authenticate') challenges.push(res.lines[i + 1] ?? '');
    expect(challenges).toHaveLength(2);
    expect(challenges[0]).toMatch(/^Bearer trusted_issuers=".*", client_id="00000004-0000-0ff1-ce00-000000000000"$/);
    expect(challenges[1]).toBe(
      `MsRtcOAuth href="${h.sim.origin}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`,
    );
    expect(res.body).toContain('401 - Unauthorized: Access is denied due to invalid credentials.');
  });

  it('issues a token for the password grant and then serves the user resource', async () => {
    const token = await http(`${h.sim.origin}/webticket/oauthtoken`, {
      method: 'POST',
      headers: { 'content-type': "application/x-www-form-urlencoded;charset='utf-8'" },
      body: 'grant_type=password&username=alice@contoso.com&password=password',
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(token.body).toEqual({ access_token: expect.stringMatching(/^cwt=/), expires_in: 28800, ms_rtc_identityscope: 'local', token_type: 'Bearer' });
    const user = await http(`${h.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`, { token: token.body.access_token });
    expect(user.status).toBe(200);
    expect(user.body._links.applications.href).toBe(`${h.sim.origin}/ucwa/oauth/v1/applications`);
    expect(user.body._links.xframe.href).toBeDefined();
  });

  it('refuses a wrong password with invalid_grant and X-Ms-diagnostics', async () => {
    const res = await http(`${h.sim.origin}/WebTicket/oauthtoken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=alice@contoso.com&password=wrong',
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_grant' });
    expect(res.headers.get('x-ms-diagnostics')).toBe('28020;source="127.0.0.1";reason="No valid security token."');
    const unknown = await http(`${h.sim.origin}/WebTicket/oauthtoken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=nobody@contoso.com&password=password',
    });
    expect(unknown.body).toEqual({ error: 'invalid_grant' });
  });

  it('refuses other grant types and malformed token requests', async () => {
    const windows = await http(`${h.sim.origin}/WebTicket/oauthtoken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=urn:microsoft.rtc:windows',
    });
    expect(windows.status).toBe(400);
    expect(windows.body).toEqual({ error: 'unsupported_grant_type' });
    expect(windows.headers.get('x-ms-diagnostics')).toContain('28029;');
    const missing = await http(`${h.sim.origin}/WebTicket/oauthtoken`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=alice@contoso.com',
    });
    expect(missing.body).toEqual({ error: 'invalid_request' });
    const json = await http(`${h.sim.origin}/WebTicket/oauthtoken`, { json: { grant_type: 'password' } });
    expect(json.body).toEqual({ error: 'invalid_request' });
  });

  it('expires tokens by the clock', async () => {
    const token = await signIn(h.sim);
    const user = `${h.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`;
    expect((await http(user, { token })).status).toBe(200);
    await h.advance(8 * 60 * 60 * 1000 - 1);
    expect((await http(user, { token })).status).toBe(200);
    await h.advance(1);
    const expired = await http(user, { token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('MsRtcOAuth');
    expect((await http(`${h.sim.origin}/ucwa/oauth/v1/applications`, { token, json: {} })).status).toBe(401);
  });

  it('accepts tokens only from the simulator that issued them', async () => {
    const other = await startHarness();
    try {
      const token = await signIn(other.sim);
      expect((await http(`${h.sim.origin}/ucwa/oauth/v1/applications`, { token, json: {} })).status).toBe(401);
    } finally {
      await other.sim.close();
    }
  });

  it('redirects the user resource to the pool the user is homed on', async () => {
    const home = await startHarness();
    const edge = await startHarness({ redirectTo: home.sim });
    try {
      const token = await signIn(edge.sim);
      const user = await http(`${edge.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`, { token });
      expect(user.status).toBe(200);
      expect(user.body._links.redirect.href).toBe(home.sim.discoveryUrl);
      expect(user.body._links.applications).toBeUndefined();
      // The client signs in afresh at the new pool: the first token is not valid there.
      const homeUser = `${home.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`;
      expect((await http(homeUser, { token })).status).toBe(401);
      expect((await http(homeUser, { token: await signIn(home.sim) })).body._links.applications).toBeDefined();
      edge.sim.setRedirect(undefined);
      expect((await http(`${edge.sim.origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`, { token })).body._links.applications).toBeDefined();
    } finally {
      await edge.sim.close();
      await home.sim.close();
    }
  });
});
