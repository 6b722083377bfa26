import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { firstValueFrom, forkJoin } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { hrefOf } from '../../lib/codecs/link.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';

let sim: Simulator;
let client: UcwaClient;

beforeAll(async () => {
  sim = await startFastSimulator();
  client = clientFor(sim);
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

const ENGINEERING = ['sip:ChrisB@contoso.com', 'sip:dave@contoso.com', 'sip:erin@contoso.com', 'sip:frank@contoso.com', 'sip:grace@contoso.com', 'sip:heidi@contoso.com', 'sip:ivan@contoso.com'];

describe('client.groups against the simulator', () => {
  it('myGroups: the pinned and default groups, the personal groups and the distribution groups', async () => {
    const groups = await firstValueFrom(client.groups.myGroups());
    expect(groups.pinnedGroup).toMatchObject({ kind: 'pinnedGroup', name: 'Pinned Contacts', id: expect.stringMatching(/.+/) });
    expect(groups.defaultGroup).toMatchObject({ kind: 'defaultGroup', name: 'Other Contacts' });
    expect(groups.groups.map((g) => [g.kind, g.name])).toEqual([
      ['group', 'Engineering'],
      ['group', 'Sales'],
      ['group', 'Building Friends'],
    ]);
    expect(groups.distributionGroups).toEqual([
      expect.objectContaining({ kind: 'distributionGroup', name: 'Contoso Leadership', uri: 'sip:leadership@contoso.com' }),
    ]);
  });

  it("a group's contacts, and a distribution group's embedded members", async () => {
    const groups = await firstValueFrom(client.groups.myGroups());
    const engineering = groups.groups.find((g) => g.name === 'Engineering');
    const leadership = groups.distributionGroups[0];
    if (!engineering || !leadership) throw new Error('missing groups');
    const [engineers, leaders] = await firstValueFrom(forkJoin([client.groups.contacts(engineering), client.groups.contacts(leadership)]));
    expect(engineers.map((c) => c.uri)).toEqual(ENGINEERING);
    expect(engineers[1]).toMatchObject({ name: 'Dave Ochoa', title: 'Developer', department: 'Engineering', type: 'User' });
    expect(leaders.map((c) => c.uri)).toEqual(['sip:DanaB@contoso.com', 'sip:SaraD@contoso.com', 'sip:carol@contoso.com', 'sip:johndoe@contoso.com']);
  });

  it('pinnedGroup, defaultGroup, and a group again by itself or by its href', async () => {
    const pinned = await firstValueFrom(client.groups.pinnedGroup());
    const byGroup = await firstValueFrom(client.groups.group(pinned));
    const href = hrefOf(pinned.resource.value, 'self') ?? '';
    const byHref = await firstValueFrom(client.groups.group(href));
    for (const group of [byGroup, byHref]) expect(group).toMatchObject({ kind: 'pinnedGroup', id: pinned.id, name: 'Pinned Contacts' });
    await expect(firstValueFrom(client.groups.defaultGroup())).resolves.toMatchObject({ kind: 'defaultGroup', name: 'Other Contacts' });
  });

  it('subscribeToGroupPresence creates a presence subscription to the members', async () => {
    const group = await firstValueFrom(client.groups.defaultGroup());
    const before = sim.clock.now();
    const subscription = await firstValueFrom(client.groups.subscribeToGroupPresence(group, 30));
    expect(subscription.value).toMatchObject({ rel: 'presenceSubscription', id: expect.any(String) });
    const live = sim.state().applications[0]?.presenceSubscriptions.find((s) => s.id === subscription.value.id);
    expect(live).toMatchObject({ groupId: group.id });
    expect(live?.members).toHaveLength(7);
    expect(live?.expiresAt).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(live?.expiresAt).toBeLessThanOrEqual(sim.clock.now() + 30 * 60_000);
    expect(sim.log.entries({ method: 'POST', path: 'groupId=' }).at(-1)?.path).toMatch(/[?&]duration=30(&|$)/);
    await firstValueFrom(client.presenceSubscriptions.delete(subscription), { defaultValue: undefined });
    expect(sim.state().applications[0]?.presenceSubscriptions.find((s) => s.id === subscription.value.id)).toBeUndefined();
  });
});

describe('client.contacts against the simulator', () => {
  it('myContacts: every contact of the list, once', async () => {
    const contacts = await firstValueFrom(client.contacts.myContacts());
    const uris = contacts.map((c) => c.uri);
    expect(new Set(uris).size).toBe(uris.length);
    expect(uris).toEqual(expect.arrayContaining(['sip:bob@contoso.com', 'sip:helpdesk@contoso.com', 'sip:victor@fabrikam.com', ...ENGINEERING]));
    expect(contacts.find((c) => c.uri === 'sip:helpdesk@contoso.com')).toMatchObject({ type: 'Bot', name: 'Contoso Helpdesk' });
    expect(contacts.find((c) => c.uri === 'sip:victor@fabrikam.com')).toMatchObject({ sourceNetwork: 'Federated', company: 'Fabrikam' });
  });

  it('a contact by SIP URI, in any case and with or without the scheme', async () => {
    const [a, b] = await firstValueFrom(forkJoin([client.contacts.contact('sip:bob@contoso.com'), client.contacts.contact('BOB@contoso.com')]));
    expect(a).toMatchObject({ uri: 'sip:bob@contoso.com', name: 'Bob Kelly', title: 'Support Engineer', emailAddresses: ['bob@contoso.com'] });
    expect(b).toEqual(a);
  });

  it("a contact's note and location", async () => {
    const [note, location, none] = await firstValueFrom(
      forkJoin([client.contacts.note('sip:SaraD@contoso.com'), client.contacts.location('sip:bob@contoso.com'), client.contacts.note('sip:ChrisB@contoso.com')]),
    );
    expect(note).toEqual({ uri: 'sip:SaraD@contoso.com', message: 'Heads down today', type: 'Personal' });
    expect(location).toEqual({ uri: 'sip:bob@contoso.com', location: 'Building 25, Redmond' });
    expect(none).toEqual({ uri: 'sip:ChrisB@contoso.com', message: undefined, type: undefined });
    sim.setNote('sip:ChrisB@contoso.com', { message: 'On leave', type: 'OutOfOffice' });
    await expect(firstValueFrom(client.contacts.note('sip:ChrisB@contoso.com'))).resolves.toMatchObject({ message: 'On leave', type: 'OutOfOffice' });
  });

  it('reads of the same tick go out as one batch', async () => {
    await firstValueFrom(client.contacts.myContacts());
    const before = sim.log.entries().length;
    const uris = ['sip:dave@contoso.com', 'sip:erin@contoso.com', 'sip:frank@contoso.com'];
    const notes = await firstValueFrom(forkJoin(uris.map((uri) => client.contacts.location(uri))));
    expect(notes.map((n) => n.uri)).toEqual(uris);
    const since = sim.log.entries().slice(before).filter((e) => !/\/events\?/.test(e.path));
    expect(since.map((e) => e.method + ' ' + e.path.replace(/^.*\/applications\/[^/]+/, ''))).toEqual(['POST /batch']);
  });

  it('someone outside the list is found once a group listing them was read', async () => {
    const fresh = clientFor(sim);
    try {
      const unknown = await firstValueFrom(fresh.contacts.contact('sip:carol@contoso.com')).catch((e: unknown) => e);
      expect(unknown).toMatchObject({ kind: 'invalidArgument', argument: 'uri' });
      const { distributionGroups } = await firstValueFrom(fresh.groups.myGroups());
      expect(distributionGroups).toHaveLength(1);
      await expect(firstValueFrom(fresh.contacts.contact('sip:carol@contoso.com'))).resolves.toMatchObject({ name: 'Carol Diaz' });
    } finally {
      await fresh.close();
    }
  });
});
