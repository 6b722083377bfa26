import ky from 'ky';
import { Observable } from 'rxjs';
import { DecodeError } from '../errors/decode-error.js';
import { isUcwaError } from '../errors/guards.js';
import { redactText, redactUrl } from '../errors/redact.js';
import { SignInError } from '../errors/sign-in-error.js';
import { NetworkError, RefusedOriginError } from '../errors/transport-errors.js';
import { systemClock, type Clock } from '../time/clock.js';
import type { Authenticator } from './auth/authenticator.js';
import { parseOAuthChallenge } from './auth/challenge.js';
import { httpErrorFromResponse } from './error-from-response.js';
import { exchangeFailure, readBodyWithin, type FailedExchange } from './exchange-failure.js';
import { bytesWithin, headersWithin } from './within-deadline.js';
import { resolveHref, withQuery, type QueryValues } from './href.js';
import { timedSignal } from './request-timeout.js';
import { signalFetch } from './signal-fetch.js';

/** HTTP methods UCWA uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request, described as data. Nothing is sent until the Observable is subscribed. */
export interface HttpRequest {
  /** GET, POST, PUT or DELETE. */
  readonly method: HttpMethod;
  /** The href as the server gave it: absolute, or relative to `base`. */
  readonly href: string;
  /** URL of the resource that carried `href`; relative hrefs resolve against it. */
  readonly base?: string | URL | undefined;
  /** Query parameters to add (server-supplied ones are kept). */
  readonly query?: QueryValues | undefined;
  /** A JSON body. */
  readonly json?: unknown;
  /** A raw body with its `contentType`. */
  readonly body?: string | undefined;
  /** Content-Type of `body`. */
  readonly contentType?: string | undefined;
  /** Accept header; `application/json` by default. */
  readonly accept?: string | undefined;
  /** Client-side timeout in ms; a long poll raises it above the server's hold time. */
  readonly timeoutMs?: number | undefined;
  /** Send without credentials and without the origin check (autodiscovery root and redirect only). */
  readonly anonymous?: boolean | undefined;
  /** Read a 2xx body as bytes (`HttpResponse.bytes`) rather than text: images. */
  readonly binary?: boolean | undefined;
  /** Let the request outlive the page (`fetch` keepalive): for the DELETE sent on pagehide. */
  readonly keepalive?: boolean | undefined;
}

/** A 2xx response, read in full. */
export interface HttpResponse {
  readonly status: number;
  /** The resolved request URL: the base for hrefs in the body. */
  readonly url: string;
  readonly headers: Headers;
  readonly contentType: string;
  readonly text: string;
  /** The parsed body when it is JSON; undefined when empty or not JSON. */
  readonly json: unknown;
  /** The body as bytes, for a `binary` request (`text` is then empty). */
  readonly bytes?: Uint8Array | undefined;
}

/** Options of {@link createTransport}. */
export interface TransportOptions {
  readonly auth: Authenticator;
  readonly clock?: Clock | undefined;
  /** The fetch implementation (defaults to the global one). */
  readonly fetch?: typeof fetch | undefined;
  /** Default client-side timeout, ms (30 s). */
  readonly timeoutMs?: number | undefined;
  /** Called after every response or failure: for counting round trips and logging. Never sees credentials. */
  readonly onExchange?: ((exchange: ExchangeRecord) => void) | undefined;
}

/** What {@link UcwaClientOptions.onExchange} sees of one HTTP exchange. */
export interface ExchangeRecord {
  /** Request method. */
  readonly method: HttpMethod;
  /** Redacted URL. */
  readonly url: string;
  /** Status, or 0 when no response arrived. */
  readonly status: number;
  /** Time from sending to the response (or the failure), ms, on the client's clock. */
  readonly durationMs: number;
}

/** A function that performs a request as an Observable (the transport's, or one with retries around it). */
export type Requester = (request: HttpRequest) => Observable<HttpResponse>;

