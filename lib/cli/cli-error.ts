import { isUcwaError, type UcwaError } from '../errors/guards.js';

/**
 * A failure the CLI explains in one line (bad option, bad URI, refused sign-in). `main`
 * prints `message` alone; with `--verbose` also `detail`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** The stack trace and causes, shown with --verbose. Already free of secrets. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `text` on one line: newlines and runs of spaces folded. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** A one-line explanation of any error, in the words a user of the CLI needs. */
export function describeFailure(error: unknown): string {
  if (error instanceof CliError) return oneLine(error.message);
  if (isUcwaError(error)) return oneLine(describeUcwaError(error));
  if (error instanceof Error) return oneLine(error.message);
  return oneLine(String(error));
}

function describeUcwaError(error: UcwaError): string {
  switch (error.kind) {
    case 'signIn':
      if (error.reason === 'invalid_grant') return `sign-in refused: wrong user name or password (invalid_grant${error.status ? `, HTTP ${error.status}` : ''})`;
      if (error.reason === 'unauthorized') return `sign-in refused: the server rejected the token (${error.message})`;
      return `sign-in failed: ${error.message}`;
    case 'network':
      return `cannot reach the server: ${error.message}`;
    case 'timeout':
      return `the server did not answer: ${error.message}`;
    case 'invalidArgument':
      return error.message;
    case 'http':
      return `the server refused a request: ${error.message}`;
    default:
      return error.message;
  }
}

/** The stack trace and the chain of causes, for --verbose. */
export function failureDetail(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (current instanceof CliError && current.detail) parts.push(current.detail);
    else if (current instanceof Error) parts.push(current.stack ?? `${current.name}: ${current.message}`);
    else parts.push(String(current));
    if (isUcwaError(current)) parts.push(`  details: ${JSON.stringify(current, (key, value: unknown) => (key === 'cause' ? undefined : value))}`);
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('Caused by:');
  }
  return parts.join('\n');
}
