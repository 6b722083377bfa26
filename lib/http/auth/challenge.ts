/** The MsRtcOAuth challenge of a 401: where to get a token, and which grants it takes. */
export interface OAuthChallenge {
  /** The token endpoint, as sent (resolve it against the challenging URL). */
  readonly href: string;
  /** Grant types offered, e.g. `password`, `urn:microsoft.rtc:windows`. */
  readonly grantTypes: readonly string[];
}

/**
 * Reads the MsRtcOAuth challenge from a WWW-Authenticate header value. Handles several
 * challenges folded into one value (`Bearer ..., MsRtcOAuth href=...`) and quoted or bare
 * parameters, as AuthenticationInUCWA and CreateAnApplication show both.
 */
export function parseOAuthChallenge(header: string | null | undefined): OAuthChallenge | undefined {
  if (!header) return undefined;
  const start = header.search(/MsRtcOAuth\s/i);
  if (start < 0) return undefined;
  const params = header.slice(start + 'MsRtcOAuth'.length);
  const read = (name: string): string | undefined => {
    const match = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*(?:"([^"]*)"|([^\\s,]+))`, 'i').exec(params);
    return match ? (match[1] ?? match[2]) : undefined;
  };
  const href = read('href');
  if (!href) return undefined;
  const grants = read('grant_type') ?? '';
  return { href, grantTypes: grants.split(',').map((g) => g.trim()).filter(Boolean) };
}
