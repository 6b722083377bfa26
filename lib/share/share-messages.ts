import * as t from 'io-ts';
import { decodeOrThrow } from '../codecs/decode.js';
import { DecodeError } from '../errors/decode-error.js';

/** The protocol version this code speaks; a message of another version is ignored (and reported). */
export const SHARE_PROTOCOL_VERSION = 1;

const WireErrorCodec = t.type({ kind: t.string, name: t.string, message: t.string, fields: t.UnknownRecord });

/** A stream one tab wants, and the generation of its local stream (a new one each time it is opened). */
const Wish = t.type({ key: t.string, gen: t.number });

/** How a stream or a call went on: a value, its error, or its end. */
const Signal = t.union([
  t.type({ kind: t.literal('next'), value: t.unknown }),
  t.type({ kind: t.literal('error'), error: WireErrorCodec }),
  t.type({ kind: t.literal('complete') }),
]);

const Body = t.union([
  // From every participant to the leader.
  t.type({ type: t.literal('wishes'), tab: t.string, wishes: t.array(Wish) }),
  t.type({ type: t.literal('bye'), tab: t.string }),
  t.type({ type: t.literal('call'), tab: t.string, id: t.number, path: t.string, args: t.array(t.unknown) }),
  t.type({ type: t.literal('cancel'), tab: t.string, id: t.number }),
  // From the leader to everyone.
  t.type({ type: t.literal('leader'), term: t.number, tab: t.string, status: t.unknown }),
  t.type({ type: t.literal('stream'), term: t.number, key: t.string, signal: Signal }),
  t.type({ type: t.literal('reply'), term: t.number, tab: t.string, id: t.number, signal: Signal }),
]);

/** One message of the share protocol, as validated. */
export type ShareMessage = t.TypeOf<typeof Body>;
/** A stream's or a call's next value, error or end. */
export type ShareSignal = t.TypeOf<typeof Signal>;
/** One wanted stream. */
export type ShareWish = t.TypeOf<typeof Wish>;

/** Wraps a body with the protocol version. */
export function envelope(body: ShareMessage): unknown {
  return { v: SHARE_PROTOCOL_VERSION, ...body };
}

/**
 * Validates a received message. Throws a {@link DecodeError} (target `share message`) for a
 * message of another protocol version or a malformed one: the caller reports it and goes on.
 */
export function readMessage(raw: unknown): ShareMessage {
  const version = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['v'] : undefined;
  if (version !== SHARE_PROTOCOL_VERSION) {
    throw new DecodeError('share message', [{ path: 'v', expected: String(SHARE_PROTOCOL_VERSION), actual: typeof version === 'number' ? String(version) : typeof version }]);
  }
  return decodeOrThrow(Body, raw, 'share message');
}
