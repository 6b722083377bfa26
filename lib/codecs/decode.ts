import { isLeft } from '../util/either.js';
import type * as t from 'io-ts';
import { map, type OperatorFunction } from 'rxjs';
import { DecodeError, type DecodeFailure } from '../errors/decode-error.js';
import { redactText } from '../errors/redact.js';
import { renderValue } from './render-value.js';

const MAX_ACTUAL = 80;
/** Failures rendered into a DecodeError (it keeps 20). */
const MAX_RENDERED_FAILURES = 21;
/** Rendered beyond what is shown, so that a credential cut at the edge is still recognised and redacted. */
const RENDER_BUDGET = 400;

function render(value: unknown): string {
  const text = redactText(renderValue(value, RENDER_BUDGET));
  return text.length > MAX_ACTUAL ? `${text.slice(0, MAX_ACTUAL - 1)}…` : text;
}

/** Union and intersection members add an index to the context that is not part of the path. */
function isCombinator(type: t.Decoder<unknown, unknown>): boolean {
  const tag = (type as { _tag?: string })._tag;
  return tag === 'UnionType' || tag === 'IntersectionType';
}

function toFailure(error: t.ValidationError): DecodeFailure {
  const keys: string[] = [];
  error.context.forEach((entry, index) => {
    const parent = error.context[index - 1];
    if (index > 0 && parent && !isCombinator(parent.type)) keys.push(entry.key);
  });
  const leaf = error.context[error.context.length - 1];
  return { path: keys.join('.'), expected: leaf?.type.name ?? 'unknown', actual: render(error.value) };
}

/**
 * Decodes `value` with `codec`; returns the decoded value or throws a {@link DecodeError}
 * naming `target` and every failing path. Values that already satisfy the codec's type guard
 * are returned without the full decode (the hot path of event routing); transforming codecs
 * (dates) fail the guard on raw input and take the full decode. `url` (where the value was read)
 * may be given as a function: it is then only computed for an error.
 */
export function decodeOrThrow<A, O>(codec: t.Type<A, O, unknown>, value: unknown, target: string, url?: string | (() => string)): A {
  // Fast path for codecs that do not transform: a valid value is returned as it is.
  if (codec.is(value)) return value;
  const result = codec.decode(value);
  // Only the first failures are rendered (a hostile array can fail 100,000 times); the rest are counted.
  if (isLeft(result)) {
    throw new DecodeError(target, result.left.slice(0, MAX_RENDERED_FAILURES).map(toFailure), 'mismatch', typeof url === 'function' ? url() : url, result.left.length);
  }
  return result.right;
}

/**
 * RxJS operator: decodes each value with `codec`. A mismatch errors the stream with a typed
 * {@link DecodeError} that says which path failed. `target` names what is being read.
 */
export function decode<A, O>(codec: t.Type<A, O, unknown>, target: string = codec.name): OperatorFunction<unknown, A> {
  return map((value) => decodeOrThrow(codec, value, target));
}
