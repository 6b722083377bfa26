import { isUcwaError, type UcwaError } from '../errors/guards.js';
import type { Scrub } from './secret-redactor.js';

/**
 * A failure the CLI explains in one line (bad option, bad URI, refused sign-in). `main`
 * prints `message` alone; with `--verbose` also `detail`. Both are printed as they are: whoever
 * builds one scrubs what it quotes from outside (see {@link describeFailure}).
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** The stack trace and causes, shown with --verbose. Already free of secrets. */
    readonly detail?: string,
    /** The process's exit code: 1, or 130 for a prompt cancelled with Ctrl+C. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `text` on one line: newlines and runs of spaces folded. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * A one-line explanation of any error, in the words a user of the CLI needs. The CLI's own
 * words are kept as written; what it quotes from the error (messages, URLs, the server's
 * message) goes through `scrub` first.
 */
export function describeFailure(error: unknown, scrub: Scrub): string {
  if (error instanceof CliError) return oneLine(error.message);
  if (isUcwaError(error)) return oneLine(describeUcwaError(error, scrub));
  if (error instanceof Error) return oneLine(scrub(error.message));
  return oneLine(scrub(String(error)));
}

function describeUcwaError(error: UcwaError, scrub: Scrub): string {
  switch (error.kind) {
    case 'signIn': {
      const status = error.status === undefined ? '' : `HTTP ${error.status}`;
      if (error.reason === 'invalid_grant') return `sign-in refused: wrong user name or password (invalid_grant${status ? `, ${status}` : ''})`;
      if (error.reason === 'unauthorized') return `sign-in refused: the server refused the token${status ? ` (${status})` : ''}`;
      return `sign-in failed: ${scrub(error.message)}`;
    }
    case 'network':
      return `cannot reach the server: ${scrub(error.message)}`;
    case 'timeout':
      return `the server did not answer: ${scrub(error.message)}`;
    case 'invalidArgument':
      return scrub(error.message);
    case 'http':
      return `the server refused a request: ${scrub(error.message)}${error.serverMessage ? ` (${JSON.stringify(scrub(error.serverMessage))})` : ''}`;
    default:
      return scrub(error.message);
  }
}

/** The stack trace and the chain of causes, for --verbose; everything in it goes through `scrub`. */
export function failureDetail(error: unknown, scrub: Scrub): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (current instanceof CliError && current.detail) parts.push(current.detail);
    else if (current instanceof Error) parts.push(scrub(current.stack ?? `${current.name}: ${current.message}`));
    else parts.push(scrub(String(current)));
    if (isUcwaError(current)) parts.push(`  details: ${JSON.stringify(current, (key, value: unknown) => (key === 'cause' ? undefined : typeof value === 'string' ? scrub(value) : value))}`);
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) parts.push('Caused by:');
  }
  return parts.join('\n');
}
