import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { startTestServer } from '../../support/test-server.js';

/** Microsoft's helper libraries, vendored unchanged. */
const VENDOR = new URL('../vendor/skype-docs/Skype/UCWA/samples/scripts/', import.meta.url);
const HERE = new URL('./', import.meta.url);
/** jQuery 1.12.4 from npm (a devDependency). */
const JQUERY = createRequire(import.meta.url).resolve('jquery/dist/jquery.js');
const VENDORED = ['GeneralHelper.js', 'MemoryStorage.js', 'Cache.js', 'Transport.js', 'UcwaMain.js', 'AutoDiscovery.js', 'Authentication.js', 'Events.js'];

/** A static server for the helper page (helper-page.html, our script, jQuery, the vendored scripts). */
export interface HelperSite {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The page's URL with the given query parameters. */
  pageUrl(query: Record<string, string>): string;
  close(): Promise<void>;
}

/** Serves the helper page and its scripts on 127.0.0.1, an ephemeral port. */
export async function startHelperSite(): Promise<HelperSite> {
  const javascript = 'text/javascript; charset=utf-8';
  const files = new Map<string, { readonly type: string; readonly body: string }>([
    ['/', { type: 'text/html; charset=utf-8', body: await readFile(new URL('helper-page.html', HERE), 'utf8') }],
    ['/helper-page.js', { type: javascript, body: await readFile(new URL('helper-page.js', HERE), 'utf8') }],
    ['/jquery.js', { type: javascript, body: await readFile(JQUERY, 'utf8') }],
  ]);
  for (const name of VENDORED) files.set(`/vendor/${name}`, { type: javascript, body: await readFile(new URL(name, VENDOR), 'utf8') });
  const server = await startTestServer((seen, response) => {
    const file = files.get(new URL(seen.url, 'http://page.invalid').pathname);
    response.writeHead(file ? 200 : 404, { 'Content-Type': file?.type ?? 'text/plain', 'Cache-Control': 'no-store' });
    response.end(file?.body ?? 'not found');
  });
  return {
    origin: server.origin,
    pageUrl: (query) => `${server.origin}/?${new URLSearchParams(query).toString()}`,
    close: () => server.close(),
  };
}
