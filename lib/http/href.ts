import { InvalidArgumentError } from '../errors/argument-errors.js';

/** Query values appended with {@link withQuery}; `undefined` leaves a parameter out. */
export type QueryValues = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Resolves an href from a response against the URL of the resource that carried it.
 * UCWA sends absolute URLs and absolute paths. Some of the reference's own samples begin
 * paths with two slashes (`//v1/applications/...`); a UCWA server means a path by that,
 * never another host, so such an href stays on the base's origin. Only http(s) results
 * are accepted: `javascript:`, `data:`, `file:` and the like are refused.
 */
export function resolveHref(href: string, base: string | URL): URL {
  const trimmed = href.trim();
  let url: URL;
  try {
    const baseUrl = new URL(base);
    url = trimmed.startsWith('//') ? new URL(`${baseUrl.origin}/${trimmed.replace(/^\/+/, '')}`) : new URL(trimmed, baseUrl);
  } catch {
    throw new InvalidArgumentError('href', 'a URL or path', JSON.stringify(href.slice(0, 80)));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidArgumentError('href', 'an http or https URL', JSON.stringify(href.slice(0, 80)));
  }
  url.hash = '';
  return url;
}

/**
 * Adds query parameters with a URL parser, keeping the ones the server put there
 * (QueryParameters.md: never build query strings by concatenation). A parameter given
 * here replaces one of the same name.
 */
export function withQuery(url: string | URL, query: QueryValues | undefined): URL {
  const result = new URL(url);
  if (!query) return result;
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) result.searchParams.set(name, String(value));
  }
  return result;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The key under which events for a resource are routed: origin and path, lower case, with
 * percent-encoding undone and repeated slashes collapsed, plus the query (lower case, in
 * the server's order). The reference's samples name the same contact as `sarad@contoso.com`
 * and `saraD@Contoso.com`, absolute and relative; all of them give the same key.
 */
export function routingKey(href: string, base: string | URL): string {
  const url = resolveHref(href, base);
  const path = url.pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment)
    .join('/');
  return `${url.origin}/${path}${url.search}`.toLowerCase();
}