/** Sends UCWA requests as Observables: lazy, cancellable, authenticated, origin-guarded. */
export interface Transport {
  /** Performs `request` on subscription; unsubscribing aborts it while in flight. Errors are UcwaErrors. */
  readonly request: Requester;
  /** The credentials in use. */
  readonly auth: Authenticator;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Creates the ky-based transport; ky's own retry is off, RxJS operators own every retry. */
export function createTransport(options: TransportOptions): Transport {
  const clock = options.clock ?? systemClock;
  const client = ky.create({
    retry: 0,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  /** One HTTP exchange: the response with its headers, its body still to be read within `exchange.attempt`'s deadline. */
  interface Sent {
    readonly response: Response;
    readonly exchange: FailedExchange;
  }

  async function send(request: HttpRequest, url: URL, token: string | undefined, controller: AbortController): Promise<Sent> {
    const headers: Record<string, string> = { Accept: request.accept ?? 'application/json' };
    if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.body !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'text/plain';
      body = request.body;
    }
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = clock.now();
    // Redacted only when something reads it (an error, a log line): most requests never need it.
    let redacted: string | undefined;
    const redactedUrl = (): string => (redacted ??= redactUrl(url.toString(), [token]));
    // One deadline for the headers and the body: it is cleared once the body is read.
    const exchange: FailedExchange = {
      method: request.method,
      get url() {
        return redactedUrl();
      },
      timeoutMs,
      attempt: timedSignal(clock, controller, timeoutMs),
    };
    const record = (status: number): ExchangeRecord => ({
      method: request.method,
      get url() {
        return redactedUrl();
      },
      status,
      durationMs: clock.now() - started,
    });
    try {
      const { signal: attempt } = exchange.attempt;
      // ky gets no signal: the fetch below carries ours (see signalFetch), and a signal given to
      // ky would only be joined to ky's own with AbortSignal.any, on every request.
      const fetching = client(url, {
        method: request.method,
        headers,
        body,
        timeout: false,
        fetch: signalFetch(options.fetch, attempt, body),
        ...(request.keepalive ? { keepalive: true } : {}),
      });
      const response = await headersWithin(fetching, attempt);
      options.onExchange?.(record(response.status));
      return { response, exchange };
    } catch (error) {
      exchange.attempt.clear();
      options.onExchange?.(record(0));
      if (controller.signal.aborted && !exchange.attempt.timedOut()) throw error;
      throw exchangeFailure(error, exchange);
    }
  }

  /** Drops a body that will not be read and stops its deadline. */
  async function discard(sent: Sent): Promise<void> {
    await sent.response.body?.cancel().catch(() => undefined);
    sent.exchange.attempt.clear();
  }

  async function perform(request: HttpRequest, controller: AbortController): Promise<HttpResponse> {
    const { signal } = controller;
    const auth = options.auth;
    const base = request.base ?? auth.boundOrigin;
    if (base === undefined && !/^https?:/i.test(request.href)) {
      throw new RefusedOriginError('(relative)', '(none)', request.method);
    }
    const resolved = resolveHref(request.href, base ?? request.href);
    const url = request.query ? withQuery(resolved, request.query) : resolved;
    if (!request.anonymous) {
      auth.bind(url.origin);
      if (auth.boundOrigin !== url.origin) throw new RefusedOriginError(url.origin, auth.boundOrigin ?? '', request.method);
    }
    let token = request.anonymous ? undefined : await auth.token();
    // The tokens sent with this request: removed by value from anything that reaches an error.
    const secrets = [token];
    const redact = (text: string): string => redactText(text, secrets);
    let sent = await send(request, url, token, controller);
    if (sent.response.status === 401 && !request.anonymous) {
      const challenge = parseOAuthChallenge(sent.response.headers.get('www-authenticate'));
      await discard(sent);
      token = await auth.renew(token, challenge, url.toString());
      secrets.push(token);
      sent = await send(request, url, token, controller);
      if (sent.response.status === 401) {
        const diagnostics = sent.response.headers.get('x-ms-diagnostics') ?? undefined;
        await discard(sent);
        throw new SignInError('unauthorized', `${request.method} ${redactUrl(url.toString(), secrets)} was refused after a fresh token`, 401, diagnostics === undefined ? undefined : redact(diagnostics));
      }
    }
    const { response } = sent;
    const bytes = request.binary && response.ok ? await readBodyWithin(response, sent.exchange, signal, bytesWithin) : undefined;
    const text = bytes ? '' : await readBodyWithin(response, sent.exchange, signal);
    const redacted = (): string => redactUrl(url.toString(), secrets);
    if (!response.ok) throw httpErrorFromResponse({ status: response.status, headers: response.headers, text }, request.method, redacted(), clock.now(), redact);
    const contentType = response.headers.get('content-type') ?? '';
    let json: unknown;
    if (text.trim() !== '' && /json/i.test(contentType)) {
      try {
        json = JSON.parse(text);
      } catch {
        throw new DecodeError(`${request.method} response`, [], 'malformedJson', redacted());
      }
    }
    return { status: response.status, url: url.toString(), headers: response.headers, contentType, text, json, bytes };
  }

  return {
    auth: options.auth,
    request: (request) =>
      new Observable<HttpResponse>((subscriber) => {
        // The request's one controller: unsubscribing aborts it, and so does its deadline.
        const controller = new AbortController();
        let settled = false;
        let cancelled = false;
        perform(request, controller).then(
          (response) => {
            settled = true;
            subscriber.next(response);
            subscriber.complete();
          },
          (error: unknown) => {
            settled = true;
            if (cancelled) return;
            subscriber.error(isUcwaError(error) ? error : new NetworkError(request.method, redactUrl(request.href), redactText(String(error))));
          },
        );
        return () => {
          if (settled) return;
          cancelled = true;
          controller.abort();
        };
      }),
  };
}
