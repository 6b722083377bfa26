/*
 * The example requests and responses of seed pages 000 (startOrRefreshSubscriptionToContactsAndGroups),
 * 001 (myContactsAndGroupsSubscription) and 004 (pinnedGroup), served verbatim by a test server:
 * requests must go out as the pages show them, responses must decode to the documented fields.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import { createClientContext } from '../../lib/client-context.js';
import type { ClientContext } from '../../lib/client-context.js';
import { ContactIndex } from '../../lib/resources/contacts-and-groups/contact-index.js';
import { ContactsAndGroupsSubscriptionOperations } from '../../lib/resources/contacts-and-groups/subscription-operations.js';
import { toGroup } from '../../lib/resources/groups/group.js';
import { Groups } from '../../lib/resources/groups/groups.js';
import { sendJson, startTestServer, type SeenRequest, type TestServer } from '../support/test-server.js';

const TOKEN = 'cwt=PHNhbWw6QXNzZXJ0aW9uIHhtbG5';

/** Seed 000's JSON response (201 Created). */
const SEED_000 = {
  rel: 'myContactsAndGroupsSubscription',
  state: 'Connecting',
  _links: {
    self: { href: '//v1/applications/833/people/myContactsAndGroupsSubscription' },
    startOrRefreshSubscriptionToContactsAndGroups: { href: '//v1/applications/833/people/myContactsAndGroupsSubscription/startOrRefreshSubscriptionToContactsAndGroups' },
    stopSubscriptionToContactsAndGroups: { href: '//v1/applications/833/people/myContactsAndGroupsSubscription/stopSubscriptionToContactsAndGroups' },
  },
};

/** Seed 001's JSON response (200 OK). */
const SEED_001 = {
  rel: 'myContactsAndGroupsSubscription',
  state: 'Connecting',
  _links: {
    self: { href: '/ucwa/v1/applications/192/people/myContactsAndGroupsSubscription' },
    startOrRefreshSubscriptionToContactsAndGroups: { href: '/ucwa/v1/applications/192/people/myContactsAndGroupsSubscription/startOrRefreshSubscriptionToContactsAndGroups' },
    stopSubscriptionToContactsAndGroups: { href: '/ucwa/v1/applications/192/people/myContactsAndGroupsSubscription/stopSubscriptionToContactsAndGroups' },
  },
};

/** Seed 004's JSON response (200 OK). */
const SEED_004 = {
  rel: 'pinnedGroup',
  id: '7',
  name: 'MyPersonalGroup',
  _links: {
    self: { href: '/ucwa/v1/applications/192/groups/pinnedGroup' },
    groupContacts: { href: '/ucwa/v1/applications/192/contacts' },
    subscribeToGroupPresence: { href: '/ucwa/v1/applications/192/groups/group/subscribeToGroupPresence' },
  },
};

const contactLinks = (id: string) =>
  Object.fromEntries(
    ['self', 'contactLocation', 'contactNote', 'contactPhoto', 'contactPresence', 'contactPrivacyRelationship', 'contactSupportedModalities'].map((rel) => [
      rel,
      { href: `/ucwa/v1/applications/192/people/${id}${rel === 'self' ? '' : `/${rel}`}` },
    ]),
  );

/** groupContacts_ref.md's response: contact 282 embedded, 608 only linked. */
const GROUP_CONTACTS = {
  rel: 'groupContacts',
  _links: { self: { href: '/ucwa/v1/applications/192/contacts' }, contact: [{ href: '/ucwa/v1/applications/192/people/608' }] },
  _embedded: {
    contact: [
      {
        rel: 'contact',
        company: 'Contoso Corp.',
        department: 'Engineering',
        emailAddresses: ['Alex.Doe@contoso.com'],
        homePhoneNumber: 'tel:+19185550107',
        sourceNetworkIconUrl: 'https://images.contoso.com/logo_16x16.png',
        mobilePhoneNumber: 'tel:4255551212;phone-context=defaultprofile',
        name: 'Alex Doe',
        office: 'tel:+1425554321;ext=54321',
        otherPhoneNumber: 'tel:+19195558194',
        sourceNetwork: 'SameEnterprise',
        title: 'Engineer 2',
        type: 'User',
        uri: 'sip:alex@contoso.com',
        workPhoneNumber: 'tel:+1425554321;ext=54321',
        _links: contactLinks('282'),
      },
    ],
  },
};

