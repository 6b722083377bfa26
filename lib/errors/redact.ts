const SECRET_PARAM = /token|password|secret|cwt|auth|key|sig/i;

/** Shortest known secret worth replacing by value; shorter ones would mangle ordinary words. */
const MIN_SECRET_LENGTH = 6;

/** Every exact occurrence of each secret (as is, and URL-encoded) replaced by `[redacted]`. */
function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      if (result.includes(form)) result = result.split(form).join('[redacted]');
    }
  }
  return result;
}

/**
 * The URL as it may appear in an error or a log line: no user info, no fragment, the values of
 * query parameters that look like credentials replaced by `redacted`, and anything shaped like
 * a token (see {@link redactText}) or equal to one of `secrets` removed.
 */
export function redactUrl(url: string, secrets: readonly (string | undefined)[] = []): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(url.replace(/[?#].*$/, ''), secrets);
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'redacted');
  }
  return redactText(parsed.toString(), secrets);
}

/**
 * Removes credentials from free text (server messages, headers, causes): anything shaped like a
 * bearer token, a `cwt=` ticket, a JSON Web Token or an `access_token`/`password` assignment,
 * and every exact occurrence of the given `secrets` (the tokens actually in use).
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  return redactSecrets(text, secrets)
    .replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]')
    .replace(/cwt(=|%3D)[A-Za-z0-9+/=._%-]+/gi, 'cwt$1[redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted]')
    .replace(/(access_token|password)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, '$1$2[redacted]');
}
