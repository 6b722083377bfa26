const SECRET_PARAM = /token|password|secret|cwt|auth|key|sig/i;

/**
 * The URL as it may appear in an error or a log line: no user info, no fragment, and the
 * values of query parameters that look like credentials replaced by `redacted`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/[?#].*$/, '');
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'redacted');
  }
  return parsed.toString();
}

/** Removes anything shaped like a bearer token or cwt from free text (server messages, causes). */
export function redactText(text: string): string {
  return text
    .replace(/(Bearer\s+)[^\s"',;]+/gi, '$1[redacted]')
    .replace(/cwt=[A-Za-z0-9+/=._-]+/g, 'cwt=[redacted]')
    .replace(/(access_token|password)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi, '$1$2[redacted]');
}
