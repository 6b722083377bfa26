import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { http, openSession, signIn, startHarness, type Harness } from './helpers.js';

const NOT_FOUND_APP = { code: 'NotFound', subcode: 'ApplicationNotFound', message: expect.any(String) };

describe('applications (applications_ref.md, application_ref.md, MultiTabSupport.md)', () => {
  let h: Harness;
  let token: string;
  let applications: string;
  beforeEach(async () => {
    h = await startHarness({ limits: { maxApplicationsPerUser: 2 } });
    token = await signIn(h.sim);
    applications = `${h.sim.origin}/ucwa/oauth/v1/applications`;
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('creates an application with me, people and communication embedded and the events link at ack=1', async () => {
    const res = await http(applications, { token, json: { userAgent: 'UCWA Samples', endpointId: 'a917c6f4', culture: 'en-US' } });
    expect(res.status).toBe(201);
    const app = res.body;
    expect(app).toMatchObject({ rel: 'application', culture: 'en-US', userAgent: 'UCWA Samples', type: 'Browser', endpointId: 'a917c6f4' });
    const self = app._links.self.href as string;
    expect(self).toMatch(/^\/ucwa\/oauth\/v1\/applications\/\d+$/);
    expect(app._links.batch.href).toBe(`${self}/batch`);
    expect(app._links.policies.href).toBe(`${self}/policies`);
    expect(app._links.events.href).toBe(`${self}/events?ack=1`);
    expect(app._embedded.me).toMatchObject({ rel: 'me', name: 'Alice Anders', uri: 'sip:alice@contoso.com' });
    const people = app._embedded.people._links;
    expect(people).toMatchObject({
      self: { href: `${self}/people` },
      presenceSubscriptions: { href: `${self}/people/presenceSubscriptions` },
      subscribedContacts: { href: `${self}/people/subscribedContacts` },
      presenceSubscriptionMemberships: { href: `${self}/people/presenceSubscriptionMemberships` },
      myGroups: { href: `${self}/people/groups` },
      myContacts: { href: `${self}/people/contacts` },
      myContactsAndGroupsSubscription: { href: `${self}/people/contactsAndGroupsSubscription` },
    });
    expect(app._embedded.communication.supportedMessageFormats).toEqual(['Plain']);
    for (const href of [self, `${self}/me`, `${self}/people`, `${self}/communication`, `${self}/policies`]) {
      expect((await http(`${h.sim.origin}${href}`, { token })).status).toBe(200);
    }
  });

  it('accepts the casing and the trailing comma of the reference sample, and XML input', async () => {
    const sample = '{\n"UserAgent":"UCWA Samples",\n"EndpointId":"a917c6f4-976c-4cf3-847d-cdfffa28ccdf",\n"Culture":"en-US",\n}';
    const res = await http(applications, { token, headers: { 'content-type': 'application/json' }, body: sample });
    expect(res.status).toBe(201);
    expect(res.body.userAgent).toBe('UCWA Samples');
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">' +
      '<property name="culture">en-us</property><property name="endpointId">123456</property>' +
      '<property name="instanceId">samplevalue</property><property name="userAgent">ContosoApp/1.0 (Windows Phone OS 7.5)</property></input>';
    const viaXml = await http(applications, { token, headers: { 'content-type': 'application/xml' }, body: xml });
    expect(viaXml.status).toBe(201);
    expect(viaXml.body).toMatchObject({ endpointId: '123456', instanceId: 'samplevalue', culture: 'en-us' });
  });

  it('returns the existing application for the same endpointId with 200', async () => {
    const first = await http(applications, { token, json: { userAgent: 'a', endpointId: 'tab', culture: 'en-US' } });
    const second = await http(applications, { token, json: { userAgent: 'a', endpointId: 'tab', culture: 'en-US' } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body._links.self.href).toBe(first.body._links.self.href);
    // Another user with the same endpointId gets an application of their own.
    const bob = await http(applications, { token: await signIn(h.sim, 'bob@contoso.com'), json: { userAgent: 'a', endpointId: 'tab', culture: 'en-US' } });
    expect(bob.status).toBe(201);
    expect(bob.body._links.self.href).not.toBe(first.body._links.self.href);
  });

  it('validates the required parameters', async () => {
    const res = await http(applications, { token, json: { userAgent: '', culture: 'x'.repeat(101) } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BadRequest', subcode: 'ParameterValidationFailure' });
    expect(Object.keys(res.body.parameters).sort()).toEqual(['culture', 'endpointId', 'userAgent']);
  });

  it('deletes an application; afterwards it is ApplicationNotFound', async () => {
    const s = await openSession(h.sim);
    expect((await s.delete(s.appHref)).status).toBe(204);
    const gone = await s.get(s.appHref);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(NOT_FOUND_APP);
    expect((await s.get(`${s.appHref}/people/groups`)).body.subcode).toBe('ApplicationNotFound');
  });

  it('refuses one application too many with 409 TooManyApplications', async () => {
    for (const endpointId of ['one', 'two']) expect((await http(applications, { token, json: { userAgent: 'a', endpointId, culture: 'en-US' } })).status).toBe(201);
    const third = await http(applications, { token, json: { userAgent: 'a', endpointId: 'three', culture: 'en-US' } });
    expect(third.status).toBe(409);
    expect(third.body).toEqual({ code: 'Conflict', subcode: 'TooManyApplications', message: 'There are too many applications for this user.' });
  });

  it('expires an application left without requests or a P-GET', async () => {
    const s = await openSession(h.sim);
    await h.advance(14 * 60 * 1000);
    expect((await s.get(s.appHref)).status).toBe(200); // any request keeps it alive
    await h.advance(15 * 60 * 1000 - 1);
    expect((await s.get(s.appHref)).status).toBe(200);
    await h.advance(15 * 60 * 1000);
    const gone = await s.get(s.appHref);
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual(NOT_FOUND_APP);
    expect(h.sim.state().counters.applicationsExpired).toBe(1);
  });

  it('keeps an application with a held P-GET alive', async () => {
    const s = await openSession(h.sim);
    const held = await s.pget(1, { timeout: 1800 });
    await h.advance(25 * 60 * 1000);
    expect(s.isHeld()).toBe(true);
    await h.advance(5 * 60 * 1000);
    expect((await held.response).status).toBe(200);
    expect((await s.get(s.appHref)).status).toBe(200);
  });

  it("does not show one user's application to another", async () => {
    const s = await openSession(h.sim);
    const bob = await signIn(h.sim, 'bob@contoso.com');
    const res = await http(s.url(s.appHref), { token: bob });
    expect(res.status).toBe(404);
    expect(res.body.subcode).toBe('ApplicationNotFound');
  });
});
