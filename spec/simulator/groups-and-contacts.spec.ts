import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSession, Session, startHarness, type Harness, type Json } from './helpers.js';

describe('myGroups, groups, groupContacts, myContacts, contact and its presence, note and location', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterAll(async () => {
    await h.sim.close();
  });

  it('embeds the pinned, default, personal and distribution groups in myGroups', async () => {
    const res = await s.get(s.people('myGroups'));
    expect(res.status).toBe(200);
    expect(res.body.rel).toBe('myGroups');
    const { pinnedGroup, defaultGroup, group, distributionGroup } = res.body._embedded;
    const groups = s.people('myGroups');
    expect(pinnedGroup).toEqual({
      rel: 'pinnedGroup',
      id: pinnedGroup.id,
      name: 'Pinned Contacts',
      _links: {
        self: { href: `${groups}/${pinnedGroup.id}` },
        groupContacts: { href: `${s.people('myContacts')}?groupId=${pinnedGroup.id}` },
        subscribeToGroupPresence: { href: `${s.people('presenceSubscriptions')}?groupId=${pinnedGroup.id}` },
      },
    });
    expect(defaultGroup).toMatchObject({ rel: 'defaultGroup', name: 'Other Contacts' });
    expect(group.map((g: Json) => g.name)).toEqual(['Engineering', 'Sales', 'Building Friends']);
    expect(distributionGroup).toHaveLength(1);
    expect(distributionGroup[0]).toMatchObject({ rel: 'distributionGroup', uri: 'sip:leadership@contoso.com', name: 'Contoso Leadership' });
    expect(distributionGroup[0]._embedded.contact).toHaveLength(4);
    const pinned = await s.get(pinnedGroup._links.self.href);
    expect(pinned.body).toEqual(pinnedGroup);
  });

  it('lists groups as links with expand=false', async () => {
    const res = await s.get(`${s.people('myGroups')}?expand=false`);
    expect(res.body._embedded).toBeUndefined();
    expect(res.body._links.pinnedGroup.href).toMatch(/\/people\/groups\/\d+$/);
    expect(res.body._links.group).toHaveLength(3);
    expect(res.body._links.distributionGroup).toHaveLength(1);
  });

  it('serves groupContacts and myContacts embedded, or as links with expand=false', async () => {
    const groups = (await s.get(s.people('myGroups'))).body._embedded;
    const pinned = await s.get(groups.pinnedGroup._links.groupContacts.href);
    expect(pinned.body.rel).toBe('groupContacts');
    expect(pinned.body._embedded.contact.map((c: Json) => c.uri)).toEqual([
      'sip:bob@contoso.com',
      'sip:SaraD@contoso.com',
      'sip:ChrisB@contoso.com',
      'sip:AlexD@contoso.com',
      'sip:DanaB@contoso.com',
    ]);
    const links = await s.get(`${groups.pinnedGroup._links.groupContacts.href}&expand=false`);
    expect(links.body._links.contact[1]).toEqual({ href: `${s.appHref}/people/sarad@contoso.com` });
    const mine = await s.get(s.people('myContacts'));
    expect(mine.body.rel).toBe('myContacts');
    expect(mine.body._embedded.contact.length).toBeGreaterThanOrEqual(20);
    expect((await s.get(`${s.people('myContacts')}?groupId=424242`)).status).toBe(404);
    expect((await s.get(`${s.people('myGroups')}/424242`)).status).toBe(404);
  });

  it('serves a contact by its lower-case link and by any case of its URI', async () => {
    const res = await s.get(`${s.appHref}/people/sarad@contoso.com`);
    expect(res.status).toBe(200);
    const self = `${s.appHref}/people/sarad@contoso.com`;
    expect(res.body).toMatchObject({
      rel: 'contact',
      uri: 'sip:SaraD@contoso.com',
      name: 'Sara Davis',
      emailAddresses: ['SaraD@contoso.com'],
      type: 'User',
      sourceNetwork: 'SameEnterprise',
      _links: {
        self: { href: self },
        contactPresence: { href: `${self}/presence` },
        contactNote: { href: `${self}/note` },
        contactLocation: { href: `${self}/location` },
      },
    });
    expect((await s.get(`${s.appHref}/people/SaraD@Contoso.com`)).body).toEqual(res.body);
    expect((await s.get(`${s.appHref}/people/helpdesk@contoso.com`)).body.type).toBe('Bot');
  });

  it('serves contactPresence with lastActive in the /Date(ms)/ form', async () => {
    h.sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone', deviceType: 'Mobile', lastActive: 1474932023993 });
    const res = await s.get(`${s.appHref}/people/bob@contoso.com/presence`);
    expect(res.text).toContain('"lastActive":"\\/Date(1474932023993)\\/"');
    expect(res.body).toEqual({
      rel: 'contactPresence',
      availability: 'Busy',
      activity: 'on-the-phone',
      deviceType: 'Mobile',
      lastActive: '/Date(1474932023993)/',
      _links: { self: { href: `${s.appHref}/people/bob@contoso.com/presence` } },
    });
    h.sim.setPresence('sip:bob@contoso.com', { availability: 'Online' });
    const cleared = (await s.get(`${s.appHref}/people/bob@contoso.com/presence`)).body;
    expect(cleared.activity).toBeUndefined();
    expect(cleared.deviceType).toBe('Mobile');
  });

  it('serves contactNote and contactLocation', async () => {
    h.sim.setNote('sip:bob@contoso.com', { message: 'Heads down today' });
    h.sim.setLocation('sip:bob@contoso.com', 'By the beach...');
    expect((await s.get(`${s.appHref}/people/bob@contoso.com/note`)).body).toEqual({
      rel: 'contactNote',
      message: 'Heads down today',
      type: 'Personal',
      _links: { self: { href: `${s.appHref}/people/bob@contoso.com/note` } },
    });
    expect((await s.get(`${s.appHref}/people/bob@contoso.com/location`)).body).toEqual({
      rel: 'contactLocation',
      location: 'By the beach...',
      _links: { self: { href: `${s.appHref}/people/bob@contoso.com/location` } },
    });
  });

  it('reports note and location changes of subscribed contacts (Medium)', async () => {
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: ['sip:ivan@contoso.com'] });
    let held = await s.pget(1);
    await h.advance(5000);
    await held.response;
    h.sim.setNote('sip:ivan@contoso.com', { message: 'Out until Monday', type: 'OutOfOffice' });
    h.sim.setLocation('sip:ivan@contoso.com', 'Oslo');
    held = await s.pget(2);
    await h.advance(5000);
    const events = Session.events((await held.response).body);
    expect(events.map((e: Json) => e.link.rel)).toEqual(['contactNote', 'contactLocation']);
    expect((await s.get(events[0].link.href)).body.type).toBe('OutOfOffice');
  });
});
