import { promptTerminal, withPassword } from './password-prompt.js';
import { SecretRedactor } from './secret-redactor.js';
import { resolveServer, secretsOf, type ServerArgs, type ServerChoice } from './server-options.js';

/** Where a command connects, and the redactor that keeps its secrets out of the output. */
export interface ChosenServer {
  readonly choice: ServerChoice;
  readonly redactor: SecretRedactor;
}

/**
 * Decides the server from the options and the environment (see `resolveServer`); with
 * `interactive` and a terminal on stdin, a missing password is asked for without echo.
 */
export async function chooseServer(values: ServerArgs, env: Readonly<Record<string, string | undefined>>, interactive: boolean): Promise<ChosenServer> {
  const terminal = interactive ? promptTerminal() : undefined;
  const choice = await withPassword(resolveServer(values, env, { canPrompt: terminal !== undefined }), terminal);
  return { choice, redactor: new SecretRedactor(secretsOf(choice, env)) };
}