/** subscribeToGroupPresence_ref.md's response (201 Created). */
const GROUP_PRESENCE = {
  rel: 'presenceSubscription',
  id: '3',
  _links: {
    self: { href: '/ucwa/v1/applications/192/presenceSubscription' },
    addToPresenceSubscription: { href: '/ucwa/v1/applications/192/presenceSubscription/addToPresenceSubscription' },
    memberships: { href: '/ucwa/v1/applications/192/presenceSubscription/memberships' },
  },
};

let server: TestServer;
let context: ClientContext;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const route = `${req.method} ${req.url}`;
    const people = '/ucwa/v1/applications/192/people';
    if (route === `GET ${people}/myContactsAndGroupsSubscription`) return sendJson(res, 200, SEED_001);
    if (route.startsWith(`POST ${people}/myContactsAndGroupsSubscription/startOrRefreshSubscriptionToContactsAndGroups?`)) return sendJson(res, 201, SEED_000);
    if (route.startsWith('POST /v1/applications/833/people/myContactsAndGroupsSubscription/startOrRefreshSubscriptionToContactsAndGroups?')) {
      return sendJson(res, 200, { ...SEED_000, state: 'Connected' });
    }
    if (route === 'GET /v1/applications/833/people/myContactsAndGroupsSubscription') return sendJson(res, 200, { ...SEED_000, state: 'Connected' });
    if (route === 'POST /v1/applications/833/people/myContactsAndGroupsSubscription/stopSubscriptionToContactsAndGroups') {
      res.writeHead(204).end();
      return;
    }
    if (route === 'GET /ucwa/v1/applications/192/groups/pinnedGroup') return sendJson(res, 200, SEED_004);
    if (route === 'GET /ucwa/v1/applications/192/contacts') return sendJson(res, 200, GROUP_CONTACTS);
    if (route === `GET ${people}/608`) {
      return sendJson(res, 200, { rel: 'contact', uri: 'sip:SaraD@contoso.com', name: 'Sara Davis', type: 'User', _links: contactLinks('608') });
    }
    if (route.startsWith('POST /ucwa/v1/applications/192/groups/group/subscribeToGroupPresence?')) return sendJson(res, 201, GROUP_PRESENCE);
    return sendJson(res, 404, { code: 'NotFound', subcode: 'ResourceNotFound' });
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  context = createClientContext({ discoveryUrl: `${server.origin}/autodiscover/autodiscoverservice.svc/root`, token: TOKEN });
});

function expectSeedHeaders(request: SeenRequest | undefined): void {
  expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(request?.headers.accept).toBe('application/json');
  expect(request?.body).toBe('');
}

describe('seed 001: GET myContactsAndGroupsSubscription', () => {
  it('goes out as the page shows and decodes state and links', async () => {
    const operations = new ContactsAndGroupsSubscriptionOperations(context.send, context.session);
    const known = { value: { _links: { self: { href: SEED_001._links.self.href } } }, url: `${server.origin}/ucwa/v1/applications/192/people` };
    const read = await firstValueFrom(operations.get(known));
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /ucwa/v1/applications/192/people/myContactsAndGroupsSubscription']);
    expectSeedHeaders(server.requests[0]);
    expect(read.value).toEqual(SEED_001);
    expect(read.value.state).toBe('Connecting');
  });
});

