/**
 * A minimal page for the browser test: signs in to the UCWA server named in the query string
 * (`?discovery=URL&contact=sip:...`, `&share=false` to keep tabs apart), shows the contact's availability, and exposes `close()`.
 * Bundled by esbuild for the browser; it imports only the browser entry.
 */
import { createUcwaClient, type ConnectionState, type ContactPresence } from '../../../lib/index.js';

/** What the test can call on the page. */
export interface PresencePage {
  /** Closes the client (deletes the application on the server). */
  close(): Promise<void>;
  /** `persisted` of each pageshow event: true when the page came back from the back/forward cache. */
  readonly pageShows: boolean[];
}

declare global {
  interface Window {
    /** Set once the page has started. */
    presencePage?: PresencePage;
  }
}

const params = new URLSearchParams(location.search);
const contact = params.get('contact') ?? 'sip:bob@contoso.com';
const element = (id: string): HTMLElement => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`#${id} is missing`);
  return found;
};

// Records each DELETE the page sends (kept in sessionStorage, which outlives a reload): whether it
// was a keepalive request, and where it went.
const pageFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = input instanceof Request ? input : undefined;
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  if (method === 'DELETE') {
    const url = new URL(request?.url ?? String(input), location.href);
    const deletes = JSON.parse(sessionStorage.getItem('deletes') ?? '[]') as unknown[];
    deletes.push({ keepalive: init?.keepalive ?? request?.keepalive ?? false, origin: url.origin, instanceId: url.searchParams.get('instanceId') });
    sessionStorage.setItem('deletes', JSON.stringify(deletes));
  }
  return pageFetch(input, init);
};

const client = createUcwaClient({
  discoveryUrl: params.get('discovery') ?? '',
  credentials: { username: params.get('user') ?? 'alice@contoso.com', password: params.get('password') ?? 'password' },
  gracePeriodMs: 50,
  share: params.get('share') === 'false' ? false : 'auto',
});

element('contact').textContent = contact;

const showPresence = (presence: ContactPresence): void => {
  const availability = element('availability');
  availability.textContent = presence.availability;
  availability.dataset['availability'] = presence.availability;
  element('activity').textContent = presence.activity ?? '';
};
const showConnection = (state: ConnectionState): void => {
  element('connection').textContent = state.status;
};

const connection = client.connectionState$.subscribe(showConnection);
const presence = client.presence$(contact).subscribe({
  next: showPresence,
  error: (error: unknown) => {
    element('error').textContent = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  },
});

const pageShows: boolean[] = [];
addEventListener('pageshow', (event) => pageShows.push(event.persisted));

window.presencePage = {
  pageShows,
  close: async () => {
    presence.unsubscribe();
    await client.close();
    connection.unsubscribe();
  },
};
