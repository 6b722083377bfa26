import { redactText } from './redact.js';
import { UcwaErrorBase } from './ucwa-error.js';

/** One place where a value did not match its codec. */
export interface DecodeFailure {
  /** Dotted path from the root of the value, e.g. `_links.self.href` or `sender.0.events.2.type`. */
  readonly path: string;
  /** What the codec expected there, e.g. `string`. */
  readonly expected: string;
  /** A short rendering of what was found (never more than 80 characters). */
  readonly actual: string;
}

/** Most failures a DecodeError keeps; the rest are counted in one last entry. */
const MAX_FAILURES = 20;

function cut(text: string, max: number): string {
  const redacted = redactText(text.length > 4 * max ? text.slice(0, 4 * max) : text);
  return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted;
}

/** Failures as kept: at most 20, each field short and redacted (paths hold keys a server chose). */
function bounded(failures: readonly DecodeFailure[], total: number): DecodeFailure[] {
  const kept = failures.slice(0, MAX_FAILURES).map((f) => ({ path: cut(f.path, 200), expected: cut(f.expected, 200), actual: cut(f.actual, 80) }));
  if (total > MAX_FAILURES) kept.push({ path: '…', expected: '', actual: `${total - MAX_FAILURES} more failures` });
  return kept;
}

/**
 * A body the library could not read: not JSON, the wrong content type, or JSON that does not
 * match the resource's codec. Says what was being read and which paths failed (the first 20;
 * every field short and redacted, whatever the server sent).
 */
export class DecodeError extends UcwaErrorBase {
  readonly kind = 'decode' as const;
  /** The failing paths: at most 20, then one entry counting the others. Empty when the body was not JSON at all. */
  readonly failures: readonly DecodeFailure[];

  constructor(
    /** What was being decoded, e.g. `contactPresence` or `event channel response`. */
    readonly target: string,
    failures: readonly DecodeFailure[],
    /** Why, when it was not a codec mismatch: `malformedJson`, `unexpectedContentType`, `emptyBody`. */
    readonly reason: 'mismatch' | 'malformedJson' | 'unexpectedContentType' | 'emptyBody' = 'mismatch',
    /** Where the body came from (redacted), when known. */
    readonly url?: string,
    /** How many failures there were in all, when `failures` holds only the first ones. */
    total: number = failures.length,
  ) {
    const kept = bounded(failures, Math.max(total, failures.length));
    const first = kept[0];
    const where = first ? `: ${first.path || '(root)'} expected ${first.expected}, got ${first.actual}` : '';
    const more = total > 1 ? ` (and ${total - 1} more)` : '';
    super(`Cannot decode ${target} (${reason})${where}${more}`);
    this.failures = kept;
  }
}
