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

/**
 * A body the library could not read: not JSON, the wrong content type, or JSON that does not
 * match the resource's codec. Says what was being read and which paths failed.
 */
export class DecodeError extends UcwaErrorBase {
  readonly kind = 'decode' as const;

  constructor(
    /** What was being decoded, e.g. `contactPresence` or `event channel response`. */
    readonly target: string,
    /** Every failing path. Empty when the body was not JSON at all. */
    readonly failures: readonly DecodeFailure[],
    /** Why, when it was not a codec mismatch: `malformedJson`, `unexpectedContentType`, `emptyBody`. */
    readonly reason: 'mismatch' | 'malformedJson' | 'unexpectedContentType' | 'emptyBody' = 'mismatch',
    /** Where the body came from (redacted), when known. */
    readonly url?: string,
  ) {
    const first = failures[0];
    const where = first ? `: ${first.path || '(root)'} expected ${first.expected}, got ${first.actual}` : '';
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    super(`Cannot decode ${target} (${reason})${where}${more}`);
  }
}
