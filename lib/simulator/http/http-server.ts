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
import { corsHeaders, isPreflight, preflightHeaders } from './cors.js';
import { errorReply } from './errors.js';
import { renderReply } from './render.js';
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function headerMap(req: IncomingMessage): HeaderMap {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const isEventsPath = (path: string): boolean => /\/events\/?$/i.test(path);

/**
 * The simulator's HTTP front end: CORS, the admin API, fault injection, the outstanding-request
 * limit, the request log and idle tracking around the UCWA router.
 */
export class SimulatorHttpServer {
  private readonly server: Server;
  /** Tracks busy requests for {@link ActivityTracker.settle}. */
  readonly activity: ActivityTracker;

  /** @param deps collaborators. */
  constructor(private readonly deps: HttpServerDeps) {
    this.activity = new ActivityTracker(deps.options.settleQuietMs);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.deps.options.port, this.deps.options.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
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
    const headers = headerMap(req);
    const origin = `http://${headers.host ?? `${deps.options.host}:${deps.options.port}`}`;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const pathAndQuery = `${url.pathname}${url.search}`;
    let status = 0;
    let counted: string | undefined;
    const logged = !url.pathname.toLowerCase().startsWith(ADMIN_PREFIX) && !isPreflight(method, headers);
    const finishLog = logged ? deps.log.begin(method, pathAndQuery, at) : undefined;
    try {
      const body = await readBody(req);
      const request: SimRequest = {
        method,
        url,
        headers,
        body,
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
      const cors = corsHeaders(deps.options.cors, headers);
      if (isPreflight(method, headers)) {
        const preflight = preflightHeaders(deps.options.cors, headers);
        status = preflight ? 204 : 403;
        this.write(res, { status, headers: preflight ?? {}, body: '' });
        return;
      }
      const style = { origin, absolute: deps.options.varyEventHrefs };
      if (url.pathname.toLowerCase().startsWith(ADMIN_PREFIX)) {
        const response = renderReply(await deps.admin(request), 'application/json', style);
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
    } catch (error) {
      status = 500;
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent && !controller.signal.aborted) {
        this.write(res, renderReply(errorReply(500, undefined, message), headers.accept, { origin, absolute: false }));
      }
    } finally {
      if (counted !== undefined) deps.outstanding.remove(counted);
      if (parked) this.activity.unpark();
      this.activity.end();
      finishLog?.(status, performance.now() - started);
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

  private write(res: ServerResponse, response: SimResponse): void {
    if (res.destroyed) return;
    const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
    res.statusCode = response.status;
    for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
    if (response.status !== 204 && response.status !== 304) res.setHeader('Content-Length', body.length);
    res.end(response.status === 204 ? undefined : body);
  }
}
