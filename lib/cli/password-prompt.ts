import { CliError } from './cli-error.js';
import type { PasswordWanted, ServerChoice } from './server-options.js';

/** The terminal a prompt reads from: a TTY read stream (process.stdin), or a stand-in in tests. */
export interface PromptInput {
  readonly isTTY?: boolean | undefined;
  setRawMode(raw: boolean): unknown;
  setEncoding(encoding: 'utf8'): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  off(event: 'data', listener: (chunk: string) => void): unknown;
}

/** Where the prompt is shown (stderr, so that stdout stays clean for --json). */
export interface PromptOutput {
  write(chunk: string): unknown;
}

/** Escape sequences (arrow keys, bracketed-paste markers): ignored in a hidden answer. */
const ESCAPE_SEQUENCE = /\x1b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;
const SIGNALS_DURING_PROMPT: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

/**
 * Shows `question` and reads one line from a terminal without echoing it: the terminal is put
 * in raw mode (nothing typed is shown, not even as stars), Backspace and Ctrl+U edit, Enter
 * ends. Ctrl+C, Ctrl+D on an empty line, SIGTERM or SIGHUP cancel it (rejects with a
 * {@link CliError} whose exit code is 130). The terminal is restored in every case.
 */
export function readHiddenLine(question: string, input: PromptInput, output: PromptOutput): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const finish = (cancelled: boolean): void => {
      input.off('data', onData);
      for (const signal of SIGNALS_DURING_PROMPT) process.off(signal, onSignal);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (cancelled) reject(new CliError('cancelled at the password prompt', undefined, 130));
      else resolve(answer);
    };
    const onSignal = (): void => finish(true);
    const onData = (chunk: string): void => {
      for (const char of chunk.replace(ESCAPE_SEQUENCE, '')) {
        if (char === '\r' || char === '\n') return finish(false);
        if (char === '\u0003' || (char === '\u0004' && answer === '')) return finish(true);
        if (char === '\u007f' || char === '\b') answer = [...answer].slice(0, -1).join('');
        else if (char === '\u0015') answer = '';
        else if (char >= ' ') answer += char;
      }
    };
    for (const signal of SIGNALS_DURING_PROMPT) process.once(signal, onSignal);
    output.write(question);
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
}

/** The terminal to prompt on, when there is one: stdin must be a TTY. */
export function promptTerminal(): { readonly input: PromptInput; readonly output: PromptOutput } | undefined {
  return process.stdin.isTTY ? { input: process.stdin, output: process.stderr } : undefined;
}

/**
 * The server choice with its password: asked for on the terminal when `choice` still wants one
 * (see `resolveServer`'s `canPrompt`). An empty answer is an error.
 */
export async function withPassword(
  choice: ServerChoice | PasswordWanted,
  terminal: { readonly input: PromptInput; readonly output: PromptOutput } | undefined = promptTerminal(),
): Promise<ServerChoice> {
  if (choice.kind !== 'passwordWanted') return choice;
  if (terminal === undefined) throw new CliError('--username needs --password (or UCWA_PASSWORD)');
  const host = new URL(choice.discoveryUrl).host;
  const password = await readHiddenLine(`Password for ${choice.username} at ${host}: `, terminal.input, terminal.output);
  if (password === '') throw new CliError('no password given');
  return { kind: 'remote', discoveryUrl: choice.discoveryUrl, auth: { username: choice.username, password } };
}
