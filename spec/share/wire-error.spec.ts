import { describe, expect, it } from '@jest/globals';
import { CapacityError } from '../../lib/errors/capacity-error.js';
import { ClosedError, InvalidArgumentError } from '../../lib/errors/argument-errors.js';
import { DecodeError } from '../../lib/errors/decode-error.js';
import { EventChannelError } from '../../lib/errors/event-channel-error.js';
import { HttpError } from '../../lib/errors/http-error.js';
import { SignInError } from '../../lib/errors/sign-in-error.js';
import { NetworkError, RefusedOriginError, TimeoutError } from '../../lib/errors/transport-errors.js';
import { isUcwaError } from '../../lib/errors/guards.js';
import { fromWireError, toWireError } from '../../lib/share/wire-error.js';
import { fromWire, sameWireValue, toWire } from '../../lib/share/wire-value.js';

/** Through a structured clone, as BroadcastChannel carries it. */
const across = (error: unknown): Error => fromWireError(structuredClone(toWireError(error)));

const EXAMPLES: readonly [string, Error][] = [
  ['http', new HttpError({ status: 410, code: 'Gone', subcode: 'CannotRedirect', serverMessage: 'no pool', retryAfterMs: 3000, diagnostics: '1;reason', method: 'GET', url: 'https://pool/x', contentType: 'application/json', fromUcwa: true, debugInfo: { a: 1 }, parameters: { b: 'c' } })],
  ['decode', new DecodeError('contactPresence', [{ path: 'availability', expected: 'string', actual: '42' }], 'mismatch', 'https://pool/p')],
  ['network', new NetworkError('GET', 'https://pool/x', 'connection refused')],
  ['timeout', new TimeoutError('POST', 'https://pool/y', 30000)],
  ['refusedOrigin', new RefusedOriginError('https://evil', 'https://pool', 'GET')],
  ['signIn', new SignInError('invalid_grant', 'the password was refused', 400, 'diag')],
  ['invalidArgument', new InvalidArgumentError('uri', 'a SIP URI', '"x"')],
  ['eventChannel', new EventChannelError('retriesExhausted', 'gave up after 3 failures')],
  ['capacity', new CapacityError('sip:bob@contoso.com', 50, 250)],
  ['closed', new ClosedError()],
];

describe('errors between participants', () => {
  it.each(EXAMPLES)('a %s error is rebuilt as its typed class with its fields and message', (kind, error) => {
    const rebuilt = across(error);
    expect(rebuilt).toBeInstanceOf(error.constructor);
    expect(isUcwaError(rebuilt)).toBe(true);
    expect(rebuilt.message).toBe(error.message);
    expect(rebuilt.name).toBe(error.name);
    expect({ ...rebuilt }).toEqual({ ...error });
    expect((rebuilt as { kind?: string }).kind).toBe(kind);
  });

  it('an error that is not a UcwaError keeps its name and message, not its cause', () => {
    const rebuilt = across(Object.assign(new RangeError('out of range', { cause: 'cwt=secret' })));
    expect(rebuilt.message).toBe('out of range');
    expect(rebuilt.name).toBe('RangeError');
    expect(rebuilt.cause).toBeUndefined();
  });

  it('errors inside values are rebuilt; dates and bytes pass as they are; equal values are recognised', () => {
    const value = { status: 'closed', error: new ClosedError(), at: new Date(5), bytes: new Uint8Array([1, 2]), list: [new TimeoutError('GET', 'u', 1)] };
    const wire = structuredClone(toWire(value));
    const back = fromWire(wire) as typeof value;
    expect(back.error).toBeInstanceOf(ClosedError);
    expect(back.list[0]).toBeInstanceOf(TimeoutError);
    expect(back.at.getTime()).toBe(5);
    expect([...back.bytes]).toEqual([1, 2]);
    expect(sameWireValue(wire, structuredClone(toWire(value)))).toBe(true);
    expect(sameWireValue(wire, toWire({ ...value, at: new Date(6) }))).toBe(false);
    expect(sameWireValue(wire, toWire({ ...value, bytes: new Uint8Array([1, 3]) }))).toBe(false);
  });
});
