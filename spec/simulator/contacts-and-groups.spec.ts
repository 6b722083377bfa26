import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, Session, startHarness, summary, type Harness } from './helpers.js';

const MINUTE = 60_000;
const ALICE = 'alice@contoso.com';

describe('myContactsAndGroupsSubscription (seed pages 000, 001)', () => {
  let h: Harness;
  let s: Session;
  let subscription: string;
  let start: string;
  let stop: string;
  beforeEach(async () => {
    h = await startHarness({ limits: { transientStateInactivityMs: 120 * MINUTE, applicationInactivityMs: 120 * MINUTE } });
    s = await openSession(h.sim);
    subscription = s.people('myContactsAndGroupsSubscription');
    start = `${subscription}/startOrRefreshSubscriptionToContactsAndGroups`;
    stop = `${subscription}/stopSubscriptionToContactsAndGroups`;
  });
  afterEach(async () => {
    await h.sim.close();
  });

  function expiresAt(): number | undefined {
    return h.sim.state().applications[0]?.contactsAndGroupsSubscription.expiresAt;
  }

  it('is Disconnected until started, with the links of the seed page', async () => {
    const res = await s.get(subscription);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      rel: 'myContactsAndGroupsSubscription',
      state: 'Disconnected',
      _links: {
        self: { href: subscription },
        startOrRefreshSubscriptionToContactsAndGroups: { href: start },
        stopSubscriptionToContactsAndGroups: { href: stop },
      },
    });
  });

  it('starts with 201 Connecting, then is Connected; a refresh answers 200 and adds up to 30 minutes', async () => {
    const created = await s.post(`${start}?duration=60`);
    expect(created.status).toBe(201);
    expect(created.body.state).toBe('Connecting');
    expect(expiresAt()).toBe(h.clock.now() + 60 * MINUTE);
    expect((await s.get(subscription)).body.state).toBe('Connected');
    const refreshed = await s.post(`${start}?duration=10`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.state).toBe('Connected');
    expect(expiresAt()).toBe(h.clock.now() + 30 * MINUTE);
    await h.advance(25 * MINUTE);
    await s.post(`${start}?duration=10`);
    expect(expiresAt()).toBe(h.clock.now() + 15 * MINUTE);
  });

  it.each([['?duration=9'], ['?duration=61'], [''], ['?duration=ten']])('refuses %s with ParameterValidationFailure', async (query) => {
    const res = await s.post(`${start}${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BadRequest', subcode: 'ParameterValidationFailure', parameters: { duration: expect.any(String) } });
  });

  it('reports pinned-group and contact-list changes while active (High, released at once)', async () => {
    h.sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBe(0);
    await s.post(`${start}?duration=30`);
    const groups = (await s.get(s.people('myGroups'))).body._embedded;
    const pinned = groups.pinnedGroup._links.self.href as string;
    const other = groups.defaultGroup._links.self.href as string;

    let held = await s.pget(1);
    h.sim.addToPinnedGroup(ALICE, 'sip:trent@contoso.com');
    let events = Session.events((await held.response).body);
    expect(events.map(summary)).toEqual(['added contact pinnedGroup', 'updated pinnedGroup']);
    expect(events[0].link.href).toBe(`${s.appHref}/people/trent@contoso.com`);
    expect(events[0].in.href).toBe(pinned);
    expect(events[1].link.href).toBe(pinned);

    held = await s.pget(2);
    h.sim.removeFromPinnedGroup(ALICE, 'sip:judy@contoso.com');
    events = Session.events((await held.response).body);
    expect(events.map(summary)).toEqual(['deleted contact pinnedGroup', 'updated pinnedGroup']);

    held = await s.pget(3);
    h.sim.addContact(ALICE, { uri: 'sip:Newcomer@contoso.com', name: 'New Comer' });
    events = Session.events((await held.response).body);
    expect(events.map(summary)).toEqual(['added contact myContacts', 'added contact defaultGroup', 'updated defaultGroup']);
    expect(events[0].link.href).toBe(`${s.appHref}/people/newcomer@contoso.com`);
    expect(events[0].in.href).toBe(s.people('myContacts'));
    expect(events[1].in.href).toBe(other);

    held = await s.pget(4);
    h.sim.removeContact(ALICE, 'sip:newcomer@contoso.com');
    events = Session.events((await held.response).body);
    expect(events.map(summary)).toEqual(['deleted contact defaultGroup', 'updated defaultGroup', 'deleted contact myContacts']);
  });

  it('sends updated shortly before expiry, then disconnects (updated again)', async () => {
    await s.post(`${start}?duration=10`);
    await h.advance(8 * MINUTE - 1);
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBe(0);
    await h.advance(1);
    let held = await s.pget(1);
    await h.advance(5000);
    const warning = Session.events((await held.response).body);
    expect(warning.map(summary)).toEqual(['updated myContactsAndGroupsSubscription']);
    expect(warning[0].link.href).toBe(subscription);
    expect(warning[0]._embedded).toBeUndefined();
    held = await s.pget(2, { timeout: 1800 });
    await h.advance(2 * MINUTE - 5000 + 5000);
    expect(Session.events((await held.response).body).map(summary)).toEqual(['updated myContactsAndGroupsSubscription']);
    expect((await s.get(subscription)).body.state).toBe('Disconnected');
    h.sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBe(0);
  });

  it('stops with 204; no events afterwards', async () => {
    await s.post(`${start}?duration=30`);
    const res = await s.post(stop);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await s.get(subscription)).body.state).toBe('Disconnected');
    h.sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    expect(h.sim.state().applications[0]?.eventChannel.pendingEvents).toBe(0);
  });
});
