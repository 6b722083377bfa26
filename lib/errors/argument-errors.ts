import { UcwaErrorBase } from './ucwa-error.js';

/** A call was refused before sending because an argument is out of range or malformed. */
export class InvalidArgumentError extends UcwaErrorBase {
  readonly kind = 'invalidArgument' as const;

  constructor(
    /** The argument's name, e.g. `duration`. */
    readonly argument: string,
    /** What is allowed, e.g. `an integer from 10 to 30`. */
    readonly expected: string,
    /** A short rendering of the value given. */
    readonly actual: string,
  ) {
    super(`Invalid ${argument}: expected ${expected}, got ${actual}`);
  }
}

/** The client was closed; nothing more can be done with it. */
export class ClosedError extends UcwaErrorBase {
  readonly kind = 'closed' as const;

  constructor() {
    super('The UCWA client is closed');
  }
}
