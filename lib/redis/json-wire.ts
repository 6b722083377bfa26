/** The key that tags a value JSON cannot hold as it is. */
const TAG = '@t';

/**
 * A share-protocol message as JSON text. The messages are plain data made for structured cloning;
 * JSON would lose what some values hold, so those are tagged: dates (`{"@t":"date"}`), byte arrays
 * (`{"@t":"bytes"}`, base64), `undefined`, numbers JSON has no form for (NaN, ±Infinity, -0), and a
 * plain object that happens to own a `@t` key (wrapped, so that it is not mistaken for a tag).
 */
export function toJsonWire(message: unknown): string {
  return JSON.stringify(encode(message));
}

/** The message back from {@link toJsonWire}'s text (throws on text that is not JSON). */
export function fromJsonWire(text: string): unknown {
  return decode(JSON.parse(text) as unknown);
}

function encode(value: unknown): unknown {
  if (value === undefined) return { [TAG]: 'undefined' };
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: 'number', v: String(value === 0 ? '-0' : value) };
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return { [TAG]: 'date', v: value.getTime() };
  if (ArrayBuffer.isView(value)) return { [TAG]: 'bytes', v: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(encode);
  // Object.fromEntries defines own keys: a `__proto__` key stays a key, never a prototype.
  const out = Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encode(inner)]));
  return Object.prototype.hasOwnProperty.call(value, TAG) ? { [TAG]: 'object', v: out } : out;
}

function decode(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  switch (record[TAG]) {
    case undefined:
      break;
    case 'undefined':
      return undefined;
    case 'number':
      return record['v'] === '-0' ? -0 : Number(record['v']);
    case 'date':
      return new Date(Number(record['v']));
    case 'bytes':
      return new Uint8Array(Buffer.from(String(record['v']), 'base64'));
    case 'object':
      return decodeFields(record['v']);
    default:
      break;
  }
  return decodeFields(record);
}

function decodeFields(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decode(inner)]));
}
