import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, Session, startHarness, summary, until, type Harness } from './helpers.js';

const BOB = 'sip:bob@contoso.com';

describe('event channel (EventChannelDetails.md, EventsInUCWA.md, events_ref.md)', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  /** Subscribes to Bob and consumes the subscription's initial events; returns the next ack. */
  async function subscribeToBob(): Promise<number> {
    expect((await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: [BOB] })).status).toBe(201);
    const first = await s.pget(1);
    await h.advance(5000);
    const res = await first.response;
    expect(Session.events(res.body).map(summary)).toEqual(['added contact subscribedContacts', 'added presenceSubscription', 'updated contactPresence contact']);
    return 2;
  }

  it('holds a P-GET until the timeout and then answers with just self and next', async () => {
    const held = await s.pget(1);
    await h.advance(179_999);
    expect(s.isHeld()).toBe(true);
    await h.advance(1);
    const res = await held.response;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ _links: { self: { href: `${s.appHref}/events?ack=1` }, next: { href: `${s.appHref}/events?ack=2` } } });
  });

  it('delivers exactly once: a re-sent ack gets the same response, following next acknowledges it', async () => {
    const ack = await subscribeToBob();
    h.sim.setPresence(BOB, { availability: 'Busy' });
    const held = await s.pget(ack);
    await h.advance(5000);
    const first = await held.response;
    expect(Session.events(first.body).map(summary)).toEqual(['updated contactPresence contact']);
    const again = await s.get(s.eventsHref(ack));
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    const next = first.body._links.next.href as string;
    expect(next).toBe(s.eventsHref(ack + 1));
    const following = await s.pget(ack + 1);
    expect(s.isHeld()).toBe(true);
    // The acknowledged response is gone: asking for it again is out of range.
    const stale = await s.get(s.eventsHref(ack));
    expect(stale.body).toEqual({ _links: { resync: { href: s.eventsHref(ack + 1) } } });
    await h.advance(180_000);
    expect(Session.events((await following.response).body)).toEqual([]);
  });

  it('re-delivers a response whose connection was dropped after it was released', async () => {
    const ack = await subscribeToBob();
    h.sim.setPresence(BOB, { availability: 'Away' });
    h.sim.injectFault({ path: '/events', fault: { kind: 'drop', when: 'after' } });
    const lost = await s.pget(ack);
    await h.advance(5000);
    await expect(lost.response).rejects.toThrow();
    const resent = await s.get(s.eventsHref(ack));
    expect(Session.events(resent.body).map(summary)).toEqual(['updated contactPresence contact']);
    expect(resent.body._links.self.href).toBe(s.eventsHref(ack));
  });

  it('keeps events queued when the client abandons a held P-GET', async () => {
    const ack = await subscribeToBob();
    const controller = new AbortController();
    const abandoned = await s.pget(ack, {}, { signal: controller.signal });
    controller.abort();
    await expect(abandoned.response).rejects.toThrow();
    await until(() => !s.isHeld());
    h.sim.setPresence(BOB, { availability: 'BeRightBack' });
    await h.advance(5000);
    const retry = await s.pget(ack);
    const res = await retry.response;
    expect(res.body._links.self.href).toBe(s.eventsHref(ack));
    expect(Session.events(res.body).map(summary)).toEqual(['updated contactPresence contact']);
  });

  it('answers an out-of-range ack with only a resync link to the first unacknowledged response', async () => {
    for (const ack of [0, 2, 99]) {
      const res = await s.get(s.eventsHref(ack));
      expect(res.status).toBe(ack === 0 ? 400 : 200);
      if (ack !== 0) expect(res.body).toEqual({ _links: { resync: { href: s.eventsHref(1) } } });
    }
    const followed = await s.pget(1);
    expect(s.isHeld()).toBe(true);
    await h.advance(180_000);
    expect((await followed.response).status).toBe(200);
  });

  it('releases a held P-GET with 409 PGetReplaced when another one with the same ack arrives', async () => {
    const first = await s.pget(1);
    const second = await s.pget(1);
    const replaced = await first.response;
    expect(replaced.status).toBe(409);
    expect(replaced.body).toEqual({ code: 'Conflict', subcode: 'PGetReplaced', message: expect.any(String) });
    expect(s.isHeld()).toBe(true);
    await h.advance(180_000);
    expect((await second.response).status).toBe(200);
  });

  it('lets priority decide which P-GET wins', async () => {
    const high = await s.pget(1, { priority: 5 });
    const low = await s.get(s.eventsHref(1, { priority: 1 }));
    expect(low.status).toBe(409);
    expect(low.body.subcode).toBe('PGetReplaced');
    expect(s.isHeld()).toBe(true);
    const same = await s.pget(1, { priority: 5 });
    expect((await high.response).body.subcode).toBe('PGetReplaced');
    await h.advance(180_000);
    expect((await same.response).status).toBe(200);
  });

  it('validates timeout, low, medium, priority and ack with a parameters bag', async () => {
    const res = await s.get(s.eventsHref(1, { timeout: 179, low: 4, medium: 1801, priority: 'x' }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BadRequest', subcode: 'ParameterValidationFailure' });
    expect(Object.keys(res.body.parameters).sort()).toEqual(['low', 'medium', 'priority', 'timeout']);
    const noAck = await s.get(`${s.appHref}/events`);
    expect(noAck.status).toBe(400);
    expect(Object.keys(noAck.body.parameters)).toEqual(['ack']);
    await s.pget(1, { timeout: 1800, low: 5, medium: 1800 });
    expect(s.isHeld()).toBe(true);
    expect(h.sim.state().applications[0]?.eventChannel.settings).toEqual({ timeout: 1800, low: 5, medium: 1800 });
  });

  it('remembers timeout across P-GETs', async () => {
    const first = await s.pget(1, { timeout: 300 });
    await h.advance(180_000);
    expect(s.isHeld()).toBe(true);
    await h.advance(120_000);
    expect((await first.response).status).toBe(200);
    const second = await s.pget(2);
    await h.advance(299_999);
    expect(s.isHeld()).toBe(true);
    await h.advance(1);
    expect((await second.response).body._links.next.href).toBe(s.eventsHref(3));
    expect(h.sim.state().applications[0]?.eventChannel.settings).toEqual({ timeout: 300, low: 15, medium: 5 });
  });

  it('merges medium presence updates per contact and releases them after the medium window', async () => {
    const ack = await subscribeToBob();
    const held = await s.pget(ack);
    h.sim.setPresence(BOB, { availability: 'Busy' });
    await h.advance(2000);
    h.sim.setPresence(BOB, { availability: 'Away' });
    h.sim.setPresence(BOB, { availability: 'Online' });
    await h.advance(2999);
    expect(s.isHeld()).toBe(true);
    await h.advance(1);
    const res = await held.response;
    expect(Session.events(res.body).map(summary)).toEqual(['updated contactPresence contact']);
    const presence = await s.get(Session.events(res.body)[0].link.href);
    expect(presence.body.availability).toBe('Online');
  });

  it('uses the medium window given on the P-GET', async () => {
    const ack = await subscribeToBob();
    const held = await s.pget(ack, { medium: 60 });
    h.sim.setPresence(BOB, { availability: 'Busy' });
    await h.advance(59_999);
    expect(s.isHeld()).toBe(true);
    await h.advance(1);
    expect(Session.events((await held.response).body)).toHaveLength(1);
  });

  it('releases at once for a high-priority event, with the queued events ahead of it', async () => {
    const ack = await subscribeToBob();
    expect((await s.post(`${s.people('myContactsAndGroupsSubscription')}/startOrRefreshSubscriptionToContactsAndGroups?duration=30`)).status).toBe(201);
    const held = await s.pget(ack);
    h.sim.setPresence(BOB, { availability: 'Busy' });
    h.sim.addToPinnedGroup('alice@contoso.com', 'sip:judy@contoso.com');
    const res = await held.response;
    expect(Session.events(res.body).map(summary)).toEqual([
      'updated contactPresence contact',
      'added contact pinnedGroup',
      'updated pinnedGroup',
    ]);
  });

  it('writes event hrefs relative and in lower case by default, as the walkthroughs show', async () => {
    await subscribeToBob();
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: ['sip:SaraD@contoso.com'] });
    const held = await s.pget(2);
    await h.advance(5000);
    const body = (await held.response).body;
    expect(body.sender[0].href).toBe(s.people('self'));
    const presence = Session.events(body).find((e) => e.link.rel === 'contactPresence');
    expect(presence.link.href).toBe(`${s.appHref}/people/sarad@contoso.com/presence`);
    expect(presence.in.href).toBe(`${s.appHref}/people/sarad@contoso.com`);
  });

  it('writes event hrefs absolute and in display case with varyEventHrefs', async () => {
    const varied = await startHarness({ varyEventHrefs: true });
    try {
      const v = await openSession(varied.sim);
      await v.post(v.people('presenceSubscriptions'), { duration: 30, uris: ['sip:saraD@contoso.com'] });
      const held = await v.pget(1);
      await varied.advance(5000);
      const body = (await held.response).body;
      expect(body.sender[0].href).toBe(`${varied.sim.origin}${v.people('self')}`);
      const presence = Session.events(body).find((e) => e.link.rel === 'contactPresence');
      expect(presence.link.href).toBe(`${varied.sim.origin}${v.appHref}/people/SaraD@contoso.com/presence`);
      expect(presence.in.href).toBe(`${varied.sim.origin}${v.appHref}/people/SaraD@contoso.com`);
      const contact = await v.get(presence.in.href);
      expect(contact.body._links.self.href).toBe(`${v.appHref}/people/sarad@contoso.com`);
      expect(contact.body.uri).toBe('sip:SaraD@contoso.com');
    } finally {
      await varied.sim.close();
    }
  });

  it('sends resume after long inactivity, with transient state gone', async () => {
    const ack = await subscribeToBob();
    await s.post(`${s.people('myContactsAndGroupsSubscription')}/startOrRefreshSubscriptionToContactsAndGroups?duration=30`);
    await h.advance(5 * 60 * 1000);
    const state = h.sim.state().applications[0];
    expect(state?.presenceSubscriptions).toEqual([]);
    expect(state?.contactsAndGroupsSubscription.state).toBe('Disconnected');
    h.sim.setPresence(BOB, { availability: 'Busy' });
    const res = await (await s.pget(ack)).response;
    expect(res.body._links).toEqual({ self: { href: s.eventsHref(ack) }, resume: { href: s.eventsHref(ack + 1) } });
    expect(Session.events(res.body)).toEqual([]);
    expect((await s.get(s.people('presenceSubscriptions'))).body._embedded.presenceSubscription).toEqual([]);
    const next = await s.pget(ack + 1);
    expect(s.isHeld()).toBe(true);
    await h.advance(180_000);
    expect((await next.response).body._links.next).toBeDefined();
  });

  it('can be forced to resume or resync', async () => {
    const ack = await subscribeToBob();
    const held = await s.pget(ack);
    h.sim.forceResync(s.appId);
    expect((await held.response).body).toEqual({ _links: { resync: { href: s.eventsHref(ack) } } });
    const again = await s.pget(ack);
    h.sim.forceResume();
    const resumed = await again.response;
    expect(resumed.body._links.resume.href).toBe(s.eventsHref(ack + 1));
    expect(h.sim.state().applications[0]?.presenceSubscriptions).toEqual([]);
  });

  it('answers a held P-GET with 404 ApplicationNotFound when the application expires', async () => {
    const held = await s.pget(1);
    h.sim.expireApplication(s.appId);
    const res = await held.response;
    expect(res.status).toBe(404);
    expect(res.body.subcode).toBe('ApplicationNotFound');
    expect((await s.get(s.eventsHref(1))).body.subcode).toBe('ApplicationNotFound');
  });

  it('reports held P-GETs and queued events in state()', async () => {
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: [BOB] });
    expect(h.sim.state().applications[0]?.eventChannel).toMatchObject({ held: false, nextAck: 1, pendingEvents: 3 });
    const held = await s.pget(1);
    expect(h.sim.state().outstandingPgets).toBe(1);
    await h.advance(5000);
    await held.response;
    await s.pget(2);
    expect(h.sim.state()).toMatchObject({ outstandingPgets: 1 });
    expect(h.sim.state().applications[0]?.eventChannel).toMatchObject({ held: true, nextAck: 2, pendingEvents: 0 });
  });
});
