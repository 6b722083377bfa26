/** Limits of {@link redactValue}: what a server may put in an error's property bags. */
const MAX_DEPTH = 6;
const MAX_ENTRIES = 100;
const MAX_STRING = 1000;

/**
 * A copy of a JSON value from a server (an error body's `debugInfo` or `parameters`) that is
 * safe to keep in an error: every string and key passed through `redact`, strings cut at 1,000
 * characters, at most 100 entries per object or array and 6 levels deep (deeper values become
 * `"…"`), so that logging the error (`JSON.stringify`) is cheap and cannot overflow the stack.
 */
export function redactValue(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return redact(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ENTRIES).map((item: unknown) => redactValue(item, redact, depth + 1));
    return value.length > MAX_ENTRIES ? [...items, `… ${value.length - MAX_ENTRIES} more`] : items;
  }
  const copy: Record<string, unknown> = {};
  let count = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (count === MAX_ENTRIES) {
      copy['…'] = 'more entries left out';
      break;
    }
    count += 1;
    Object.defineProperty(copy, redact(key), {
      value: redactValue((value as Record<string, unknown>)[key], redact, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** {@link redactValue} for a property bag: undefined stays undefined. */
export function redactBag(bag: Readonly<Record<string, unknown>> | undefined, redact: (text: string) => string): Readonly<Record<string, unknown>> | undefined {
  return bag === undefined ? undefined : (redactValue(bag, redact) as Record<string, unknown>);
}
