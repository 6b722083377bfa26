import { redactText } from '../errors/redact.js';

/** What replaces a secret in anything the CLI prints. */
export const REDACTED = '[redacted]';

/**
 * Keeps the secrets a command was given (password, token) and removes them, and anything
 * shaped like a bearer token, from every line before it is printed: errors, verbose logs,
 * stack traces. The library already redacts its own messages; this is the CLI's last guard.
 */
export class SecretRedactor {
  private readonly secrets: string[];

  constructor(secrets: readonly (string | undefined)[] = []) {
    // Longest first, so that a secret containing another is replaced whole.
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0).sort((a, b) => b.length - a.length);
  }

  /** `text` without any known secret or token-like value. */
  scrub(text: string): string {
    let result = text;
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    for (const secret of this.secrets) {
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) result = result.split(encoded).join(REDACTED);
    }
    return redactText(result);
  }

  /** A line writer that scrubs before writing. */
  wrap(write: (line: string) => void): (line: string) => void {
    return (line) => write(this.scrub(line));
  }
}
