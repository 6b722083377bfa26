import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, Session, startHarness, type Harness } from './helpers.js';

const NS = 'http://schemas.microsoft.com/rtc/2012/03/ucwa';
const XML = { headers: { accept: 'application/xml' } };

describe('XML forms of the seed resources and the event channel (PayloadFormat.md)', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness({ limits: { transientStateInactivityMs: 3_600_000 } });
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('creates a presence subscription from an XML <input> and answers in XML (seed 002)', async () => {
    const input =
      '<?xml version="1.0" encoding="utf-8"?>\n<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">\n' +
      '  <property name="duration">15</property>\n  <propertyList name="uris">\n' +
      '    <item>"sip:johndoe@contoso.com"</item>\n    <item>" sip:janedoe@contoso.com"</item>\n  </propertyList>\n</input>';
    const res = await s.post(s.people('presenceSubscriptions'), undefined, {
      headers: { 'content-type': 'application/xml', accept: 'application/xml' },
      body: input,
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const id = /<property name="id">([0-9a-f]+)<\/property>/.exec(res.text)?.[1] ?? '';
    const self = `${s.people('presenceSubscriptions')}/${id}`;
    const memberships = `${s.people('presenceSubscriptionMemberships')}?presenceSubscriptionId=${id}`.replace(/&/g, '&amp;');
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        `<resource rel="presenceSubscription" href="${self}" xmlns="${NS}">\n` +
        `  <link rel="memberships" href="${memberships}" />\n` +
        `  <link rel="addToPresenceSubscription" href="${memberships}" />\n` +
        '  <property name="rel">presenceSubscription</property>\n' +
        `  <property name="id">${id}</property>\n` +
        '</resource>\n',
    );
    expect(h.sim.state().applications[0]?.presenceSubscriptions[0]?.members).toEqual(['sip:johndoe@contoso.com', 'sip:janedoe@contoso.com']);
    const list = await s.get(s.people('presenceSubscriptions'), XML);
    expect(list.text).toContain(`<resource rel="presenceSubscriptions" href="${s.people('presenceSubscriptions')}" xmlns="${NS}">`);
    expect(list.text).toContain('  <property name="rel">presenceSubscriptions</property>\n');
    expect(list.text).toContain(`  <resource rel="presenceSubscription" href="${self}">\n`);
    expect((await s.get(self, XML)).text).toBe(res.text);
  });

  it('adds members from an XML <input> with a contactUris propertyList', async () => {
    const created = (await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    const input =
      '<?xml version="1.0" encoding="utf-8"?>\n<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">\n' +
      '  <propertyList name="contactUris">\n    <item>"sip:user2@contoso.com"</item>\n    <item>"sip:user3@contoso.com"</item>\n  </propertyList>\n</input>';
    const res = await s.post(created._links.addToPresenceSubscription.href, undefined, {
      headers: { 'content-type': 'application/xml', accept: 'application/xml' },
      body: input,
    });
    expect(res.status).toBe(201);
    expect(res.text).toContain(`<resource rel="presenceSubscriptionMemberships"`);
    expect(res.text.match(/<resource rel="presenceSubscriptionMembership" /g)).toHaveLength(3);
    expect(res.text).toContain(`,user3@contoso.com">`);
  });

  it('serves myContactsAndGroupsSubscription and its start in XML (seeds 000, 001)', async () => {
    const subscription = s.people('myContactsAndGroupsSubscription');
    const get = await s.get(subscription, { headers: { accept: 'application/vnd.microsoft.com.ucwa+xml' } });
    expect(get.headers.get('content-type')).toBe('application/vnd.microsoft.com.ucwa+xml; charset=utf-8');
    expect(get.text).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        `<resource rel="myContactsAndGroupsSubscription" href="${subscription}" xmlns="${NS}">\n` +
        `  <link rel="startOrRefreshSubscriptionToContactsAndGroups" href="${subscription}/startOrRefreshSubscriptionToContactsAndGroups" />\n` +
        `  <link rel="stopSubscriptionToContactsAndGroups" href="${subscription}/stopSubscriptionToContactsAndGroups" />\n` +
        '  <property name="rel">myContactsAndGroupsSubscription</property>\n' +
        '  <property name="state">Disconnected</property>\n' +
        '</resource>\n',
    );
    const started = await s.post(`${subscription}/startOrRefreshSubscriptionToContactsAndGroups?duration=30`, undefined, XML);
    expect(started.status).toBe(201);
    expect(started.text).toContain('<property name="state">Connecting</property>');
  });

  it('serves pinnedGroup and contactPresence in XML (seed 004)', async () => {
    const groups = (await s.get(s.people('myGroups'))).body._embedded;
    const pinned = groups.pinnedGroup;
    const res = await s.get(pinned._links.self.href, XML);
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        `<resource rel="pinnedGroup" href="${pinned._links.self.href}" xmlns="${NS}">\n` +
        `  <link rel="groupContacts" href="${pinned._links.groupContacts.href}" />\n` +
        `  <link rel="subscribeToGroupPresence" href="${pinned._links.subscribeToGroupPresence.href}" />\n` +
        '  <property name="rel">pinnedGroup</property>\n' +
        `  <property name="id">${pinned.id}</property>\n` +
        '  <property name="name">Pinned Contacts</property>\n' +
        '</resource>\n',
    );
    h.sim.setPresence('sip:bob@contoso.com', { availability: 'IdleOnline', activity: 'in-a-conference', deviceType: 'Mobile', lastActive: Date.UTC(2016, 8, 26, 23, 20, 23) });
    const presence = await s.get(`${s.appHref}/people/bob@contoso.com/presence`, XML);
    expect(presence.text).toContain('<property name="availability">IdleOnline</property>');
    expect(presence.text).toContain('<property name="lastActive">2016-09-26T23:20:23.000Z</property>');
    const contacts = await s.get(s.people('myContacts'), XML);
    expect(contacts.text).toContain('<propertyList name="emailAddresses">\n      <item>bob@contoso.com</item>\n    </propertyList>');
  });

  it('serves the event channel in XML with sender blocks, in links and embedded resources', async () => {
    const created = (await s.post(s.people('presenceSubscriptions'), { duration: 10, uris: ['sip:bob@contoso.com'] })).body;
    const held = await s.pget(1, {}, { headers: { accept: 'application/vnd.microsoft.com.ucwa+xml' } });
    await h.advance(5000);
    const res = await held.response;
    expect(res.headers.get('content-type')).toBe('application/vnd.microsoft.com.ucwa+xml; charset=utf-8');
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        `<events href="${s.appHref}/events?ack=1" xmlns="${NS}">\n` +
        `  <link rel="next" href="${s.appHref}/events?ack=2" />\n` +
        `  <sender rel="people" href="${s.appHref}/people">\n` +
        `    <added rel="contact" href="${s.appHref}/people/bob@contoso.com">\n` +
        `      <in rel="subscribedContacts" href="${s.appHref}/people/subscribedContacts" />\n` +
        '    </added>\n' +
        `    <added rel="presenceSubscription" href="${created._links.self.href}" />\n` +
        `    <updated rel="contactPresence" href="${s.appHref}/people/bob@contoso.com/presence">\n` +
        `      <in rel="contact" href="${s.appHref}/people/bob@contoso.com" />\n` +
        '    </updated>\n' +
        '  </sender>\n' +
        '</events>\n',
    );
    await h.advance(8 * 60_000 - 5000);
    const warning = await s.pget(2, {}, XML);
    await h.advance(5000);
    const text = (await warning.response).text;
    expect(text).toContain(`    <updated rel="presenceSubscription" href="${created._links.self.href}">\n      <resource rel="presenceSubscription" href="${created._links.self.href}">\n`);
    const resync = await s.get(s.eventsHref(42), XML);
    expect(resync.text).toBe(`<?xml version="1.0" encoding="utf-8"?>\n<events xmlns="${NS}">\n  <link rel="resync" href="${s.appHref}/events?ack=2" />\n</events>\n`);
  });

  it('answers errors with the XML reason element', async () => {
    const res = await s.post(s.people('presenceSubscriptions'), { duration: 5, uris: ['sip:bob@contoso.com'] }, XML);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(
      new RegExp(
        '^<\\?xml version="1.0" encoding="utf-8"\\?>\\n<reason xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">\\n' +
          '  <code>BadRequest</code>\\n  <subcode>ParameterValidationFailure</subcode>\\n  <message>[^<]+</message>\\n  <debugInfo />\\n' +
          '  <parameters>\\n    <property name="duration">[^<]+</property>\\n  </parameters>\\n</reason>\\n$',
      ),
    );
    const malformed = await s.post(s.people('presenceSubscriptions'), undefined, { headers: { 'content-type': 'application/xml', accept: 'application/xml' }, body: '<input><property' });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('<subcode>DeserializationFailure</subcode>');
  });
});
