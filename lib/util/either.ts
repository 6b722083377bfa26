import type { Either, Left, Right } from 'fp-ts/lib/Either.js';

/*
 * The few Either helpers the library uses, over fp-ts's own Either type (io-ts validations are
 * fp-ts Eithers). Importing them from `fp-ts/lib/Either.js` at run time would pull that whole
 * CommonJS module, which bundlers cannot tree-shake, into every browser bundle (about 30 KB
 * minified with what it requires); these are the same data, built and read by the same tags.
 */

export type { Either };

/** True for a failure. */
export const isLeft = <E, A>(value: Either<E, A>): value is Left<E> => value._tag === 'Left';

/** True for a success. */
export const isRight = <E, A>(value: Either<E, A>): value is Right<A> => value._tag === 'Right';

/** A failure. */
export const left = <E = never, A = never>(error: E): Either<E, A> => ({ _tag: 'Left', left: error });

/** A success. */
export const right = <E = never, A = never>(value: A): Either<E, A> => ({ _tag: 'Right', right: value });
