import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { http, openSession, Session, startHarness, type Harness } from './helpers.js';

const nested = (depth: number, inner = '"sip:bob@contoso.com"'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

describe('hostile input to the routes gets 400 with a UCWA error body, never 500', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterAll(async () => {
    await h.sim.close();
  });

  function postJson(href: string, body: string): ReturnType<Session['post']> {
    return s.post(href, undefined, { headers: { 'content-type': 'application/json' }, body });
  }

  it('refuses a deeply nested uris array (100,000 levels) with 400 DeserializationFailure', async () => {
    const res = await postJson(s.people('presenceSubscriptions'), `{"duration":10,"uris":${nested(100_000)}}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'BadRequest', subcode: 'DeserializationFailure', message: expect.any(String) });
  });

  it('refuses JSON nested deeper than 32 levels anywhere in the body', async () => {
    const deep = await postJson(s.people('presenceSubscriptions'), `{"duration":10,"uris":["sip:bob@contoso.com"],"x":${nested(40, '1')}}`);
    expect(deep.status).toBe(400);
    expect(deep.body.subcode).toBe('DeserializationFailure');
    const shallow = await postJson(s.people('presenceSubscriptions'), `{"duration":10,"uris":["sip:bob@contoso.com"],"x":${nested(30, '1')}}`);
    expect(shallow.status).toBe(201);
  });

  it('describes invalid list items without echoing them whole', async () => {
    const long = 'x'.repeat(10_000);
    const res = await postJson(s.people('presenceSubscriptions'), JSON.stringify({ duration: 10, uris: [[['a']], { toString: 1 }, null, 7, long, ...Array.from({ length: 50 }, (_, i) => `bad${i}`)] }));
    expect(res.status).toBe(400);
    expect(res.body.subcode).toBe('ParameterValidationFailure');
    const reason: string = res.body.parameters.uris;
    expect(reason).toContain('an array');
    expect(reason).toContain('an object');
    expect(reason).toContain('null');
    expect(reason).toContain('7');
    expect(reason.length).toBeLessThan(1000);
  });

  it.each([
    ['duration as a huge number', { duration: 1e308, uris: ['sip:bob@contoso.com'] }, 'duration'],
    ['duration as a fraction', { duration: 10.5, uris: ['sip:bob@contoso.com'] }, 'duration'],
    ['duration as an array', { duration: [10], uris: ['sip:bob@contoso.com'] }, 'duration'],
    ['duration as an object', { duration: { value: 10 }, uris: ['sip:bob@contoso.com'] }, 'duration'],
    ['uris as a string', { duration: 10, uris: 'sip:bob@contoso.com' }, 'uris'],
    ['uris as an object', { duration: 10, uris: { 0: 'sip:bob@contoso.com' } }, 'uris'],
    ['groupId as an object', { duration: 10, groupId: { id: 1 } }, 'groupId'],
  ])('refuses %s with ParameterValidationFailure', async (_name, body, parameter) => {
    const res = await s.post(s.people('presenceSubscriptions'), body);
    expect(res.status).toBe(400);
    expect(res.body.subcode).toBe('ParameterValidationFailure');
    expect(Object.keys(res.body.parameters)).toContain(parameter);
  });

  it('refuses wrong types and sizes when creating an application', async () => {
    for (const body of [
      { userAgent: {}, endpointId: 'e', culture: 'en-US' },
      { userAgent: 'a', endpointId: ['e'], culture: 'en-US' },
      { userAgent: 'a', endpointId: 'e', culture: 'x'.repeat(1_000_000) },
      { userAgent: 'a', endpointId: 'e', culture: 'en-US', instanceId: 5 },
    ]) {
      const res = await http(s.url('/ucwa/oauth/v1/applications'), { token: s.token, json: body });
      expect(res.status).toBe(400);
      expect(res.body.subcode).toBe('ParameterValidationFailure');
    }
  });

  it('refuses out-of-range and malformed P-GET parameters', async () => {
    for (const query of ['ack=0', 'ack=-1', 'ack=1e3', 'ack=99999999999999999999', 'ack=', 'ack=1&timeout=1801', 'ack=1&priority=1.5', 'ack=1&low=abc', 'ack=%zz']) {
      const res = await s.get(`${s.appHref}/events?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.subcode).toBe('ParameterValidationFailure');
    }
  });

  it('refuses memberships input of the wrong shape', async () => {
    const created = (await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    const add = created._links.addToPresenceSubscription.href as string;
    for (const body of [{ contactUris: nested(100_000) }, { contactUris: [{}] }, { contactUris: 'sip:a@b' }]) {
      const res = await postJson(add, typeof body.contactUris === 'string' && body.contactUris.startsWith('[') ? `{"contactUris":${body.contactUris}}` : JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(['DeserializationFailure', 'ParameterValidationFailure']).toContain(res.body.subcode);
    }
    const noId = await s.post(s.people('presenceSubscriptionMemberships'), { presenceSubscriptionId: ['x'], contactUris: ['sip:a@b.c'] });
    expect(noId.status).toBe(400);
  });

  it('answers odd contact paths without failing', async () => {
    for (const path of ['people/%00@x', 'people/a@b@c/presence', `people/${'a'.repeat(5000)}@x/note`, 'people/%F0%9F%98%80@x/location', 'people/<script>@x']) {
      const res = await s.get(`${s.appHref}/${path}`);
      expect(res.status).toBeLessThan(500);
    }
  });
});
