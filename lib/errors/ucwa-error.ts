/**
 * The brand every ucwa-rx error carries. A registered symbol, so the guards recognise errors
 * made by another copy of the library (two bundles, a duplicated node_modules).
 */
export const UCWA_ERROR_BRAND: unique symbol = Symbol.for('ucwa-rx.error') as never;

/** The discriminant of every member of the {@link UcwaError} union. */
export type UcwaErrorKind =
  | 'http'
  | 'decode'
  | 'network'
  | 'timeout'
  | 'refusedOrigin'
  | 'signIn'
  | 'invalidArgument'
  | 'eventChannel'
  | 'capacity'
  | 'tooManyApplications'
  | 'closed';

/**
 * Base class of all ucwa-rx errors: a real `Error` (stack, `cause`) with a `kind`
 * discriminant. Never holds a token, a password or an Authorization header.
 */
export abstract class UcwaErrorBase extends Error {
  /** The union discriminant. */
  abstract readonly kind: UcwaErrorKind;
  /** Brand for cross-bundle guards; see {@link UCWA_ERROR_BRAND}. */
  readonly [UCWA_ERROR_BRAND] = true as const;

  protected constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}
