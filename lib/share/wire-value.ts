import { isUcwaError } from '../errors/guards.js';
import { fromWireError, toWireError, type WireError } from './wire-error.js';

/** The key that marks an error inside a value on the wire. */
const ERROR_MARK = '@ucwa-rx/error';

/**
 * Plain objects and arrays are walked; anything else (Date, bytes, strings) is structured-cloneable
 * as it is. A plain object's prototype is a root one: that of this realm or another's (a message
 * may be cloned in another realm than the one reading it).
 */
function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]');
}

/** The built-in type tag (`[object Date]`), true across realms where `instanceof` is not. */
const tag = (value: object): string => Object.prototype.toString.call(value);

/**
 * A value ready for structured cloning: every Error inside it (a connection state's `reason`, a
 * diagnostic) becomes its {@link WireError} form, which a structured clone would otherwise reduce
 * to a bare Error without its class and fields.
 */
export function toWire(value: unknown): unknown {
  if (value instanceof Error || isUcwaError(value)) return { [ERROR_MARK]: toWireError(value) };
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toWire(inner);
    return out;
  }
  return value;
}

/** The value back from the wire, with its typed errors rebuilt. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (typeof value === 'object' && value !== null && isPlainObject(value)) {
    const mark = value[ERROR_MARK];
    if (typeof mark === 'object' && mark !== null) return fromWireError(mark as WireError);
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = fromWire(inner);
    return out;
  }
  return value;
}

/** Deep equality of two wire values (plain data, dates, byte arrays): to drop a value a follower already has. */
export function sameWireValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (tag(a) === '[object Date]' || tag(b) === '[object Date]') return tag(a) === tag(b) && (a as Date).getTime() === (b as Date).getTime();
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.every((byte, index) => byte === y[index]);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const recA = a as Record<string, unknown>;
  const recB = b as Record<string, unknown>;
  return keysA.every((key) => Object.prototype.hasOwnProperty.call(recB, key) && sameWireValue(recA[key], recB[key]));
}
