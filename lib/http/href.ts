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
    const baseUrl = parsedBase(base);
    url = trimmed.startsWith('//') ? new URL(`${baseUrl.origin}/${trimmed.replace(/^\/+/, '')}`) : new URL(trimmed, baseUrl);
  } catch {
    throw new InvalidArgumentError('href', 'a URL or path', JSON.stringify(href.slice(0, 80)));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidArgumentError('href', 'an http or https URL', JSON.stringify(href.slice(0, 80)));
  }
  // Setting the hash serialises the URL again: only done when there may be one.
  if (trimmed.includes('#') || (typeof base === 'string' ? base : base.href).includes('#')) url.hash = '';
  return url;
}

let lastBaseText: string | undefined;
let lastBaseUrl: URL | undefined;

/**
 * `base` as a URL, only read (never changed or handed out): a URL as it is, a string parsed once
 * for as long as the same string comes back (a batch resolves 100 hrefs against one base).
 */
function parsedBase(base: string | URL): URL {
  if (typeof base !== 'string') return base;
  if (base !== lastBaseText || !lastBaseUrl) {
    lastBaseUrl = new URL(base);
    lastBaseText = base;
  }
  return lastBaseUrl;
}

/**
 * Adds query parameters with a URL parser, keeping the ones the server put there
 * (QueryParameters: never build query strings by concatenation). A parameter given
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

/** Characters a path may hold for the fast path of {@link routingKey}; anything else goes through URL. */
const PLAIN_PATH = /^[A-Za-z0-9\-_~!$&'()*+,;=:@/%]*$/;

function defaultPortless(origin: string): string {
  const lower = origin.toLowerCase();
  if (lower.startsWith('https://') && lower.endsWith(':443')) return lower.slice(0, -4);
  if (lower.startsWith('http://') && lower.endsWith(':80')) return lower.slice(0, -3);
  return lower;
}

function normalisePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment)
    .join('/');
}

/** Splits an absolute http(s) href or an absolute path into origin and path without URL parsing. */
function splitFast(href: string, baseOrigin: string): { origin: string; path: string; search: string } | undefined {
  let origin = baseOrigin;
  let rest: string;
  if (/^https?:\/\//i.test(href)) {
    const slash = href.indexOf('/', href.indexOf('//') + 2);
    origin = defaultPortless(slash < 0 ? href : href.slice(0, slash));
    if (origin.includes('@')) return undefined;
    rest = slash < 0 ? '/' : href.slice(slash);
  } else if (href.startsWith('/')) {
    rest = href;
  } else {
    return undefined;
  }
  const query = rest.indexOf('?');
  const path = query < 0 ? rest : rest.slice(0, query);
  if (!PLAIN_PATH.test(path) || path.includes('/.')) return undefined;
  return { origin, path, search: query < 0 ? '' : rest.slice(query) };
}

/**
 * The key under which events for a resource are routed: origin and path, lower case, with
 * percent-encoding undone and repeated slashes collapsed, plus the query (lower case, in
 * the server's order). The reference's samples name the same contact as `sarad@contoso.com`
 * and `saraD@Contoso.com`, absolute and relative; all of them give the same key. Common
 * hrefs take a string-only fast path; anything unusual goes through the URL parser.
 */
export function routingKey(href: string, base: string | URL): string {
  const simpleOrigin = simpleOriginOf(base);
  if (simpleOrigin !== undefined && SIMPLE_HREF.test(href)) {
    return href.charCodeAt(0) === 47 /* '/' */ ? (simpleOrigin + href).toLowerCase() : href.toLowerCase();
  }
  const baseOrigin = typeof base === 'string' ? originOf(base) : base.origin;
  const fast = baseOrigin === undefined ? undefined : splitFast(href.trim(), baseOrigin);
  if (fast) {
    const search = fast.search === '?' ? '' : fast.search;
    return `${fast.origin}/${normalisePath(fast.path)}${search}`.toLowerCase();
  }
  const url = resolveHref(href, base);
  return `${url.origin}/${normalisePath(url.pathname)}${url.search}`.toLowerCase();
}

/*
 * The quickest path of routingKey, for the hrefs events carry. A host the URL parser leaves as
 * it is (DNS labels whose last one begins with a letter, no punycode, or a dotted quad), a port
 * it keeps (1-65535, not 80 or 443), and path segments that are non-empty, hold no
 * percent-encoding and do not begin with a dot: for these the key is the href itself (behind
 * the base's origin when it is a path) in lower case, exactly what the general path gives.
 */
const HOST = String.raw`(?:(?:(?!xn--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*(?!xn--)[a-z](?:[a-z0-9-]*[a-z0-9])?|(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d))`;
const PORT = String.raw`(?::(?!(?:80|443)(?!\d))(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3}))?`;
const SEGMENTS = String.raw`(?:\/[a-z0-9\-_~!$&'()*+,;=:@][a-z0-9\-_~!$&'()*+,;=:@.]*)+`;
const SIMPLE_ORIGIN = new RegExp(`^https?:\\/\\/${HOST}${PORT}$`, 'i');
const SIMPLE_HREF = new RegExp(`^(?:https?:\\/\\/${HOST}${PORT})?${SEGMENTS}$`, 'i');

let lastBase: string | undefined;
let lastSimpleOrigin: string | undefined;

/** The base's origin when it is simple (see above), else undefined; remembers the last string base (one response's events share it). */
function simpleOriginOf(base: string | URL): string | undefined {
  if (typeof base !== 'string') return SIMPLE_ORIGIN.test(base.origin) ? base.origin : undefined;
  if (base !== lastBase) {
    const origin = originOf(base);
    lastSimpleOrigin = origin !== undefined && SIMPLE_ORIGIN.test(origin) ? origin : undefined;
    lastBase = base;
  }
  return lastSimpleOrigin;
}

/** The origin of an absolute http(s) URL string, lower case without a default port. */
function originOf(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const origin = slash < 0 ? url : url.slice(0, slash);
  const end = origin.search(/[?#]/);
  const clean = defaultPortless(end < 0 ? origin : origin.slice(0, end));
  return clean.includes('@') ? undefined : clean;
}
