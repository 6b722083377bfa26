import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { http, openSession, startHarness, summary, type Harness, type Session } from './helpers.js';
import { availableSession, EventReader } from './me-helpers.js';

const MINUTE = 60_000;

describe('contactSupportedModalities (contactSupportedModalities_ref.md)', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness({ limits: { transientStateInactivityMs: 600 * MINUTE } });
    s = await openSession(h.sim, { user: 'bob@contoso.com', endpointId: 'bob' });
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const modalities = async (address: string): Promise<string[]> => (await s.get(`${s.people('self')}/${address}/supportedMedia`)).body.modalities;

  it('derives what a contact can do now from her presence, device, type and phone numbers', async () => {
    const res = await s.get(`${s.people('self')}/SaraD@contoso.com/supportedMedia`);
    expect(res.body).toEqual({
      rel: 'contactSupportedModalities',
      modalities: ['Audio', 'Video', 'PhoneAudio', 'Messaging'],
      _links: { self: { href: `${s.people('self')}/sarad@contoso.com/supportedMedia` } },
    });
    expect(await modalities('bob@contoso.com')).toEqual(['Audio', 'Video', 'PhoneAudio', 'ApplicationSharing', 'Messaging', 'DataCollaboration']);
    expect(await modalities('rupert@contoso.com')).toEqual(['Audio', 'PhoneAudio']);
    expect(await modalities('ManishC@contoso.com')).toEqual([]);
    expect(await modalities('helpdesk@contoso.com')).toEqual(['Messaging']);
    expect(await modalities('victor@fabrikam.com')).toEqual(['Audio', 'Video', 'ApplicationSharing', 'Messaging', 'DataCollaboration']);
    expect(await modalities('nobody@contoso.com')).toEqual([]);
    const xml = await s.get(`${s.people('self')}/helpdesk@contoso.com/supportedMedia`, { headers: { accept: 'application/xml' } });
    expect(xml.text).toContain('<propertyList name="modalities">\n    <item>Messaging</item>\n  </propertyList>');
  });

  it('sends contactSupportedModalities updated to subscribers when that changes', async () => {
    const reader = new EventReader(h, s);
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: ['sip:carol@contoso.com'] });
    await reader.next();
    h.sim.setPresence('sip:carol@contoso.com', { availability: 'Away' });
    expect((await reader.next()).map(summary)).toEqual(['updated contactPresence contact']);
    h.sim.setPresence('sip:carol@contoso.com', { availability: 'Offline' });
    const events = await reader.next();
    expect(events.map(summary)).toEqual(['updated contactPresence contact', 'updated contactSupportedModalities contact']);
    expect(events[1].link.href).toBe(`${s.people('self')}/carol@contoso.com/supportedMedia`);
    expect(events[1].in.href).toBe(`${s.people('self')}/carol@contoso.com`);
    expect(await modalities('carol@contoso.com')).toEqual([]);
  });

  it("follows the modalities a user's own applications made themselves available with", async () => {
    const reader = new EventReader(h, s);
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: ['sip:alice@contoso.com'] });
    await reader.next();
    const alice = await availableSession(h, 'alice@contoso.com', 'alice', { supportedModalities: ['Messaging'] });
    expect(await modalities('alice@contoso.com')).toEqual(['PhoneAudio', 'Messaging']);
    expect((await reader.next()).map(summary)).toEqual(['updated contactSupportedModalities contact']);
    expect(h.sim.userState('alice@contoso.com').modalities).toEqual(['PhoneAudio', 'Messaging']);
    await alice.delete(alice.appHref);
    expect(await modalities('alice@contoso.com')).toEqual([]);
    expect((await reader.next()).map(summary)).toEqual(['updated contactPresence contact', 'updated contactSupportedModalities contact']);
  });

  it('takes modalities from the control and admin APIs until they are cleared', async () => {
    const reader = new EventReader(h, s);
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: ['sip:bob@contoso.com'] });
    await reader.next();
    h.sim.setModalities('sip:bob@contoso.com', ['Messaging', 'Video']);
    expect(await modalities('bob@contoso.com')).toEqual(['Video', 'Messaging']);
    expect((await reader.next()).map(summary)).toEqual(['updated contactSupportedModalities contact']);
    const admin = await http(`${h.sim.origin}/_simulator/modalities`, { json: { uri: 'sip:bob@contoso.com' } });
    expect(admin.status).toBe(204);
    expect(await modalities('bob@contoso.com')).toContain('ApplicationSharing');
    const bad = await http(`${h.sim.origin}/_simulator/modalities`, { json: { uri: 'sip:bob@contoso.com', modalities: ['Smell'] } });
    expect(bad.status).toBe(400);
  });
});
