import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../time/clock.js';
import { ADMIN_PREFIX } from '../app/urls.js';
import type { TokenStore } from '../auth/tokens.js';
import { corruptBody, htmlErrorPage, statusFaultReply } from '../control/fault-responses.js';
import type { FaultInjector } from '../control/faults.js';
import type { RequestLog } from '../control/request-log.js';
import type { ResolvedOptions } from '../options.js';
import type { OutstandingRequests } from '../routes/services.js';
import { ActivityTracker } from './activity.js';
import { adminRequestAllowed, corsHeaders, isPreflight, preflightHeaders } from './cors.js';
import { errorReply } from './errors.js';
import { renderReply } from './render.js';
import { readBody } from './request-body.js';
import { resolveRequestTarget } from './request-target.js';
import type { HeaderMap, Reply, SimRequest, SimResponse } from './types.js';

/** What the HTTP front end hands requests to. */
export interface HttpServerDeps {
  readonly options: ResolvedOptions;
  readonly clock: Clock;
  readonly tokens: TokenStore;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly outstanding: OutstandingRequests;
  /** Handles UCWA requests. */
  dispatch(request: SimRequest): Promise<Reply>;
  /** Handles `/_simulator/...` admin requests. */
  admin(request: SimRequest): Promise<Reply> | Reply;
}

