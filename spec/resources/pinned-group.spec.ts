import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { PinnedGroup } from '../../lib/resources/groups/pinned-group.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const ALICE = 'alice@contoso.com';
const PINNED = ['sip:bob@contoso.com', 'sip:SaraD@contoso.com', 'sip:ChrisB@contoso.com', 'sip:AlexD@contoso.com', 'sip:DanaB@contoso.com'];
const GROUP_CONTACTS = /\/people\/contacts\?groupId=/i;

let sim: Simulator;
let client: UcwaClient;
let values: PinnedGroup[];
let subscriptions: Subscription[];

beforeEach(async () => {
  sim = await startFastSimulator();
  client = clientFor(sim, { eventChannel: { retry: { baseDelayMs: 5, jitter: 0 } } });
  values = [];
  subscriptions = [];
});
afterEach(async () => {
  subscriptions.forEach((s) => s.unsubscribe());
  await client.close();
  await sim.close();
});

function watch(): void {
  subscriptions.push(client.pinnedGroup$.subscribe((value) => values.push(value)));
}
const uris = (group: PinnedGroup | undefined): string[] => group?.contacts.map((c) => c.uri) ?? [];

describe('pinnedGroup$ against the simulator', () => {
  it('emits the pinned group with its contacts, with the contacts-and-groups subscription started once', async () => {
    watch();
    const statuses: string[] = [];
    subscriptions.push(client.myContactsAndGroupsSubscription$.subscribe((s) => statuses.push(s.state)));
    await eventually(() => values.length === 1);
    const [group] = values;
    expect(group).toMatchObject({ id: expect.any(String), name: 'Pinned Contacts' });
    expect(uris(group)).toEqual(PINNED);
    expect(group?.contacts[0]).toEqual({
      uri: 'sip:bob@contoso.com',
      name: 'Bob Kelly',
      title: 'Support Engineer',
      department: 'Support',
      company: 'Contoso',
      office: expect.any(String),
      emailAddresses: ['bob@contoso.com'],
      workPhoneNumber: expect.stringMatching(/^tel:/),
      mobilePhoneNumber: undefined,
      homePhoneNumber: undefined,
      otherPhoneNumber: undefined,
      type: 'User',
      sourceNetwork: 'SameEnterprise',
      sourceNetworkIconUrl: undefined,
    });
    expect(sim.state().applications[0]?.contactsAndGroupsSubscription.state).toBe('Connected');
    expect(sim.log.count({ method: 'POST', path: 'startOrRefreshSubscriptionToContactsAndGroups' })).toBe(1);
    expect(statuses.at(-1)).toBe('Connected');
  });

  it('adds a contact pinned in the simulator, fetching just that contact', async () => {
    watch();
    await eventually(() => values.length === 1);
    const before = sim.log.entries().length;
    sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    await eventually(() => uris(values.at(-1)).includes('sip:judy@contoso.com'));
    expect(uris(values.at(-1))).toEqual([...PINNED, 'sip:judy@contoso.com']);
    expect(values.at(-1)?.contacts.at(-1)).toMatchObject({ name: 'Judy Wong', title: 'Sales Lead' });
    // the contact (and the group, after its `updated` event) in one batch: no list is read again
    const since = sim.log.entries().slice(before).filter((e) => !/\/events\?/.test(e.path));
    expect(since.map((e) => `${e.method} ${e.path.replace(/^.*\/applications\/[^/]+/, '')}`)).toEqual(['POST /batch']);
    // unchanged contacts keep their identity (trackBy-friendly)
    expect(values.at(-1)?.contacts[0]).toBe(values[0]?.contacts[0]);
  });

  it('adds someone new to the directory', async () => {
    watch();
    await eventually(() => values.length === 1);
    sim.addToPinnedGroup(ALICE, { uri: 'sip:newbie@contoso.com', name: 'New Bie', title: 'Intern' });
    await eventually(() => uris(values.at(-1)).includes('sip:newbie@contoso.com'));
    expect(values.at(-1)?.contacts.at(-1)).toMatchObject({ uri: 'sip:newbie@contoso.com', name: 'New Bie', title: 'Intern' });
  });

  it('removes a contact unpinned in the simulator without reading the list again', async () => {
    watch();
    await eventually(() => values.length === 1);
    const listReads = sim.log.count({ method: 'GET', path: GROUP_CONTACTS });
    sim.removeFromPinnedGroup(ALICE, 'sip:SaraD@contoso.com');
    await eventually(() => !uris(values.at(-1)).includes('sip:SaraD@contoso.com'));
    expect(uris(values.at(-1))).toEqual(PINNED.filter((u) => u !== 'sip:SaraD@contoso.com'));
    expect(sim.log.count({ method: 'GET', path: GROUP_CONTACTS })).toBe(listReads);
  });

  it('follows a burst of changes in order', async () => {
    watch();
    await eventually(() => values.length === 1);
    sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    sim.addToPinnedGroup(ALICE, 'sip:niaj@contoso.com');
    sim.removeFromPinnedGroup(ALICE, 'sip:judy@contoso.com');
    sim.removeFromPinnedGroup(ALICE, 'sip:bob@contoso.com');
    const expected = ['sip:SaraD@contoso.com', 'sip:ChrisB@contoso.com', 'sip:AlexD@contoso.com', 'sip:DanaB@contoso.com', 'sip:niaj@contoso.com'];
    await eventually(() => uris(values.at(-1)).join() === expected.join());
  });

  it('reads everything again after a reset, catching up on changes it missed', async () => {
    watch();
    await eventually(() => values.length === 1);
    const listReads = sim.log.count({ method: 'GET', path: GROUP_CONTACTS });
    sim.forceResume();
    // the server dropped the subscription: this change produces no event
    sim.removeFromPinnedGroup(ALICE, 'sip:bob@contoso.com');
    await eventually(() => !uris(values.at(-1)).includes('sip:bob@contoso.com'));
    expect(sim.log.count({ method: 'GET', path: GROUP_CONTACTS })).toBe(listReads + 1);
    sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    await eventually(() => uris(values.at(-1)).includes('sip:judy@contoso.com'));
  });

  it('emits nothing new when a reset changed nothing', async () => {
    watch();
    await eventually(() => values.length === 1);
    const listReads = sim.log.count({ method: 'GET', path: GROUP_CONTACTS });
    sim.forceResume();
    await eventually(() => sim.log.count({ method: 'GET', path: GROUP_CONTACTS }) === listReads + 1);
    sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    await eventually(() => uris(values.at(-1)).includes('sip:judy@contoso.com'));
    expect(values).toHaveLength(2);
    expect(values[1]?.contacts.slice(0, PINNED.length)).toEqual(values[0]?.contacts);
    values[0]?.contacts.forEach((contact, i) => expect(values[1]?.contacts[i]).toBe(contact));
  });

  it('reads everything again on the new application after the old one expired', async () => {
    watch();
    await eventually(() => values.length === 1);
    sim.expireApplication();
    sim.addToPinnedGroup(ALICE, 'sip:judy@contoso.com');
    await eventually(() => uris(values.at(-1)).includes('sip:judy@contoso.com'));
    sim.removeFromPinnedGroup(ALICE, 'sip:judy@contoso.com');
    await eventually(() => !uris(values.at(-1)).includes('sip:judy@contoso.com'));
  });

  it('teaches presence$ where the pinned contacts are: no lookup of its own', async () => {
    watch();
    await eventually(() => values.length === 1);
    const presence = await firstValueFrom(client.presence$('sip:DanaB@contoso.com').pipe(filter((p) => p.availability !== undefined)));
    expect(presence).toMatchObject({ availability: 'DoNotDisturb' });
    expect(sim.log.count({ method: 'GET', path: /\/people\/contacts$/i })).toBe(0);
  });

  it('stops the contacts-and-groups subscription a grace period after pinnedGroup$ is left', async () => {
    subscriptions.push(client.events$.subscribe());
    const subscription = client.pinnedGroup$.subscribe((value) => values.push(value));
    await eventually(() => values.length === 1);
    subscription.unsubscribe();
    await eventually(() => sim.state().applications[0]?.contactsAndGroupsSubscription.state === 'Disconnected');
    expect(sim.log.count({ method: 'POST', path: 'stopSubscriptionToContactsAndGroups' })).toBe(1);
  });
});
