/**
 * The floor of the first-values benchmark: the same requests the library needs, sent by the
 * least code that can send them with plain fetch, one after the other where one needs the
 * answer of another and side by side where not. No validation, no retries, no recovery.
 */

interface Links {
  readonly _links?: Readonly<Record<string, { readonly href: string }>>;
  readonly _embedded?: Readonly<Record<string, Links | readonly Links[]>>;
}

const href = (resource: Links, rel: string): string => {
  const link = resource._links?.[rel];
  if (!link) throw new Error(`first-values floor: no ${rel} link`);
  return link.href;
};

/** Counts the requests a fetch sends (P-GETs aside). */
export interface CountingFetch {
  readonly fetch: typeof fetch;
  /** Requests sent so far, P-GETs aside. */
  count(): number;
}

/** A fetch that counts what it sends, except P-GETs (GETs of `/events`). */
export function countingFetch(): CountingFetch {
  let sent = 0;
  return {
    fetch: (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!new URL(url).pathname.endsWith('/events')) sent += 1;
      return fetch(input, init);
    },
    count: () => sent,
  };
}

/** A signed-in hand-written client with its P-GET loop running and one presence subscription. */
export interface FloorClient {
  /** Adds `uris` to the subscription and reads their presence (one GET, or one batch); resolves with the availabilities. */
  add(uris: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Signs in, creates an application, subscribes `uris` (created with them) and reads their
 * presence: the cold start. Resolves once every value was read, with the client.
 */
export async function startFloorClient(
  discoveryUrl: string,
  user: { readonly username: string; readonly password: string },
  uris: readonly string[],
  http: typeof fetch = fetch,
): Promise<{ readonly client: FloorClient; readonly availabilities: string[] }> {
  const root = (await (await http(discoveryUrl)).json()) as Links;
  const userUrl = new URL(href(root, 'user'), discoveryUrl).href;
  const challenge = await http(userUrl);
  await challenge.arrayBuffer();
  const tokenUrl = /MsRtcOAuth href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1];
  if (!tokenUrl) throw new Error('first-values floor: no MsRtcOAuth challenge');
  const form = new URLSearchParams({ grant_type: 'password', username: user.username, password: user.password });
  const token = (await (await http(tokenUrl, { method: 'POST', body: form })).json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${token.access_token}` };
  const json = { ...headers, 'Content-Type': 'application/json' };
  const userResource = (await (await http(userUrl, { headers })).json()) as Links;
  const applicationsUrl = new URL(href(userResource, 'applications'), userUrl).href;
  const created = await http(applicationsUrl, { method: 'POST', headers: json, body: JSON.stringify({ userAgent: 'floor', endpointId: `floor-${Math.random()}`, culture: 'en-US' }) });
  const application = (await created.json()) as Links;
  const applicationUrl = new URL(href(application, 'self'), applicationsUrl).href;
  const people = application._embedded?.['people'] as Links | undefined;
  if (!people) throw new Error('first-values floor: no people');
  const at = (path: string): string => new URL(path, applicationUrl).href;

  // The event channel, as any client runs it (not on the way to the values).
  const abort = new AbortController();
  let eventsUrl = at(href(application, 'events'));
  const loop = (async () => {
    while (!abort.signal.aborted) {
      const body = (await (await http(eventsUrl, { headers, signal: abort.signal })).json()) as Links;
      const links = body._links ?? {};
      const next = links['next'] ?? links['resume'] ?? links['resync'];
      if (!next) throw new Error('first-values floor: no next link');
      eventsUrl = new URL(next.href, eventsUrl).href;
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });

  // myContacts (where each presence is) beside the creation of the subscription.
  const [contacts, subscription] = await Promise.all([
    http(at(href(people, 'myContacts')), { headers }).then((r) => r.json() as Promise<Links>),
    http(at(href(people, 'presenceSubscriptions')), { method: 'POST', headers: json, body: JSON.stringify({ duration: 30, uris }) }).then((r) => r.json() as Promise<Links>),
  ]);
  const presenceOf = new Map<string, string>();
  for (const contact of (contacts._embedded?.['contact'] ?? []) as readonly (Links & { uri?: string })[]) {
    if (contact.uri) presenceOf.set(contact.uri.toLowerCase(), at(href(contact, 'contactPresence')));
  }
  const batchUrl = at(href(application, 'batch'));

  const read = async (wanted: readonly string[]): Promise<string[]> => {
    const hrefs = wanted.map((uri) => presenceOf.get(uri.toLowerCase()) ?? '');
    if (hrefs.length === 1) {
      const presence = (await (await http(hrefs[0] as string, { headers })).json()) as { availability?: string };
      return [presence.availability ?? 'Offline'];
    }
    const boundary = 'floor-boundary';
    const parts = hrefs.map((url) => {
      const target = new URL(url);
      return `--${boundary}\r\nContent-Type: application/http; msgtype=request\r\n\r\nGET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nAccept: application/json\r\n\r\n\r\n`;
    });
    const response = await http(batchUrl, { method: 'POST', headers: { ...headers, 'Content-Type': `multipart/batching;boundary=${boundary}` }, body: `${parts.join('')}--${boundary}--\r\n` });
    const text = await response.text();
    return [...text.matchAll(/"availability":"([^"]+)"/g)].map((match) => match[1] as string);
  };

  const addUrl = at(href(subscription, 'addToPresenceSubscription'));
  const client: FloorClient = {
    add: async (more) => {
      const added = await http(addUrl, { method: 'POST', headers: json, body: JSON.stringify({ contactUris: more }) });
      await added.arrayBuffer();
      return read(more);
    },
    close: async () => {
      abort.abort();
      await loop;
      await (await http(applicationUrl, { method: 'DELETE', headers })).arrayBuffer();
    },
  };
  return { client, availabilities: await read(uris) };
}
