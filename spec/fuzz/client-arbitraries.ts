import fc from 'fast-check';

/** Arbitraries of hostile input for the client's decoders and parsers (spec/fuzz/client-*.spec.ts). */

/** A value nested `depth` deep (arrays or objects), built by JSON.parse as a server's body would be. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  return kind === 'array' ? JSON.parse('['.repeat(depth) + ']'.repeat(depth)) : JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

/** A secret a hostile server may echo; the tests check it never reaches an error. */
export const SECRET = 'cwt=AAEBHAEAAABhbGljZUBjb250b3NvLmNvbQ-SECRET';

const DEEP_ARRAY = nested(100_000, 'array');
const DEEP_OBJECT = nested(100_000, 'object');
const HUGE_STRING = `${'x'.repeat(1_000_000)} ${SECRET}`;
const HUGE_ARRAY = Array.from({ length: 100_000 }, (_, i) => i);
const MANY_KEYS = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));

/** Values that have hurt parsers: 100,000-deep nesting, a megabyte string, 100,000 elements, 50,000 keys, prototype names. */
export const extremeValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  DEEP_ARRAY,
  DEEP_OBJECT,
  HUGE_STRING,
  HUGE_ARRAY,
  MANY_KEYS,
  JSON.parse('{"__proto__":{"href":"x"},"constructor":{"href":"y"}}') as unknown,
  '__proto__',
  'constructor',
  'javascript:alert(1)',
  '//evil.example/x',
  'https://evil.example/ucwa',
  '\u0000\uFFFD\uD800',
  SECRET,
);

/** Any JSON value, sometimes an extreme one. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 1, arbitrary: extremeValue });

/** A copy of `value` with the node reached by `path` (child picks, modulo the number of children) replaced by `replacement`. */
export function replaceAt(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const [pick = 0, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const index = pick % value.length;
    return value.map((item: unknown, i) => (i === index ? replaceAt(item, rest, replacement) : item));
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[pick % keys.length] as string;
  const copy: Record<string, unknown> = {};
  for (const k of keys) Object.defineProperty(copy, k, { value: k === key ? replaceAt((value as Record<string, unknown>)[k], rest, replacement) : (value as Record<string, unknown>)[k], enumerable: true, writable: true, configurable: true });
  return copy;
}

/** `sample` with one to three of its nodes replaced by hostile values (wrong types, deep nesting, huge strings). */
export function mutated(sample: unknown): fc.Arbitrary<unknown> {
  const edit = fc.tuple(fc.array(fc.nat(), { maxLength: 7 }), hostileValue);
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce<unknown>((value, [path, replacement]) => replaceAt(value, path, replacement), sample));
}

/** Header values a Headers object accepts (visible ASCII, spaces, tabs), sometimes long, sometimes with the secret. */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 }),
  fc.constantFrom('', `28020;reason="${SECRET}"`, `Bearer ${SECRET}`, 'x'.repeat(100_000), 'application/json', 'text/html', 'application/json; charset=utf-8'),
);

/** JSON text of `value`; a value too deep for JSON.stringify becomes the text of a 100,000-deep array. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '['.repeat(100_000) + ']'.repeat(100_000);
  }
}

/** Arbitrary text, sometimes a mutated JSON document, sometimes huge or HTML. */
export function hostileText(samples: readonly unknown[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(...samples).chain(mutated).map(jsonText),
    fc.constantFrom(...samples).chain((sample) => fc.nat().map((cut) => { const text = jsonText(sample); return text.slice(0, cut % (text.length + 1)); })),
    fc.constantFrom('', '<html><body>500 - Internal server error.</body></html>', '['.repeat(200_000), `{"a":"${'y'.repeat(1_000_000)}"}`, '{"code":' + '['.repeat(100_000)),
  );
}
