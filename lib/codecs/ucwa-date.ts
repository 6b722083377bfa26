import * as t from 'io-ts';

const MS_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/**
 * A UCWA timestamp: JSON's `"\/Date(1474932023993)\/"` (POSIX ms), an ISO 8601 string (the
 * XML form), or a number of ms. Decodes to a `Date`; encodes back to the JSON form.
 */
export const UcwaDateCodec = new t.Type<Date, string, unknown>(
  'UcwaDate',
  (u): u is Date => u instanceof Date,
  (u, c) => {
    if (typeof u === 'number' && Number.isFinite(u)) return t.success(new Date(u));
    if (typeof u !== 'string') return t.failure(u, c);
    const ms = MS_DATE.exec(u.trim());
    const date = ms ? new Date(Number(ms[1])) : new Date(u);
    return Number.isNaN(date.getTime()) ? t.failure(u, c) : t.success(date);
  },
  (date) => `/Date(${date.getTime()})/`,
);
