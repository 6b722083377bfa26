/* Test helpers: raw HTTP against the simulator (no client library), sign-in and applications. */
import { ManualClock, startSimulator, type Simulator, type SimulatorOptions } from '../../lib/simulator/index.js';

/** Parsed JSON bodies are navigated freely in tests. */
export type Json = any;

/** A response with its body read. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  readonly body: Json;
}

/** Request options. */
export interface RequestOptions {
  readonly method?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** A JSON body (sets Content-Type: application/json). */
  readonly json?: unknown;
  /** A raw body; give its Content-Type in headers. */
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/** Sends a request and reads the whole response. */
export async function http(url: string, options: RequestOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...(options.headers ?? {}) };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    get body(): Json {
      return JSON.parse(text);
    },
  };
}

/** Polls `condition` (real time) until true; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A simulator on a ManualClock. */
export interface Harness {
  readonly sim: Simulator;
  readonly clock: ManualClock;
  /** Advances the clock, settling the server between timers. */
  advance(ms: number): Promise<void>;
}

/** Starts a simulator on a ManualClock (extra options merged in). */
export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 9));
  const sim = await startSimulator({ clock, ...options });
  return { sim, clock, advance: (ms) => clock.advance(ms, sim.settle) };
}

/** Signs in with the password grant; returns the access token. */
export async function signIn(sim: Simulator, username = 'alice@contoso.com', password = 'password'): Promise<string> {
  const response = await http(`${sim.origin}/WebTicket/oauthtoken`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
  return response.body.access_token as string;
}

/** A signed-in application: raw HTTP helpers relative to the simulator. */
export class Session {
  /** @param sim the simulator; @param token bearer token; @param app the application resource. */
  constructor(
    readonly sim: Simulator,
    readonly token: string,
    readonly app: Json,
  ) {}

  /** The application's self href. */
  get appHref(): string {
    return this.app._links.self.href as string;
  }

  /** The application id. */
  get appId(): string {
    return this.appHref.split('/').pop() ?? '';
  }

  /** A link of the embedded people resource. */
  people(rel: string): string {
    return this.app._embedded.people._links[rel].href as string;
  }

  /** An absolute URL for an href (relative or absolute). */
  url(href: string): string {
    return new URL(href, this.sim.origin).toString();
  }

  /** GET. */
  get(href: string, options: RequestOptions = {}): Promise<HttpResult> {
    return http(this.url(href), { token: this.token, ...options });
  }

  /** POST with an optional JSON body. */
  post(href: string, json?: unknown, options: RequestOptions = {}): Promise<HttpResult> {
    return http(this.url(href), { token: this.token, method: 'POST', ...(json === undefined ? {} : { json }), ...options });
  }

  /** DELETE. */
  delete(href: string, options: RequestOptions = {}): Promise<HttpResult> {
    return http(this.url(href), { token: this.token, method: 'DELETE', ...options });
  }

  /** The events href for an ack and extra query parameters. */
  eventsHref(ack: number, query: Record<string, string | number> = {}): string {
    const params = new URLSearchParams({ ack: String(ack) });
    for (const [name, value] of Object.entries(query)) params.set(name, String(value));
    return `${this.appHref}/events?${params.toString()}`;
  }

  /** True while this application's P-GET is held. */
  isHeld(): boolean {
    return this.sim.state().applications.find((a) => a.id === this.appId)?.eventChannel.held ?? false;
  }

  /**
   * Sends a P-GET and waits until the server holds it or has answered; the response promise is
   * returned in a wrapper so it is not awaited yet.
   */
  async pget(ack: number, query: Record<string, string | number> = {}, options: RequestOptions = {}): Promise<{ response: Promise<HttpResult> }> {
    const response = this.get(this.eventsHref(ack, query), options);
    let done = false;
    response.then(
      () => (done = true),
      () => (done = true),
    );
    await until(() => done || this.isHeld());
    return { response };
  }

  /** All events of an event response, flattened across senders. */
  static events(body: Json): Json[] {
    return ((body.sender ?? []) as Json[]).flatMap((sender: Json) => sender.events as Json[]);
  }
}

/** Signs in and creates an application. */
export async function openSession(sim: Simulator, options: { user?: string; endpointId?: string } = {}): Promise<Session> {
  const token = await signIn(sim, options.user ?? 'alice@contoso.com');
  const response = await http(`${sim.origin}/ucwa/oauth/v1/applications`, {
    token,
    json: { userAgent: 'ucwa-rx-tests', endpointId: options.endpointId ?? 'tests', culture: 'en-US' },
  });
  if (response.status !== 201 && response.status !== 200) throw new Error(`application failed: ${response.status} ${response.text}`);
  return new Session(sim, token, response.body);
}

/** A short summary of an event for assertions: `type rel in-rel`. */
export function summary(event: Json): string {
  return [event.type, event.link.rel, event.in?.rel].filter((part) => part !== undefined).join(' ');
}
