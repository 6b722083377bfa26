import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the proxy forwarded, with the upstream's full answer. */
export interface ProxiedExchange {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly url: string;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What the proxy does with an upstream answer. */
export type ProxyAction =
  /** Pass it on unchanged. */
  | { readonly kind: 'forward' }
  /** Answer this instead. */
  | { readonly kind: 'replace'; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string | Buffer }
  /** Send the status and headers (and `partial` of a body), then nothing more: the connection stays open. */
  | { readonly kind: 'stall'; readonly status?: number; readonly headers?: Readonly<Record<string, string>>; readonly partial?: string }
  /** Destroy the connection without an answer. */
  | { readonly kind: 'drop' };

/** Decides per exchange; undefined forwards. */
export type Mutator = (exchange: ProxiedExchange) => ProxyAction | undefined;

/** A proxy in front of an HTTP server (the simulator) that can rewrite, stall or drop its answers. */
export interface MutatingProxy {
  /** The proxy's origin; use it in place of the upstream's. */
  readonly origin: string;
  /** Replaces the mutator (undefined: forward everything). */
  mutate(mutator: Mutator | undefined): void;
  /** Exchanges seen so far. */
  readonly exchanges: ProxiedExchange[];
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Headers of an upstream answer as the proxy re-sends them (framing headers recomputed). */
function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || ['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * Starts a proxy on 127.0.0.1 (ephemeral port) that forwards to `upstream` with the client's Host
 * header (so the simulator writes the proxy's origin in its hrefs), reads each answer whole,
 * and lets `mutator` change it. A client that disconnects aborts the upstream request (a held
 * P-GET is released upstream as if the client had gone).
 */
export async function startMutatingProxy(upstream: string, mutator?: Mutator): Promise<MutatingProxy> {
  const target = new URL(upstream);
  let current = mutator;
  const exchanges: ProxiedExchange[] = [];
  const sockets = new Set<Socket>();
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const outgoing = httpRequest({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, connection: 'close' },
    });
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    outgoing.on('error', () => {
      if (!res.headersSent) res.socket?.destroy();
    });
    outgoing.end(body);
    const answer = await new Promise<IncomingMessage>((resolve) => outgoing.on('response', resolve));
    const text = await readAll(answer).catch(() => Buffer.alloc(0));
    const exchange: ProxiedExchange = { method: req.method ?? 'GET', url: req.url ?? '/', status: answer.statusCode ?? 502, headers: answer.headers, body: text };
    exchanges.push(exchange);
    const action = current?.(exchange) ?? { kind: 'forward' };
    if (res.destroyed) return;
    switch (action.kind) {
      case 'forward':
        res.writeHead(exchange.status, forwardable(answer.headers));
        res.end(text);
        return;
      case 'replace':
        res.writeHead(action.status, { ...action.headers, 'Content-Length': Buffer.byteLength(action.body) });
        res.end(action.body);
        return;
      case 'stall':
        res.writeHead(action.status ?? exchange.status, action.headers ?? forwardable(answer.headers));
        res.write(action.partial ?? '');
        return;
      case 'drop':
        res.socket?.destroy();
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    exchanges,
    mutate: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The discovery URL of `sim` as seen through `proxy`. */
export function throughProxy(discoveryUrl: string, proxy: MutatingProxy): string {
  const url = new URL(discoveryUrl);
  return `${proxy.origin}${url.pathname}${url.search}`;
}
