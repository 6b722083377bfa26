import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import { PasswordAuthenticator } from '../../lib/http/auth/password-authenticator.js';
import { parseOAuthChallenge } from '../../lib/http/auth/challenge.js';
import { createTransport } from '../../lib/http/transport.js';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { eventually, sendJson, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
let tokensIssued = 0;
const EXPIRES_IN_S = 3600;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  tokensIssued = 0;
  server.requests.length = 0;
  server.handle((req, res) => {
    if (req.url === '/WebTicket/oauthtoken') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'password') return sendJson(res, 400, { error: 'unsupported_grant_type' });
      if (form.get('username') !== 'alice@contoso.com' || form.get('password') !== 'password') {
        return sendJson(res, 400, { error: 'invalid_grant' }, { 'X-Ms-diagnostics': '28000;reason="Password validation failed."' });
      }
      tokensIssued += 1;
      return sendJson(res, 200, { access_token: `cwt=T${tokensIssued}`, expires_in: EXPIRES_IN_S, token_type: 'Bearer' });
    }
    if (req.headers['authorization']?.startsWith('Bearer cwt=T')) return sendJson(res, 200, { rel: 'user', who: req.headers['authorization'] });
    res.writeHead(401, {
      'Content-Type': 'text/html',
      'WWW-Authenticate': `MsRtcOAuth href="${server.origin}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`,
    });
    res.end('<html>401 - Unauthorized</html>');
  });
});

describe('MsRtcOAuth password grant', () => {
  it('parses the challenge in the forms the reference shows', () => {
    expect(parseOAuthChallenge('MsRtcOAuth href=https://contoso.com/WebTicket/oauthtoken,grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"')).toEqual({
      href: 'https://contoso.com/WebTicket/oauthtoken',
      grantTypes: ['urn:microsoft.rtc:windows', 'urn:microsoft.rtc:anonmeeting', 'password'],
    });
    expect(
      parseOAuthChallenge('Bearer trusted_issuers="x", client_id="y", MsRtcOAuth href="https://lyncweb.contoso.com/WebTicket/oauthtoken",grant_type="password"'),
    ).toEqual({ href: 'https://lyncweb.contoso.com/WebTicket/oauthtoken', grantTypes: ['password'] });
    expect(parseOAuthChallenge('Bearer realm="x"')).toBeUndefined();
  });

  it('follows the 401 challenge, posts the password grant, and uses the access token', async () => {
    const clock = new ManualClock();
    const auth = new PasswordAuthenticator({ credentials: { username: 'alice@contoso.com', password: 'password' }, clock });
    const transport = createTransport({ auth, clock });
    const response = await firstValueFrom(transport.request({ method: 'GET', href: `${server.origin}/user` }));
    expect(response.json).toMatchObject({ who: 'Bearer cwt=T1' });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /user', 'POST /WebTicket/oauthtoken', 'GET /user']);
    const grant = server.requests[1];
    expect(grant?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(grant?.body))).toEqual({ grant_type: 'password', username: 'alice@contoso.com', password: 'password' });
  });

  it('renews the token before expires_in runs out', async () => {
    const clock = new ManualClock();
    const auth = new PasswordAuthenticator({ credentials: { username: 'alice@contoso.com', password: 'password' }, clock });
    const transport = createTransport({ auth, clock });
    const get = () => firstValueFrom(transport.request({ method: 'GET', href: `${server.origin}/user` }));
    await get();
    await clock.advance(30 * 60_000);
    expect((await get()).json).toMatchObject({ who: 'Bearer cwt=T1' });
    await clock.advance(26 * 60_000); // 56 minutes: inside the renewal margin of a one-hour token
    expect((await get()).json).toMatchObject({ who: 'Bearer cwt=T2' });
    expect(tokensIssued).toBe(2);
    expect(server.requests.filter((r) => r.method === 'GET' && !r.headers['authorization'])).toHaveLength(1);
  });

  it('refuses a wrong password with a typed sign-in error and never shows the password', async () => {
    const clock = new ManualClock();
    const auth = new PasswordAuthenticator({ credentials: { username: 'alice@contoso.com', password: 'hunter2-wrong' }, clock });
    const error = await firstValueFrom(createTransport({ auth, clock }).request({ method: 'GET', href: `${server.origin}/user` })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'signIn', reason: 'invalid_grant', status: 400, diagnostics: '28000;reason="Password validation failed."' });
    expect(`${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`).not.toContain('hunter2');
  });

  it('keeps the password out of the error even when the token endpoint echoes it', async () => {
    server.handle((req, res) => {
      if (req.url === '/WebTicket/oauthtoken') {
        const password = new URLSearchParams(req.body).get('password') ?? '';
        return sendJson(res, 400, { error: `invalid_grant for ${password}` }, { 'X-Ms-diagnostics': `28000;reason="Password ${password} validation failed."` });
      }
      res.writeHead(401, { 'WWW-Authenticate': `MsRtcOAuth href="${server.origin}/WebTicket/oauthtoken",grant_type="password"` });
      res.end();
    });
    const clock = new ManualClock();
    const auth = new PasswordAuthenticator({ credentials: { username: 'alice@contoso.com', password: 'hunter2-wrong' }, clock });
    const error = await firstValueFrom(createTransport({ auth, clock }).request({ method: 'GET', href: `${server.origin}/user` })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'signIn', status: 400 });
    expect(`${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`).not.toContain('hunter2');
  });

  it('never posts the password to a token endpoint on another origin', async () => {
    const evil = await startTestServer((_req, res) => sendJson(res, 200, { access_token: 'x', token_type: 'Bearer' }));
    try {
      server.handle((_req, res) => {
        res.writeHead(401, { 'WWW-Authenticate': `MsRtcOAuth href="${evil.origin}/WebTicket/oauthtoken",grant_type="password"` });
        res.end();
      });
      const clock = new ManualClock();
      const auth = new PasswordAuthenticator({ credentials: { username: 'alice@contoso.com', password: 'password' }, clock });
      const error = await firstValueFrom(createTransport({ auth, clock }).request({ method: 'GET', href: `${server.origin}/user` })).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'refusedOrigin', origin: evil.origin });
      expect(evil.requests).toHaveLength(0);
    } finally {
      await evil.close();
    }
  });

  it('times out a token answer whose body stalls after the headers', async () => {
    server.handle((req, res) => {
      if (req.url === '/WebTicket/oauthtoken') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"access_token":');
        return;
      }
      res.writeHead(401, { 'WWW-Authenticate': `MsRtcOAuth href="${server.origin}/WebTicket/oauthtoken",grant_type="password"` });
      res.end();
    });
    const clock = new ManualClock();
    let tokenHeaders = false;
    const watching: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).endsWith('/WebTicket/oauthtoken')) tokenHeaders = true;
      return response;
    };
    const auth = new PasswordAuthenticator({ credentials: { username: 'alice@contoso.com', password: 'password' }, clock, timeoutMs: 5_000, fetch: watching });
    let outcome: unknown;
    createTransport({ auth, clock }).request({ method: 'GET', href: `${server.origin}/user` }).subscribe({ error: (e: unknown) => (outcome = e) });
    await eventually(() => tokenHeaders, 10_000);
    await clock.advance(4_999);
    expect(outcome).toBeUndefined();
    await clock.advance(1);
    await eventually(() => outcome !== undefined, 10_000);
    expect(outcome).toMatchObject({ kind: 'timeout', method: 'POST', timeoutMs: 5_000 });
  });
});
