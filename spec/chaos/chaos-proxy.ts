import { createServer, request as upstreamRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Clock } from '../../lib/index.js';
import { faultName, type Fault, type FaultPlan } from './faults.js';
import { htmlReply, ucwaErrorReply, type ProxyReply } from './proxy-replies.js';
import { RequestTrace, type TraceEntry } from './request-trace.js';

/** Options of {@link ChaosProxy.start}. */
export interface ChaosProxyOptions {
  /** The origin requests are forwarded to, e.g. a simulator's `origin`. */
  readonly upstream: string;
  /** Every wait of the proxy (latency, outages) runs on this clock. */
  readonly clock: Clock;
  /** Decides each request's fault while {@link ChaosProxy.injecting} is on. */
  readonly plan: FaultPlan;
  /** How many requests the trace keeps (default 200). */
  readonly traceSize?: number;
}

/** Running totals of a proxy. */
export interface ProxyStats {
  /** Requests that arrived. */
  requests: number;
  /** Requests sent on to the upstream. */
  forwarded: number;
  /** Faults applied, by {@link faultName}; requests refused (reset) during an outage count as `outage`. */
  readonly faults: Record<string, number>;
  /** Outages started. */
  outages: number;
  /** Responses whose body or Location header named the upstream's own host: the client could go past the proxy. */
  leaks: number;
}

/** An upstream answer, read whole. */
interface UpstreamReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One request through the proxy: counts as busy until closed, unless parked on the clock or a held P-GET. */
interface Exchange {
  readonly entry: TraceEntry;
  readonly res: ServerResponse;
  parked: boolean;
  closed: boolean;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);
const isEventsPath = (path: string): boolean => /\/events(\?|$)/i.test(path);

/**
 * A fault-injecting HTTP proxy for the chaos soak, in front of a simulator on 127.0.0.1. It
 * forwards the Host header, so the simulator's absolute hrefs name the proxy and the client
 * never learns the simulator's own address. While {@link injecting} is on, the plan picks a fault
 * per request; {@link startOutage} refuses every request for a span of clock time. It counts its
 * work so that a settle function can wait for it: requests parked on the clock (latency, a
 * stalled body) and P-GETs waiting for the server do not count as busy.
 */
export class ChaosProxy {
  /** `http://127.0.0.1:port` of the proxy. */
  readonly origin: string;
  /** Totals since the start. */
  readonly stats: ProxyStats = { requests: 0, forwarded: 0, faults: {}, outages: 0, leaks: 0 };
  /** Whether faults are drawn (outages apply regardless). */
  injecting = true;
  private readonly trace: RequestTrace;
  private readonly upstream: URL;
  /** The upstream's host:port, not followed by another digit (port 4000 is not port 40001). */
  private readonly upstreamHost: RegExp;
  private readonly exchanges = new Set<Exchange>();
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<() => void>();
  private outageUntil = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private lastChangeMs = performance.now();
  private closed = false;

  private constructor(
    private readonly server: Server,
    port: number,
    private readonly options: ChaosProxyOptions,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    this.upstream = new URL(options.upstream);
    this.upstreamHost = new RegExp(`${this.upstream.host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`, 'i');
    this.trace = new RequestTrace(options.traceSize ?? 200);
  }

