import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fromJsonWire, toJsonWire } from '../../lib/redis/json-wire.js';
import { sameWireValue } from '../../lib/share/wire-value.js';
import { checkProperty } from '../support/fuzz.js';

/** What share messages hold after toWire: plain objects (any key, `__proto__` and `@t` included), arrays, dates, bytes, undefined, any number. */
const wireValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<unknown>(undefined, null, true, false, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, '@t', '__proto__'),
    fc.double(),
    fc.string(),
    fc.date({ noInvalidDate: true }),
    fc.uint8Array({ maxLength: 20 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc
      .array(fc.tuple(fc.oneof(fc.string(), fc.constantFrom('@t', '__proto__', 'v', 'constructor')), tie('value')), { maxLength: 4 })
      .map((entries) => Object.fromEntries(entries)),
  ),
})).value;

/** Same kinds all the way down: a date is a Date, bytes are a Uint8Array, an array an array (sameWireValue leaves some of it open). */
function sameKinds(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (typeof a !== 'object' || a === null || b === null) return true;
  const tag = Object.prototype.toString;
  if (tag.call(a) !== tag.call(b)) return false;
  return Object.keys(a).every((key) => sameKinds((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

describe('the JSON form of share messages on Redis', () => {
  it('gives back exactly what was sent: keys, dates, bytes, undefined and every number', () => {
    checkProperty(
      fc.property(wireValue, (value) => {
        // Deep equality of wire values (own keys, undefined ones included; dates; bytes; Object.is for numbers).
        // Not jest's toStrictEqual: it compares `constructor`, which is an ordinary key here.
        const back = fromJsonWire(toJsonWire(value));
        expect(sameWireValue(back, value) && sameKinds(back, value)).toBe(true);
      }),
    );
  });

  it('rebuilds an own `__proto__` key as a key, never as a prototype', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const back = fromJsonWire(toJsonWire(value)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
    expect((back as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
