import * as t from 'io-ts';

/**
 * A string enumeration that stays open: the listed values are known and typed, any other
 * string decodes too and is kept as sent. The server may add values at any time.
 */
export type OpenEnum<Known extends string> = Known | (string & {});

/** Codec for an {@link OpenEnum}: accepts any string, typed as the known values or a string. */
export function openEnum<Known extends string>(name: string, known: readonly Known[]): t.Type<OpenEnum<Known>, string, unknown> & {
  /** The known values, as listed. */
  readonly known: readonly Known[];
} {
  const codec = new t.Type<OpenEnum<Known>, string, unknown>(
    name,
    (u): u is OpenEnum<Known> => typeof u === 'string',
    (u, c) => (typeof u === 'string' ? t.success(u) : t.failure(u, c)),
    (a) => a,
  );
  return Object.assign(codec, { known });
}

/** True when `value` is one of the enumeration's known members. */
export function isKnown<Known extends string>(codec: { readonly known: readonly Known[] }, value: string): value is Known {
  return (codec.known as readonly string[]).includes(value);
}