function headerMap(req: IncomingMessage): HeaderMap {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const isEventsPath = (path: string): boolean => /\/events\/?$/i.test(path);

/** The admin API's answer to a browser page it does not trust (see `CorsOptions.admin`). */
const CROSS_ORIGIN_ADMIN: Reply = {
  kind: 'json',
  status: 403,
  body: { error: 'cross-origin requests to the admin API are refused; allow the origin with the cors.admin option (CLI: --cors-admin)' },
};

/**
 * The simulator's HTTP front end: CORS, the admin API, fault injection, the outstanding-request
 * limit, the request log and idle tracking around the UCWA router.
 */
export class SimulatorHttpServer {
  private readonly server: Server;
  /** Tracks busy requests for {@link ActivityTracker.settle}. */
  readonly activity: ActivityTracker;
  private port = 0;

  /** @param deps collaborators. */
  constructor(private readonly deps: HttpServerDeps) {
    this.activity = new ActivityTracker(deps.options.settleQuietMs);
    this.server = createServer((req, res) => {
      // handle() catches everything it can; this is the last line of defence for a process that embeds the simulator.
      this.handle(req, res).catch(() => res.destroy());
    });
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.deps.options.port, this.deps.options.host, () => {
        this.server.off('error', reject);
        // Accept errors (e.g. too many open files) are emitted on the server; unheard they would end the process.
        this.server.on('error', () => undefined);
        this.port = (this.server.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  /** Closes every connection and stops listening. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** `host:port` the server listens on, for requests without a Host header. */
  private ownHost(): string {
    const host = this.deps.options.host;
    return `${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { deps } = this;
    const started = performance.now();
    const at = deps.clock.now();
    this.activity.begin();
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let parked = false;
    let status = 0;
    let counted: string | undefined;
    let finishLog: ((status: number, durationMs: number) => void) | undefined;
    const headers = headerMap(req);
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const target = resolveRequestTarget(req.url, headers.host, this.ownHost());
      if (!target.ok) {
        finishLog = deps.log.begin(method, req.url ?? '', at);
        status = 400;
        this.write(res, renderReply(errorReply(400, undefined, target.reason), headers.accept, { origin: '', absolute: false }));
        return;
      }
      const { url, origin } = target;
      const pathAndQuery = `${url.pathname}${url.search}`;
      const admin = url.pathname.toLowerCase().startsWith(ADMIN_PREFIX);
      if (!admin && !isPreflight(method, headers)) finishLog = deps.log.begin(method, pathAndQuery, at);
      const policy = admin ? deps.options.cors.admin : deps.options.cors.ucwa;
      const cors = corsHeaders(policy, headers);
      const read = await readBody(req, deps.options.limits.maxRequestBodyBytes);
      if (read.kind === 'aborted') return;
      if (read.kind === 'too-large') {
        status = 413;
        const reply = errorReply(413, undefined, undefined, { ...cors, Connection: 'close' });
        this.write(res, renderReply(reply, admin ? 'application/json' : headers.accept, { origin, absolute: false }));
        return;
      }
      const request: SimRequest = {
        method,
        url,
        headers,
        body: read.body,
        origin,
        signal: controller.signal,
        inBatch: false,
        park: () => {
          if (!parked) this.activity.park();
          parked = true;
        },
        unpark: () => {
          if (parked) this.activity.unpark();
          parked = false;
        },
      };
      if (isPreflight(method, headers)) {
        const preflight = preflightHeaders(policy, headers);
        status = preflight ? 204 : 403;
        this.write(res, { status, headers: preflight ?? {}, body: '' });
        return;
      }
      const style = { origin, absolute: deps.options.varyEventHrefs };
      if (admin) {
        const allowed = adminRequestAllowed(policy, headers, origin);
        const reply = allowed ? await deps.admin(request) : CROSS_ORIGIN_ADMIN;
        const response = renderReply(reply, 'application/json', style);
        status = response.status;
        this.write(res, { ...response, headers: { ...response.headers, ...cors } });
        return;
      }
      const account = isEventsPath(url.pathname) ? undefined : deps.tokens.authenticate(headers.authorization);
      if (account) {
        counted = account.key;
        deps.outstanding.add(counted);
      }
      const fault = deps.faults.take(method, pathAndQuery);
      if (fault?.kind === 'drop' && fault.when !== 'after') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'latency') await this.delay(fault.ms, request);
      let response: SimResponse;
      if (fault?.kind === 'status') response = renderReply(statusFaultReply(fault), headers.accept, style);
      else if (fault?.kind === 'malformed' && fault.body === 'html') response = htmlErrorPage(fault.status ?? 500);
      else {
        const overLimit = counted !== undefined && deps.outstanding.count(counted) > deps.options.limits.maxOutstandingRequests;
        const reply = overLimit ? errorReply(429) : await deps.dispatch(request);
        response = renderReply(reply, headers.accept, style);
        if (fault?.kind === 'malformed' && fault.body !== 'html') response = corruptBody(response, fault.body);
      }
      if (fault?.kind === 'drop' || controller.signal.aborted) {
        req.socket.destroy();
        return;
      }
      status = response.status;
      this.write(res, { ...response, headers: { ...response.headers, ...cors } });
    } catch {
      // A defect of the simulator, not of the request: 500 ServiceFailure, without the exception's text.
      status = 500;
      if (!res.headersSent && !controller.signal.aborted) {
        this.write(res, renderReply(errorReply(500), headers.accept, { origin: '', absolute: false }));
      }
    } finally {
      if (counted !== undefined) deps.outstanding.remove(counted);
      if (parked) this.activity.unpark();
      this.activity.end();
      finishLog?.(res.writableFinished || res.headersSent ? status : 0, performance.now() - started);
    }
  }

  private delay(ms: number, request: SimRequest): Promise<void> {
    request.park();
    return new Promise<void>((resolve) => {
      const cancel = this.deps.clock.setTimer(() => {
        request.signal.removeEventListener('abort', onAbort);
        request.unpark();
        resolve();
      }, ms);
      const onAbort = (): void => {
        cancel();
        request.unpark();
        resolve();
      };
      request.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Writes a response; one that cannot be written (an invalid injected header, a gone client) destroys the connection. */
  private write(res: ServerResponse, response: SimResponse): void {
    if (res.destroyed) return;
    try {
      const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
      res.statusCode = response.status;
      for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
      if (response.status !== 204 && response.status !== 304) res.setHeader('Content-Length', body.length);
      res.end(response.status === 204 ? undefined : body);
    } catch {
      res.destroy();
    }
  }
}
