import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** A built Angular app served from one origin, plus `/hold`, a request answered only when released. */
export interface StaticSite {
  readonly origin: string;
  /** `/hold` requests not answered yet. */
  readonly held: number;
  /** Answers every held `/hold` request (204). */
  release(): void;
  close(): Promise<void>;
}

/** Serves `directory` on 127.0.0.1 (an ephemeral port); unknown paths get index.html, as an SPA host does. */
export async function startStaticSite(directory: string): Promise<StaticSite> {
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname);
    if (path === '/hold') {
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    void serveFile(directory, path, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const release = (): void => {
    for (const res of held) res.writeHead(204).end();
    held.clear();
  };
  return {
    origin: `http://127.0.0.1:${port}`,
    get held() {
      return held.size;
    },
    release,
    close: () =>
      new Promise<void>((resolve) => {
        release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveFile(directory: string, path: string, res: ServerResponse): Promise<void> {
  const root = normalize(directory + sep);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) file = join(root, 'index.html');
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
  createReadStream(file).pipe(res);
}
