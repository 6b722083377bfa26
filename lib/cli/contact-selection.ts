import { normaliseSipUri, sipKey } from '../resources/sip-uri.js';
import { CliError } from './cli-error.js';

/**
 * The SIP URIs given on the command line, checked and normalised (`bob@contoso.com` becomes
 * `sip:bob@contoso.com`), duplicates (in any case) dropped. Empty when none were given.
 */
export function parseContactUris(positionals: readonly string[]): string[] {
  const seen = new Set<string>();
  const uris: string[] = [];
  for (const value of positionals) {
    let uri: string;
    try {
      uri = normaliseSipUri(value);
    } catch {
      throw new CliError(`invalid SIP URI ${JSON.stringify(value.slice(0, 80))}: expected sip:user@domain, e.g. sip:bob@contoso.com`);
    }
    const key = sipKey(uri);
    if (!seen.has(key)) {
      seen.add(key);
      uris.push(uri);
    }
  }
  return uris;
}
