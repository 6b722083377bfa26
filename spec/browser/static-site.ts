import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** The page files, read from this directory. */
const HERE = new URL('./', import.meta.url);

/** A static server for the presence page, on its own origin (another port than the simulator's). */
export interface PageSite {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The page's URL with the given query parameters. */
  pageUrl(query: Record<string, string>): string;
  /** Another page of the site (to navigate away to). */
  readonly elsewhereUrl: string;
  close(): Promise<void>;
}

/** Bundles page/presence-page.ts for the browser (esbuild) and serves it with its HTML. */
export async function startPageSite(): Promise<PageSite> {
  const bundle = await build({
    entryPoints: [new URL('page/presence-page.ts', HERE).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const html = await readFile(new URL('presence-page.html', HERE), 'utf8');
  const files: Record<string, { readonly type: string; readonly body: string }> = {
    '/': { type: 'text/html; charset=utf-8', body: html },
    '/presence-page.js': { type: 'text/javascript; charset=utf-8', body: script },
    '/elsewhere': { type: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><head><meta charset="utf-8" /><link rel="icon" href="data:," /><title>elsewhere</title></head><body><p>elsewhere</p></body></html>' },
  };
  const server: TestServer = await startTestServer((request, response) => {
    const file = files[new URL(request.url, 'http://page.invalid').pathname];
    // no-cache, not no-store: a no-store page is never put in the back/forward cache.
    response.writeHead(file ? 200 : 404, { 'Content-Type': file?.type ?? 'text/plain', 'Cache-Control': 'no-cache' });
    response.end(file?.body ?? 'not found');
  });
  return {
    origin: server.origin,
    pageUrl: (query) => `${server.origin}/?${new URLSearchParams(query).toString()}`,
    elsewhereUrl: `${server.origin}/elsewhere`,
    close: () => server.close(),
  };
}
