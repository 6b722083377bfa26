import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { http, openSession, Session, startHarness, type Harness } from './helpers.js';

describe('generic synchronous errors (GenericSynchronousErrors.md, ErrorsAndInformationalMessages.md)', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterAll(async () => {
    await h.sim.close();
  });

  it('answers 401 with the challenge for UCWA resources without a token', async () => {
    for (const path of [s.appHref, `${s.appHref}/people/groups`, '/ucwa/oauth/v1/applications', '/ucwa/oauth/v1/nothing']) {
      const res = await http(s.url(path));
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(res.headers.get('www-authenticate')).toContain('MsRtcOAuth href=');
    }
    expect((await http(s.url(s.appHref), { headers: { authorization: 'Bearer cwt=forged' } })).status).toBe(401);
  });

  it('answers 404 ResourceNotFound for unknown resources', async () => {
    for (const path of [`${s.appHref}/nothing`, `${s.appHref}/people/groupMemberships`, `${s.appHref}/people/bob@contoso.com/photo`, '/nothing']) {
      const res = await s.get(path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'NotFound', subcode: 'ResourceNotFound', message: 'The resource does not exist.' });
    }
  });

  it('answers 405 MethodNotAllowed with Allow for a wrong method', async () => {
    const cases: Array<[string, string, string]> = [
      ['PUT', s.people('presenceSubscriptions'), 'GET, POST'],
      ['DELETE', s.people('myGroups'), 'GET'],
      ['GET', '/ucwa/oauth/v1/applications', 'POST, OPTIONS'],
      ['POST', `${s.appHref}/people/bob@contoso.com/presence`, 'GET'],
      ['GET', s.app._links.batch.href, 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await s.get(path, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.body).toEqual({ code: 'MethodNotAllowed', message: expect.any(String) });
    }
  });

  it('answers 415 UnsupportedMediaType for a body of another type', async () => {
    const res = await s.post(s.people('presenceSubscriptions'), undefined, { headers: { 'content-type': 'text/plain' }, body: 'duration=10' });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ code: 'UnsupportedMediaType', message: 'The content-type is not supported.' });
    const missing = await http(s.url('/ucwa/oauth/v1/applications'), { token: s.token, method: 'POST', body: '{}' });
    expect(missing.status).toBe(415);
  });

  it('answers 400 DeserializationFailure for malformed JSON', async () => {
    for (const body of ['{"duration": 10, "uris": [', '[1,2]', 'null']) {
      const res = await s.post(s.people('presenceSubscriptions'), undefined, { headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'BadRequest', subcode: 'DeserializationFailure' });
    }
  });

  it('accepts the vendor JSON type and answers with it', async () => {
    const type = 'application/vnd.microsoft.com.ucwa+json';
    const res = await s.post(s.people('presenceSubscriptions'), undefined, {
      headers: { 'content-type': type, accept: type },
      body: JSON.stringify({ duration: 10, uris: ['sip:bob@contoso.com'] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
  });
});
