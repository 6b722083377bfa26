/** SIP URI handling: lookup keys, lenient input parsing and the path form used in hrefs. */

/** The case-insensitive lookup key of a SIP URI: lower case with a `sip:` prefix. */
export function uriKey(uri: string): string {
  const trimmed = uri.trim();
  const bare = trimmed.replace(/^sip:/i, '');
  return `sip:${bare}`.toLowerCase();
}

/** The URI without its `sip:` scheme, as it appears in `/people/{address}` paths. */
export function uriAddress(uri: string): string {
  return uri.trim().replace(/^sip:/i, '');
}

/**
 * Reads a URI from request input. The reference's own samples send `"\"sip : johndoe@contoso.com\""`
 * and `" sip:janedoe@contoso.com"`, so quotes and blanks are dropped and a missing `sip:` is
 * added. Returns undefined for something that is not `user@host`.
 */
export function parseInputUri(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const cleaned = raw.replace(/["'\s]/g, '');
  const bare = cleaned.replace(/^sip:/i, '');
  if (!/^[^@:/?#,]+@[^@:/?#,]+$/.test(bare)) return undefined;
  return `sip:${bare}`;
}
