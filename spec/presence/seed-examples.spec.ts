/*
 * The example requests and responses of seed pages 002 (presenceSubscriptions) and 003
 * (presenceSubscription), served verbatim by a test server: requests must go out as the pages
 * show them, responses must decode to the documented fields.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import { createUcwaClient, type UcwaClient } from '../../lib/client.js';
import { sendJson, startTestServer, type SeenRequest, type TestServer } from '../support/test-server.js';

const TOKEN = 'cwt=PHNhbWw6QXNzZXJ0aW9uIHhtbG5...uZm8';
const APP = '/ucwa/v1/applications/192';

/** The presenceSubscription of seeds 002 and 003 (id 3). */
const SUBSCRIPTION = {
  rel: 'presenceSubscription',
  id: '3',
  _links: {
    self: { href: `${APP}/presenceSubscription` },
    addToPresenceSubscription: { href: `${APP}/presenceSubscription/addToPresenceSubscription` },
    memberships: { href: `${APP}/presenceSubscription/memberships` },
  },
};

/** Seed 002's GET response: the collection with the subscription embedded. */
const COLLECTION = {
  rel: 'presenceSubscriptions',
  _links: { self: { href: `${APP}/presenceSubscriptions` } },
  _embedded: { presenceSubscription: [SUBSCRIPTION] },
};

let server: TestServer;
let client: UcwaClient;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const route = `${req.method} ${req.url}`;
    const o = server.origin;
    if (route === 'GET /autodiscover/autodiscoverservice.svc/root') return sendJson(res, 200, { _links: { user: { href: `${o}/autodiscover/autodiscoverservice.svc/root/user` } } });
    if (route === 'GET /autodiscover/autodiscoverservice.svc/root/user') return sendJson(res, 200, { _links: { applications: { href: '/ucwa/v1/applications' } } });
    if (route === 'POST /ucwa/v1/applications') {
      return sendJson(res, 201, {
        rel: 'application',
        _links: { self: { href: APP }, events: { href: `${APP}/events?ack=1` }, batch: { href: `${APP}/batch` } },
        _embedded: { people: { rel: 'people', _links: { self: { href: `${APP}/people` }, presenceSubscriptions: { href: `${APP}/presenceSubscriptions` } } } },
      });
    }
    if (route === `GET ${APP}/presenceSubscriptions`) return sendJson(res, 200, COLLECTION);
    if (route === `POST ${APP}/presenceSubscriptions`) return sendJson(res, 201, SUBSCRIPTION);
    if (route === `GET ${APP}/presenceSubscription`) return sendJson(res, 200, SUBSCRIPTION);
    if (route.startsWith(`POST ${APP}/presenceSubscription?`)) return sendJson(res, 201, SUBSCRIPTION);
    if (route === `DELETE ${APP}/presenceSubscription`) {
      res.writeHead(204).end();
      return;
    }
    if (route === `DELETE ${APP}`) {
      res.writeHead(204).end();
      return;
    }
    return sendJson(res, 404, { code: 'NotFound', subcode: 'ResourceNotFound' });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  client = createUcwaClient({ discoveryUrl: `${server.origin}/autodiscover/autodiscoverservice.svc/root`, token: TOKEN, gracePeriodMs: 0 });
});

/** The seed's request lines and headers, after the sign-in and application requests. */
const seedRequests = (): SeenRequest[] => server.requests.filter((r) => r.url.startsWith(`${APP}/presenceSubscription`));

function expectSeedHeaders(request: SeenRequest | undefined, withBody: boolean): void {
  expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(request?.headers.accept).toBe('application/json');
  if (withBody) expect(request?.headers['content-type']).toBe('application/json');
  else expect(request?.body).toBe('');
}

describe('seed 002: presenceSubscriptions', () => {
  it('GET returns the collection with the embedded presenceSubscription', async () => {
    const list = await firstValueFrom(client.presenceSubscriptions.list());
    expect(seedRequests().map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${APP}/presenceSubscriptions`]);
    expectSeedHeaders(seedRequests()[0], false);
    expect(list.map((s) => s.value)).toEqual([SUBSCRIPTION]);
    expect(list[0]?.url).toBe(`${server.origin}${APP}/presenceSubscriptions`);
    await client.close();
  });

  it('POST {duration, uris} creates a subscription (201) with id and links', async () => {
    const created = await firstValueFrom(client.presenceSubscriptions.create(['sip:johndoe@contoso.com', 'janedoe@contoso.com'], 15));
    const post = seedRequests()[0];
    expect(`${post?.method} ${post?.url}`).toBe(`POST ${APP}/presenceSubscriptions`);
    expectSeedHeaders(post, true);
    expect(JSON.parse(post?.body ?? '')).toEqual({ duration: 15, uris: ['sip:johndoe@contoso.com', 'sip:janedoe@contoso.com'] });
    expect(created.value).toEqual(SUBSCRIPTION);
    await client.close();
  });

  it.each([9, 31, 15.5])('refuses duration %s before sending anything', async (duration) => {
    await expect(firstValueFrom(client.presenceSubscriptions.create(['sip:johndoe@contoso.com'], duration))).rejects.toMatchObject({
      kind: 'invalidArgument',
      argument: 'duration',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a malformed URI before sending anything', async () => {
    await expect(firstValueFrom(client.presenceSubscriptions.create(['"sip : johndoe@contoso.com"'], 15))).rejects.toMatchObject({
      kind: 'invalidArgument',
      argument: 'uri',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('seed 003: presenceSubscription', () => {
  it('GET, POST ?duration (extend), DELETE', async () => {
    const [subscription] = await firstValueFrom(client.presenceSubscriptions.list());
    if (!subscription) throw new Error('no subscription');
    server.requests.length = 0;
    const read = await firstValueFrom(client.presenceSubscriptions.get(subscription));
    const extended = await firstValueFrom(client.presenceSubscriptions.extend(read, 11));
    await firstValueFrom(client.presenceSubscriptions.delete(extended), { defaultValue: undefined });
    expect(seedRequests().map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${APP}/presenceSubscription`,
      `POST ${APP}/presenceSubscription?duration=11`,
      `DELETE ${APP}/presenceSubscription`,
    ]);
    expectSeedHeaders(seedRequests()[0], false);
    expectSeedHeaders(seedRequests()[1], false);
    expect(seedRequests()[2]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(read.value).toEqual(SUBSCRIPTION);
    expect(extended.value).toMatchObject({ id: '3', rel: 'presenceSubscription' });
    await expect(firstValueFrom(client.presenceSubscriptions.extend(read, 31))).rejects.toMatchObject({ kind: 'invalidArgument', argument: 'duration' });
    await client.close();
  });
});
