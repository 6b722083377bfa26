import { redactText } from '../errors/redact.js';

/** What replaces a secret in anything the CLI prints. */
export const REDACTED = '[redacted]';

/** Removes secrets from a piece of text that came from outside the CLI. */
export type Scrub = (text: string) => string;

/**
 * Keeps the secrets a command was given (password, token) and removes them, and anything
 * shaped like a bearer token (`Bearer ...`, `cwt=...`, `access_token=...`), from text that
 * comes from outside the CLI: server messages, error messages and stack traces, URLs, and
 * every value of an NDJSON record that came from the server. The CLI's own words are never
 * passed through it, so a password that happens to be an ordinary word ("password", "wrong")
 * cannot mangle them. The library already redacts its own messages; this is the CLI's guard
 * for the values it was given.
 */
export class SecretRedactor {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[] = []) {
    const forms = secrets
      .filter((s): s is string => typeof s === 'string' && s.length > 0)
      // as given, URL-encoded (in a query or a form body) and JSON-escaped (inside a quoted string)
      .flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]);
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets = [...new Set(forms)].sort((a, b) => b.length - a.length);
  }

  /** `text` (from outside the CLI) without any known secret or token-like value. */
  readonly scrub: Scrub = (text) => {
    let result = text;
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return redactText(result);
  };

  /** A copy of a JSON value from outside the CLI with every string in it scrubbed; keys are kept. */
  scrubJson<T>(value: T): T {
    return scrubStrings(value, this.scrub) as T;
  }
}

function scrubStrings(value: unknown, scrub: Scrub): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubStrings(item, scrub));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubStrings(item, scrub)]));
  }
  return value;
}