describe('seed 000: POST startOrRefreshSubscriptionToContactsAndGroups', () => {
  it('POSTs ?duration=N with no body, decodes 201 Connecting, and follows the //v1 hrefs on the same origin', async () => {
    const operations = new ContactsAndGroupsSubscriptionOperations(context.send, context.session);
    const seed001 = { value: SEED_001, url: `${server.origin}/ucwa/v1/applications/192/people/myContactsAndGroupsSubscription` };
    const started = await firstValueFrom(operations.startOrRefresh(seed001, 60));
    expect(started.value).toEqual(SEED_000);
    // the seed's own request: its //v1/... href is a path on the same origin
    const refreshed = await firstValueFrom(operations.startOrRefresh(started, 60));
    expect(refreshed.value.state).toBe('Connected');
    const again = await firstValueFrom(operations.get(refreshed));
    expect(again.value.state).toBe('Connected');
    await firstValueFrom(operations.stop(again), { defaultValue: undefined });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /ucwa/v1/applications/192/people/myContactsAndGroupsSubscription/startOrRefreshSubscriptionToContactsAndGroups?duration=60',
      'POST /v1/applications/833/people/myContactsAndGroupsSubscription/startOrRefreshSubscriptionToContactsAndGroups?duration=60',
      'GET /v1/applications/833/people/myContactsAndGroupsSubscription',
      'POST /v1/applications/833/people/myContactsAndGroupsSubscription/stopSubscriptionToContactsAndGroups',
    ]);
    for (const request of server.requests) expectSeedHeaders(request);
    expect(server.requests.every((r) => r.headers.host === new URL(server.origin).host)).toBe(true);
  });

  it.each([9, 61])('refuses duration %i with a typed error and sends nothing', async (duration) => {
    const operations = new ContactsAndGroupsSubscriptionOperations(context.send, context.session);
    const seed001 = { value: SEED_001, url: `${server.origin}/ucwa/v1/applications/192/people/myContactsAndGroupsSubscription` };
    await expect(firstValueFrom(operations.startOrRefresh(seed001, duration))).rejects.toMatchObject({ kind: 'invalidArgument', argument: 'duration', actual: String(duration) });
    expect(server.requests).toHaveLength(0);
  });
});

describe('seed 004: GET pinnedGroup', () => {
  function groups(): Groups {
    return new Groups(context.send, context.fetcher, context.session, new ContactIndex(context.session));
  }

  it('goes out as the page shows and decodes id, name and links; then its contacts and group presence', async () => {
    const reader = groups();
    const known = toGroup({ value: { _links: { self: { href: SEED_004._links.self.href } } }, url: `${server.origin}/ucwa/v1/applications/192/groups` }, 'pinnedGroup');
    const group = await firstValueFrom(reader.group(known));
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /ucwa/v1/applications/192/groups/pinnedGroup']);
    expectSeedHeaders(server.requests[0]);
    expect(group).toMatchObject({ kind: 'pinnedGroup', id: '7', name: 'MyPersonalGroup' });
    expect(group.resource.value).toEqual(SEED_004);

    const contacts = await firstValueFrom(reader.contacts(group));
    expect(contacts.map((c) => c.uri)).toEqual(['sip:alex@contoso.com', 'sip:SaraD@contoso.com']);
    expect(contacts[0]).toEqual({
      uri: 'sip:alex@contoso.com',
      name: 'Alex Doe',
      title: 'Engineer 2',
      department: 'Engineering',
      company: 'Contoso Corp.',
      office: 'tel:+1425554321;ext=54321',
      emailAddresses: ['Alex.Doe@contoso.com'],
      workPhoneNumber: 'tel:+1425554321;ext=54321',
      mobilePhoneNumber: 'tel:4255551212;phone-context=defaultprofile',
      homePhoneNumber: 'tel:+19185550107',
      otherPhoneNumber: 'tel:+19195558194',
      type: 'User',
      sourceNetwork: 'SameEnterprise',
      sourceNetworkIconUrl: 'https://images.contoso.com/logo_16x16.png',
    });

    const subscription = await firstValueFrom(reader.subscribeToGroupPresence(group, 30));
    expect(subscription.value).toEqual(GROUP_PRESENCE);
    expect(server.requests.map((r) => `${r.method} ${r.url}`).slice(1)).toEqual([
      'GET /ucwa/v1/applications/192/contacts',
      'GET /ucwa/v1/applications/192/people/608',
      'POST /ucwa/v1/applications/192/groups/group/subscribeToGroupPresence?duration=30&groupId=7',
    ]);
  });
});
