/**
 * The URL of an incoming request, from its request target and Host header (RFC 9112 section 3.2),
 * checked so that no request line or Host value can make the simulator throw.
 */

/** The resolved URL and the origin the client addressed, or why the request is malformed. */
export type RequestTarget =
  | { readonly ok: true; readonly url: URL; readonly origin: string }
  | { readonly ok: false; readonly reason: string };

/** `host [":" port]` with an IP literal or a registered name (RFC 3986 section 3.2.2), nothing else. */
const HOST_SYNTAX = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]+)(?::[0-9]{0,5})?$/;

/** The origin `http://host[:port]` for a Host header value, or undefined when it is not one. */
export function originOfHost(host: string): string | undefined {
  if (!HOST_SYNTAX.test(host)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(`http://${host}`);
  } catch {
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.pathname !== '/' || parsed.hostname === '') return undefined;
  return parsed.origin;
}

/**
 * Resolves a request target. Origin-form (`/path?query`) is a path on the server the Host header
 * names, even when it starts with `//` (a path, not a host); absolute-form (`http://host/path`)
 * names its own origin; anything else (asterisk-form, authority-form, other schemes) is malformed.
 * Without a Host header (HTTP/1.0) the server's own address is used.
 *
 * @param target the request target as received (`req.url`)
 * @param host the Host header, if any
 * @param ownHost `host:port` the server listens on, for requests without a Host header
 */
export function resolveRequestTarget(target: string | undefined, host: string | undefined, ownHost: string): RequestTarget {
  const raw = target ?? '/';
  if (raw.startsWith('/')) {
    const origin = originOfHost(host === undefined || host.trim() === '' ? ownHost : host.trim());
    if (origin === undefined) return { ok: false, reason: 'The Host header is not a valid host name and port.' };
    return parse(`${origin}${raw}`, origin);
  }
  if (/^https?:\/\//i.test(raw)) {
    const url = parse(raw, '');
    if (!url.ok) return url;
    const origin = originOfHost(url.url.host);
    if (origin === undefined) return { ok: false, reason: 'The request target is not a valid http URL.' };
    return { ok: true, url: url.url, origin };
  }
  return { ok: false, reason: 'The request target must be a path or an absolute http URL.' };
}

function parse(text: string, origin: string): RequestTarget {
  try {
    const url = new URL(text);
    return { ok: true, url, origin: origin === '' ? url.origin : origin };
  } catch {
    return { ok: false, reason: 'The request target is not a valid http URL.' };
  }
}