  /** Starts a proxy on 127.0.0.1 and an ephemeral port. */
  static async start(options: ChaosProxyOptions): Promise<ChaosProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new ChaosProxy(server, (server.address() as AddressInfo).port, options);
    server.on('connection', (socket) => proxy.accept(socket));
    server.on('request', (req, res) => void proxy.handle(req, res));
    server.on('clientError', (_error, socket) => socket.destroy());
    return proxy;
  }

  /** Requests being worked on: not finished, not parked on the clock, not a P-GET held by the server. */
  get busy(): number {
    let busy = 0;
    for (const exchange of this.exchanges) if (!exchange.parked) busy++;
    return busy;
  }

  /** Requests not finished, parked ones included. */
  get inFlight(): number {
    return this.exchanges.size;
  }

  /** Requests parked now: latency waits, stalled bodies, P-GETs held by the server. */
  get parked(): number {
    return this.exchanges.size - this.busy;
  }

  /**
   * Parked requests whose client still waits for the status line (latency, a stall before the
   * headers), P-GETs aside: the requests `trackingFetch` counts as in flight although only the
   * clock can move them.
   */
  get parkedAwaitingHeaders(): number {
    let count = 0;
    for (const e of this.exchanges) if (e.parked && !e.res.headersSent && !isEventsPath(e.entry.path)) count++;
    return count;
  }

  /** Open client connections, idle keep-alive ones included. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Real milliseconds since a request arrived, finished or changed state. */
  get quietForMs(): number {
    return performance.now() - this.lastChangeMs;
  }

  /** Whether an outage is on now. */
  get inOutage(): boolean {
    return this.options.clock.now() < this.outageUntil;
  }

  /** The requests not finished now (held P-GETs, stalled bodies, latency waits), oldest first. */
  openRequests(): TraceEntry[] {
    return [...this.exchanges].map((e) => ({ ...e.entry }));
  }

  /** The last `n` requests, oldest first. */
  lastRequests(n: number): TraceEntry[] {
    return this.trace.last(n);
  }

  /** Refuses every request for `ms` of clock time; open connections (held P-GETs too) are reset now. */
  startOutage(ms: number): void {
    this.outageUntil = Math.max(this.outageUntil, this.options.clock.now() + ms);
    this.stats.outages++;
    for (const socket of [...this.sockets]) socket.resetAndDestroy();
  }

  /** Ends an outage early. */
  endOutage(): void {
    this.outageUntil = Number.NEGATIVE_INFINITY;
  }

  /** Closes idle keep-alive connections, leaving those that carry a request. */
  closeIdleConnections(): void {
    this.server.closeIdleConnections();
  }

  /** Cancels the proxy's timers, resets every connection and stops listening. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of [...this.timers]) cancel();
    this.timers.clear();
    this.server.closeAllConnections();
    for (const socket of [...this.sockets]) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    if (this.closed) {
      socket.resetAndDestroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const entry = this.trace.add({ seq: ++this.seq, at: this.options.clock.now(), method, path, fault: undefined, outcome: undefined });
    const exchange: Exchange = { entry, res, parked: false, closed: false };
    this.stats.requests++;
    this.exchanges.add(exchange);
    this.touch();
    res.on('close', () => {
      exchange.closed = true;
      entry.outcome = entry.outcome === undefined ? 'aborted' : entry.outcome === 'stalled' ? 'stalled, closed by the client' : entry.outcome;
      this.exchanges.delete(exchange);
      this.touch();
    });
    try {
      const body = await readBody(req);
      if (exchange.closed) return;
      if (this.inOutage) {
        this.count(entry, 'outage');
        this.reset(exchange);
        return;
      }
      const fault = this.injecting ? this.options.plan({ method, path }) : undefined;
      if (fault) this.count(entry, faultName(fault));
      await this.apply(fault, exchange, req, body);
    } catch {
      this.reset(exchange);
    }
  }

  private async apply(fault: Fault | undefined, exchange: Exchange, req: IncomingMessage, body: Buffer): Promise<void> {
    switch (fault?.kind) {
      case 'reset':
        return this.reset(exchange);
      case 'html':
        return this.reply(exchange, htmlReply(fault.status));
      case 'status':
        if (!fault.afterForward) return this.reply(exchange, ucwaErrorReply(fault.status, fault.retryAfterS));
        break;
      case 'latency':
        if (!(await this.wait(exchange, fault.ms))) return;
        break;
      default:
        break;
    }
    const answer = await this.forward(exchange, req, body);
    if (exchange.closed) return;
    if (!answer) return this.reset(exchange); // the upstream dropped it: so does the proxy
    this.checkLeak(answer);
    switch (fault?.kind) {
      case 'dropResponse':
        return this.reset(exchange);
      case 'status':
        return this.reply(exchange, ucwaErrorReply(fault.status, fault.retryAfterS));
      case 'cutBody':
        return this.cut(exchange, answer, fault.keep);
      case 'truncate': {
        const kept = answer.body.subarray(0, Math.floor(answer.body.length * fault.keep));
        return this.reply(exchange, { status: answer.status, headers: forwardable(answer.headers), body: kept });
      }
      case 'stall':
        return this.stall(exchange, answer, fault.keep);
      default:
        return this.reply(exchange, { status: answer.status, headers: forwardable(answer.headers), body: answer.body });
    }
  }

  /** Sends the request on with the client's Host header; a P-GET is parked while the server holds it. */
  private forward(exchange: Exchange, req: IncomingMessage, body: Buffer): Promise<UpstreamReply | undefined> {
    this.stats.forwarded++;
    const pget = isEventsPath(exchange.entry.path);
    if (pget) this.park(exchange);
    return new Promise((resolve) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      headers['content-length'] = String(body.length);
      headers['connection'] = 'close';
      const outgoing = upstreamRequest({
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: exchange.entry.path,
        headers,
        agent: false,
      });
      const done = (reply: UpstreamReply | undefined): void => {
        exchange.res.off('close', abandon);
        if (pget) this.unpark(exchange);
        resolve(reply);
      };
      const abandon = (): void => {
        outgoing.destroy();
        done(undefined);
      };
      exchange.res.once('close', abandon);
      outgoing.on('error', () => done(undefined));
      outgoing.on('response', (incoming) => {
        if (pget) this.unpark(exchange);
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => done({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: Buffer.concat(chunks) }));
        incoming.on('error', () => done(undefined));
      });
      outgoing.end(body);
    });
  }

  /** Waits `ms` on the clock, parked; false when the client left meanwhile. */
  private wait(exchange: Exchange, ms: number): Promise<boolean> {
    this.park(exchange);
    return new Promise((resolve) => {
      const finish = (completed: boolean): void => {
        this.timers.delete(cancel);
        exchange.res.off('close', left);
        this.unpark(exchange);
        resolve(completed);
      };
      const left = (): void => {
        cancel();
        finish(false);
      };
      const cancel = this.options.clock.setTimer(() => finish(true), ms);
      this.timers.add(cancel);
      exchange.res.once('close', left);
    });
  }

  private reply(exchange: Exchange, reply: ProxyReply): void {
    if (exchange.closed) return;
    exchange.entry.outcome = String(reply.status);
    const { res } = exchange;
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
    res.end(reply.body);
  }

  /** Headers with the true Content-Length and `keep` of the body, then the connection is reset. */
  private cut(exchange: Exchange, answer: UpstreamReply, keep: number): void {
    exchange.entry.outcome = `${answer.status} cut`;
    const { res } = exchange;
    res.writeHead(answer.status, { ...forwardable(answer.headers), 'Content-Length': String(answer.body.length) });
    res.flushHeaders();
    const kept = answer.body.subarray(0, Math.floor(answer.body.length * keep));
    if (kept.length > 0) res.write(kept);
    res.socket?.end(); // the kept bytes go out, then the connection closes short of Content-Length
  }

  /** Headers and `keep` of the body, then nothing: parked until the client gives up. */
  private stall(exchange: Exchange, answer: UpstreamReply, keep: number): void {
    exchange.entry.outcome = 'stalled';
    this.park(exchange);
    if (answer.body.length === 0) return; // nothing to stall after the headers: the headers stall instead
    const { res } = exchange;
    res.writeHead(answer.status, { ...forwardable(answer.headers), 'Content-Length': String(answer.body.length) });
    res.flushHeaders();
    const kept = answer.body.subarray(0, Math.floor(answer.body.length * keep));
    if (kept.length > 0) res.write(kept);
  }

  private reset(exchange: Exchange): void {
    if (exchange.closed) return;
    exchange.entry.outcome = 'reset';
    const socket = exchange.res.socket;
    if (socket && !socket.destroyed) socket.resetAndDestroy();
    else exchange.res.destroy();
  }

  private checkLeak(answer: UpstreamReply): void {
    const host = this.upstreamHost;
    if (host.test(answer.headers.location ?? '') || host.test(answer.body.toString('latin1'))) this.stats.leaks++;
  }

  private count(entry: TraceEntry, name: string): void {
    entry.fault = name;
    this.stats.faults[name] = (this.stats.faults[name] ?? 0) + 1;
  }

  private park(exchange: Exchange): void {
    exchange.parked = true;
    this.touch();
  }

  private unpark(exchange: Exchange): void {
    exchange.parked = false;
    this.touch();
  }

  private touch(): void {
    this.lastChangeMs = performance.now();
  }
}

/** Upstream response headers that may be passed on as they are (hop-by-hop ones and the length removed). */
function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'content-length') out[name] = value;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
