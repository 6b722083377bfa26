import { jsonNestingExceeds } from '../format/json-depth.js';
import { parseXmlInput } from '../format/xml-input.js';
import { deserializationFailure, unsupportedMediaType } from '../http/errors.js';
import { isJsonType, isXmlType } from '../http/negotiation.js';
import type { Reply, SimRequest } from '../http/types.js';

/**
 * Input of a POST: body properties (JSON object or XML `<input>`) looked up case-insensitively
 * (the reference sends both `userAgent` and `UserAgent`), falling back to query parameters
 * (QueryParameters: input may come either way).
 */
export class Input {
  private readonly values = new Map<string, unknown>();

  /** @param body parsed body properties; @param query the request's query. */
  constructor(body: Readonly<Record<string, unknown>>, query: URLSearchParams) {
    for (const [name, value] of query) this.values.set(name.toLowerCase(), value);
    for (const [name, value] of Object.entries(body)) this.values.set(name.toLowerCase(), value);
  }

  /** The value of a property, any case. */
  get(name: string): unknown {
    return this.values.get(name.toLowerCase());
  }

  /** True when the property was given. */
  has(name: string): boolean {
    return this.values.has(name.toLowerCase());
  }
}

/**
 * The deepest JSON input read: .NET's reader quota (XmlDictionaryReaderQuotas.MaxDepth) is 32, and
 * UCWA input is an object of scalars and string arrays (depth 2).
 */
export const MAX_JSON_DEPTH = 32;

/** Parsed input, or the error reply (415 or 400 DeserializationFailure). */
export type InputResult = { readonly ok: true; readonly input: Input } | { readonly ok: false; readonly reply: Reply };

function parseJsonLeniently(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // The reference's own application sample ends its object with a trailing comma.
    return JSON.parse(text.replace(/,(\s*[}\]])/g, '$1'));
  }
}

/** Reads a request's input: JSON or XML bodies; an empty body is no input. */
export function readInput(request: SimRequest): InputResult {
  const query = request.url.searchParams;
  const text = request.body.toString('utf8');
  if (text.trim() === '') return { ok: true, input: new Input({}, query) };
  const contentType = request.headers['content-type'];
  if (isJsonType(contentType)) {
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) return { ok: false, reply: deserializationFailure() };
    let parsed: unknown;
    try {
      parsed = parseJsonLeniently(text);
    } catch {
      return { ok: false, reply: deserializationFailure() };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reply: deserializationFailure() };
    return { ok: true, input: new Input(parsed as Record<string, unknown>, query) };
  }
  if (isXmlType(contentType)) {
    const parsed = parseXmlInput(text);
    if (!parsed.ok) return { ok: false, reply: deserializationFailure() };
    return { ok: true, input: new Input(parsed.input, query) };
  }
  return { ok: false, reply: unsupportedMediaType() };
}

/**
 * Reads an integer parameter within [min, max]; numbers and numeric strings (XML, query)
 * are accepted. Returns the value, `missing` or `invalid`.
 */
export function integerParameter(value: unknown, min: number, max: number): number | 'missing' | 'invalid' {
  if (value === undefined || value === null || value === '') return 'missing';
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < min || number > max) return 'invalid';
  return number;
}

/** The reason text of a parameter validation failure for a range. */
export function rangeReason(name: string, min: number, max: number, problem: 'missing' | 'invalid'): string {
  return problem === 'missing'
    ? `${name} is required.`
    : `${name} must be an integer; the maximum value is ${max} and the minimum value is ${min}.`;
}

/** How many invalid values a validation message names before it says how many more there are. */
const NAMED_VALUES = 10;
/** How much of an invalid string a validation message quotes. */
const QUOTED_CHARS = 60;

/**
 * A short description of an input value for a validation message: a string quoted (cut at 60
 * characters), a number, boolean or null as written, and only the kind of an array or object
 * (never their content: they may be nested without end or have hostile methods).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > QUOTED_CHARS ? `${value.slice(0, QUOTED_CHARS)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Describes invalid values: the first ten, then how many more. */
export function describeValues(values: readonly unknown[]): string {
  const named = values.slice(0, NAMED_VALUES).map(describeValue).join(', ');
  return values.length > NAMED_VALUES ? `${named} and ${values.length - NAMED_VALUES} more` : named;
}
