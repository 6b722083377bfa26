import { isEventStream } from '../share/client-facade.js';

/** What a leader's message does to the hash of current values. */
export interface ValueUpdate {
  /** `set`: the message is the stream's current value; `del`: the stream ended. */
  readonly op: 'set' | 'del';
  /** The stream key (the hash field). */
  readonly field: string;
}

/**
 * The hash keeps, per stream, the leader's last `next` message: a value stream's current value
 * (never an event's: events are not replayed). A stream's error or end removes it, so that a
 * replica that reconnects later does not replay a value of a stream that is over.
 */
export function valueUpdate(message: unknown): ValueUpdate | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, key, signal } = message as { type?: unknown; key?: unknown; signal?: { kind?: unknown } };
  if (type !== 'stream' || typeof key !== 'string' || isEventStream(key)) return undefined;
  return { op: signal?.kind === 'next' ? 'set' : 'del', field: key };
}
