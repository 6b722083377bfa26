/**
 * The latency baseline: the least code that watches presence over UCWA with plain fetch.
 * Signs in, creates an application, subscribes the contacts (250 per subscription), then runs
 * its own P-GET loop and GETs each contactPresence href an event names. No validation, no
 * batching, no retries, no renewals (the benchmark is shorter than a subscription's life).
 */

/** Told of each presence read: the contact's lower-case SIP URI and its availability. */
export type PresenceListener = (uriKey: string, availability: string) => void;

/** A running hand-written client. */
export interface HandWrittenClient {
  /** Stops the P-GET loop and deletes the application. */
  close(): Promise<void>;
}

interface Links {
  readonly _links?: Readonly<Record<string, { readonly href: string }>>;
  readonly _embedded?: Readonly<Record<string, Links>>;
}

interface EventsBody extends Links {
  readonly sender?: readonly { readonly events?: readonly { readonly type: string; readonly link: { readonly rel: string; readonly href: string } }[] }[];
}

const href = (resource: Links, rel: string): string => {
  const link = resource._links?.[rel];
  if (!link) throw new Error(`hand-written client: no ${rel} link`);
  return link.href;
};

/** Runs at most `limit` tasks at a time (a browser-like connection budget for the GETs). */
function limiter(limit: number): (task: () => Promise<void>) => void {
  let running = 0;
  const queue: (() => Promise<void>)[] = [];
  const next = (): void => {
    const task = queue.shift();
    if (!task) return;
    running += 1;
    void task().finally(() => {
      running -= 1;
      next();
    });
  };
  return (task) => {
    queue.push(task);
    if (running < limit) next();
  };
}

/** Signs in as `user`, subscribes `uris` and reports every presence it reads to `listener`. */
export async function startHandWrittenClient(
  discoveryUrl: string,
  user: { readonly username: string; readonly password: string },
  uris: readonly string[],
  listener: PresenceListener,
): Promise<HandWrittenClient> {
  const root = (await (await fetch(discoveryUrl)).json()) as Links;
  const userUrl = new URL(href(root, 'user'), discoveryUrl).href;
  const challenge = await fetch(userUrl);
  await challenge.arrayBuffer();
  const tokenUrl = /MsRtcOAuth href="([^"]+)"/.exec(challenge.headers.get('www-authenticate') ?? '')?.[1];
  if (!tokenUrl) throw new Error('hand-written client: no MsRtcOAuth challenge');
  const form = new URLSearchParams({ grant_type: 'password', username: user.username, password: user.password });
  const token = (await (await fetch(tokenUrl, { method: 'POST', body: form })).json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${token.access_token}` };
  const userResource = (await (await fetch(userUrl, { headers })).json()) as Links;
  const applicationsUrl = new URL(href(userResource, 'applications'), userUrl).href;
  const created = await fetch(applicationsUrl, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ UserAgent: 'hand-written', EndpointId: `hand-written-${Date.now()}`, Culture: 'en-US' }),
  });
  const application = (await created.json()) as Links;
  const applicationUrl = new URL(href(application, 'self'), applicationsUrl).href;
  const people = application._embedded?.people;
  if (!people) throw new Error('hand-written client: no people');
  const subscriptionsUrl = new URL(href(people, 'presenceSubscriptions'), applicationUrl).href;
  for (let i = 0; i < uris.length; i += 250) {
    const response = await fetch(subscriptionsUrl, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ duration: 30, uris: uris.slice(i, i + 250) }),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`hand-written client: subscription failed with ${response.status}`);
  }

  const abort = new AbortController();
  const run = limiter(6);
  const readPresence = (url: string): void =>
    run(async () => {
      try {
        const presence = (await (await fetch(url, { headers, signal: abort.signal })).json()) as { availability?: string };
        const address = url.split('/').at(-2) ?? '';
        listener(`sip:${decodeURIComponent(address).toLowerCase().replace(/^sip:/, '')}`, presence.availability ?? 'Offline');
      } catch (error) {
        if (!abort.signal.aborted) throw error;
      }
    });
  let eventsUrl = new URL(href(application, 'events'), applicationUrl).href;
  const loop = (async () => {
    while (!abort.signal.aborted) {
      const body = (await (await fetch(eventsUrl, { headers, signal: abort.signal })).json()) as EventsBody;
      for (const sender of body.sender ?? []) {
        for (const event of sender.events ?? []) {
          if (event.link.rel === 'contactPresence' && event.type === 'updated') readPresence(new URL(event.link.href, eventsUrl).href);
        }
      }
      const links = body._links ?? {};
      const next = links.next ?? links.resume ?? links.resync;
      if (!next) throw new Error('hand-written client: no next link');
      eventsUrl = new URL(next.href, eventsUrl).href;
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) throw error;
  });

  return {
    close: async () => {
      abort.abort();
      await loop;
      await (await fetch(applicationUrl, { method: 'DELETE', headers })).arrayBuffer();
    },
  };
}
