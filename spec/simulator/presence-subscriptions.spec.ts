import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, Session, startHarness, summary, type Harness } from './helpers.js';

const MINUTE = 60_000;
const EXPIRED = {
  code: 'NotFound',
  subcode: 'ApplicationNotFound',
  message: 'An error occurred. Please retry. If the problem persists, contact your support team.',
};

describe('presenceSubscriptions and presenceSubscription (seed pages 002, 003)', () => {
  let h: Harness;
  let s: Session;
  let ack: number;
  beforeEach(async () => {
    h = await startHarness({
      limits: { maxContactsPerPresenceSubscription: 3, maxPresenceSubscriptionsPerApplication: 2, transientStateInactivityMs: 60 * MINUTE },
    });
    s = await openSession(h.sim);
    ack = 1;
  });
  afterEach(async () => {
    await h.sim.close();
  });

  /** Waits out the medium window and returns the next event response's events. */
  async function nextEvents(): Promise<ReturnType<typeof Session.events>> {
    const held = await s.pget(ack);
    await h.advance(5000);
    const res = await held.response;
    ack += 1;
    return Session.events(res.body);
  }

  function subscribe(body: unknown): ReturnType<Session['post']> {
    return s.post(s.people('presenceSubscriptions'), body);
  }

  it('creates a subscription (201) in the walkthrough form and reports it in the events', async () => {
    const res = await subscribe({ duration: 11, Uris: ['sip:SaraD@contoso.com'] });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    const base = s.people('presenceSubscriptions');
    expect(res.body).toEqual({
      rel: 'presenceSubscription',
      id,
      _links: {
        self: { href: `${base}/${id}` },
        memberships: { href: `${s.people('presenceSubscriptionMemberships')}?presenceSubscriptionId=${id}` },
        addToPresenceSubscription: { href: `${s.people('presenceSubscriptionMemberships')}?presenceSubscriptionId=${id}` },
      },
    });
    const events = await nextEvents();
    expect(events.map(summary)).toEqual(['added contact subscribedContacts', 'added presenceSubscription', 'updated contactPresence contact']);
    expect(events[1].link.href).toBe(`${base}/${id}`);
    expect(events.every((e) => e.in === undefined || e.in.href.startsWith(`${s.appHref}/`))).toBe(true);
  });

  it('accepts the URI forms of the reference samples', async () => {
    const res = await subscribe({ duration: 15, uris: ['"sip : johndoe@contoso.com"', ' sip:janedoe@contoso.com', 'bob@contoso.com'] });
    expect(res.status).toBe(201);
    expect(h.sim.state().applications[0]?.presenceSubscriptions[0]?.members).toEqual([
      'sip:johndoe@contoso.com',
      'sip:janedoe@contoso.com',
      'sip:bob@contoso.com',
    ]);
  });

  it.each([
    [{ uris: ['sip:bob@contoso.com'] }, ['duration']],
    [{ duration: 9, uris: ['sip:bob@contoso.com'] }, ['duration']],
    [{ duration: 31, uris: ['sip:bob@contoso.com'] }, ['duration']],
    [{ duration: 'soon', uris: ['sip:bob@contoso.com'] }, ['duration']],
    [{ duration: 10 }, ['uris']],
    [{ duration: 10, uris: [] }, ['uris']],
    [{ duration: 10, uris: 'sip:bob@contoso.com' }, ['uris']],
    [{ duration: 10, uris: ['not a uri'] }, ['uris']],
  ])('refuses %j with 400 ParameterValidationFailure', async (body, names) => {
    const res = await subscribe(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BadRequest', subcode: 'ParameterValidationFailure', message: expect.any(String) });
    expect(Object.keys(res.body.parameters)).toEqual(names);
  });

  it('accepts the boundary durations 10 and 30', async () => {
    expect((await subscribe({ duration: 10, uris: ['sip:bob@contoso.com'] })).status).toBe(201);
    expect((await subscribe({ duration: 30, uris: ['sip:bob@contoso.com'] })).status).toBe(201);
  });

  it('lists subscriptions with _embedded and serves each one', async () => {
    const a = (await subscribe({ duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    const list = await s.get(s.people('presenceSubscriptions'));
    expect(list.status).toBe(200);
    expect(list.body.rel).toBe('presenceSubscriptions');
    expect(list.body._links.self.href).toBe(s.people('presenceSubscriptions'));
    expect(list.body._embedded.presenceSubscription).toEqual([a]);
    const one = await s.get(a._links.self.href);
    expect(one.body).toEqual(a);
    const missing = await s.get(`${s.people('presenceSubscriptions')}/deadbeef`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NotFound', subcode: 'ResourceNotFound' });
  });

  it('refuses too many contacts or subscriptions with 403 LimitExceeded', async () => {
    const many = await subscribe({ duration: 10, uris: ['sip:a@contoso.com', 'sip:b@contoso.com', 'sip:c@contoso.com', 'sip:d@contoso.com'] });
    expect(many.status).toBe(403);
    expect(many.body).toEqual({ code: 'Forbidden', subcode: 'LimitExceeded', message: expect.any(String) });
    expect((await subscribe({ duration: 10, uris: ['sip:a@contoso.com'] })).status).toBe(201);
    expect((await subscribe({ duration: 10, uris: ['sip:b@contoso.com'] })).status).toBe(201);
    const third = await subscribe({ duration: 10, uris: ['sip:c@contoso.com'] });
    expect(third.status).toBe(403);
    expect(third.body.subcode).toBe('LimitExceeded');
  });

  it('subscribes to URIs the directory does not know: they report Offline', async () => {
    expect((await subscribe({ duration: 10, uris: ['sip:stranger@example.org'] })).status).toBe(201);
    const presence = await s.get(`${s.appHref}/people/stranger@example.org/presence`);
    expect(presence.body).toMatchObject({ rel: 'contactPresence', availability: 'Offline', deviceType: 'Unknown' });
    h.sim.setPresence('sip:stranger@example.org', { availability: 'Online' });
    await nextEvents();
    expect((await s.get(`${s.appHref}/people/stranger@example.org/presence`)).body.availability).toBe('Online');
  });

  it('sends the about-to-expire updated event with the resource embedded, then expires', async () => {
    const created = (await subscribe({ duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    await nextEvents();
    await h.advance(8 * MINUTE - 5000 - 1);
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBe(0);
    await h.advance(1);
    const warning = await nextEvents();
    expect(warning.map(summary)).toEqual(['updated presenceSubscription']);
    expect(warning[0]._embedded.presenceSubscription).toEqual(created);
    await h.advance(2 * MINUTE - 5000);
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toEqual([]);
    const expiry = await nextEvents();
    expect(expiry.map(summary)).toEqual(['deleted contact subscribedContacts', 'deleted presenceSubscription']);
    h.sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBe(0);
    const extend = await s.post(`${created._links.self.href}?duration=10`);
    expect(extend.status).toBe(404);
    expect(extend.body).toEqual(EXPIRED);
  });

  it('extends by remaining + duration, capped at 30 minutes', async () => {
    const created = (await subscribe({ duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    const self = created._links.self.href as string;
    const start = h.clock.now();
    await h.advance(MINUTE);
    const extended = await s.post(`${self}?duration=11`);
    expect(extended.status).toBe(200);
    expect(extended.body).toEqual(created);
    expect(h.sim.state().applications[0]?.presenceSubscriptions[0]?.expiresAt).toBe(start + MINUTE + (9 + 11) * MINUTE);
    await s.post(self, { duration: 30 });
    expect(h.sim.state().applications[0]?.presenceSubscriptions[0]?.expiresAt).toBe(h.clock.now() + 30 * MINUTE);
    const bad = await s.post(`${self}?duration=31`);
    expect(bad.status).toBe(400);
    expect(bad.body.parameters).toEqual({ duration: expect.any(String) });
    expect((await s.post(self)).status).toBe(400);
    expect((await s.post(`${s.people('presenceSubscriptions')}/deadbeef?duration=10`)).body).toEqual(EXPIRED);
  });

  it('deletes with 204 and reports the contacts and the subscription deleted', async () => {
    const created = (await subscribe({ duration: 10, uris: ['sip:bob@contoso.com', 'sip:SaraD@contoso.com'] })).body;
    const other = (await subscribe({ duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    await nextEvents();
    expect((await s.delete(created._links.self.href)).status).toBe(204);
    expect((await nextEvents()).map(summary)).toEqual(['deleted contact subscribedContacts', 'deleted presenceSubscription']);
    expect((await s.get(created._links.self.href)).status).toBe(404);
    expect((await s.delete(created._links.self.href)).status).toBe(404);
    const contacts = await s.get(s.people('subscribedContacts'));
    expect(contacts.body._links.contact).toEqual([{ href: `${s.appHref}/people/bob@contoso.com` }]);
    expect((await s.delete(other._links.self.href)).status).toBe(204);
  });

  it('stops presence events of a removed subscription, even those already queued', async () => {
    const created = (await subscribe({ duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    await nextEvents();
    h.sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBe(1);
    await s.delete(created._links.self.href);
    expect((await nextEvents()).map(summary)).toEqual(['deleted contact subscribedContacts', 'deleted presenceSubscription']);
  });

  it('subscribes to a group with subscribeToGroupPresence', async () => {
    const groups = await s.get(s.people('myGroups'));
    const pinned = groups.body._embedded.pinnedGroup;
    const link = pinned._links.subscribeToGroupPresence.href as string;
    const big = await s.post(`${link}&duration=11`);
    expect(big.status).toBe(403); // five pinned contacts, limit 3 in this suite
    const family = groups.body._embedded.group.find((g: { name: string }) => g.name === 'Building Friends');
    const res = await s.post(`${family._links.subscribeToGroupPresence.href}&duration=11`);
    expect(res.status).toBe(201);
    expect(res.body.rel).toBe('presenceSubscription');
    expect(h.sim.state().applications[0]?.presenceSubscriptions[0]).toMatchObject({
      members: ['sip:rupert@contoso.com', 'sip:sybil@contoso.com', 'sip:trent@contoso.com'],
      groupId: family.id,
    });
    expect((await s.post(`${family._links.subscribeToGroupPresence.href}`)).status).toBe(400);
    expect((await s.post(`${s.people('presenceSubscriptions')}?groupId=999&duration=10`)).body.parameters).toEqual({ groupId: expect.any(String) });
  });
});

describe('memberships, addToPresenceSubscription and subscribedContacts', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness({ limits: { maxContactsPerPresenceSubscription: 3 } });
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('lists, adds, reads and deletes memberships', async () => {
    const sub = (await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    const first = await s.pget(1);
    await h.advance(5000);
    await first.response;

    const all = await s.get(s.people('presenceSubscriptionMemberships'));
    expect(all.body.rel).toBe('presenceSubscriptionMemberships');
    const [membership] = all.body._embedded.presenceSubscriptionMembership;
    expect(membership).toEqual({
      rel: 'presenceSubscriptionMembership',
      _links: {
        self: { href: `${s.people('presenceSubscriptionMemberships')}/${sub.id},bob@contoso.com` },
        contact: { href: `${s.appHref}/people/bob@contoso.com` },
        presenceSubscription: { href: sub._links.self.href },
      },
    });
    expect((await s.get(membership._links.self.href)).body).toEqual(membership);

    const added = await s.post(sub._links.addToPresenceSubscription.href, { contactUris: ['"sip:SaraD@contoso.com"', 'sip:bob@contoso.com'] });
    expect(added.status).toBe(201);
    expect(added.body._embedded.presenceSubscriptionMembership).toHaveLength(2);
    const held = await s.pget(2);
    await h.advance(5000);
    expect(Session.events((await held.response).body).map(summary)).toEqual(['added contact subscribedContacts', 'updated contactPresence contact']);

    const tooMany = await s.post(sub._links.addToPresenceSubscription.href, { contactUris: ['sip:a@contoso.com', 'sip:b@contoso.com'] });
    expect(tooMany.status).toBe(403);
    expect(tooMany.body.subcode).toBe('LimitExceeded');

    const filtered = await s.get(sub._links.memberships.href);
    expect(filtered.body._embedded.presenceSubscriptionMembership.map((m: { _links: { contact: { href: string } } }) => m._links.contact.href)).toEqual([
      `${s.appHref}/people/bob@contoso.com`,
      `${s.appHref}/people/sarad@contoso.com`,
    ]);

    expect((await s.delete(membership._links.self.href)).status).toBe(204);
    expect((await s.get(membership._links.self.href)).status).toBe(404);
    const after = await s.pget(3);
    await h.advance(5000);
    expect(Session.events((await after.response).body).map(summary)).toEqual(['deleted contact subscribedContacts']);
    expect((await s.get(s.people('subscribedContacts'))).body).toEqual({
      rel: 'subscribedContacts',
      _links: { self: { href: s.people('subscribedContacts') }, contact: [{ href: `${s.appHref}/people/sarad@contoso.com` }] },
    });
  });

  it('validates addToPresenceSubscription input', async () => {
    const sub = (await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    expect((await s.post(sub._links.addToPresenceSubscription.href, {})).body.parameters).toEqual({ contactUris: expect.any(String) });
    expect((await s.post(s.people('presenceSubscriptionMemberships'), { contactUris: ['sip:x@contoso.com'] })).body.parameters).toEqual({
      presenceSubscriptionId: expect.any(String),
    });
    const unknown = await s.post(`${s.people('presenceSubscriptionMemberships')}?presenceSubscriptionId=deadbeef`, { contactUris: ['sip:x@contoso.com'] });
    expect(unknown.status).toBe(404);
    expect((await s.get(`${s.people('presenceSubscriptionMemberships')}?presenceSubscriptionId=deadbeef`)).status).toBe(404);
    expect((await s.get(s.people('subscribedContacts'))).body._links.contact).toEqual([{ href: `${s.appHref}/people/bob@contoso.com` }]);
  });
});
