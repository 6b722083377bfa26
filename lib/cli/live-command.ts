import type { Subscription } from 'rxjs';
import { CliError, describeFailure, failureDetail } from './cli-error.js';
import { fatalConnectionErrors } from './fatal-states.js';
import { stopsWithParent, watchParent } from './parent-watch.js';
import type { SecretRedactor } from './secret-redactor.js';
import type { ServerChoice } from './server-options.js';
import { openSession, type CliSession } from './session.js';
import { standardOutput } from './standard-output.js';
import { Stopper, exitNow } from './stopper.js';

/** What a long-running command gets once the client exists. */
export interface LiveContext {
  readonly session: CliSession;
  /** Report something that cannot recover: the command stops and fails with it. */
  readonly fail: (error: unknown) => void;
}

/** What a long-running command leaves to tear down. */
export interface LiveRun {
  /** Subscriptions to end before the client is closed. */
  readonly subscription: Subscription;
  /** Called after the subscriptions ended (restore the terminal, ...). */
  readonly close?: (() => void) | undefined;
  /** Called after the client was closed (when the command stopped without failing). */
  readonly finished?: (() => void) | undefined;
  /** Called after the client was closed when the command failed, with the failure (before it is reported). */
  readonly failed?: ((error: unknown) => void) | undefined;
}

/** Options of {@link runLive}. */
export interface LiveOptions {
  readonly choice: ServerChoice;
  readonly redactor: SecretRedactor;
  /** Notices and warnings (stderr); whoever writes a line scrubs what it quotes from outside. */
  readonly err: (line: string) => void;
  /** Where verbose lines go (it may change while running, e.g. into the screen); undefined without --verbose. */
  readonly verbose?: ((line: string) => void) | undefined;
  /** Stops the command like SIGINT (in-process use). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Whether the command is the process itself, writing to its stdout: a closed pipe then stops
   * it, and so does the end of the npm process that started it (see `stopsWithParent`).
   */
  readonly usesStdout: boolean;
}

/**
 * Runs a command that lasts until Ctrl+C, SIGTERM, a closed output pipe, the end of the npm
 * process that started it, or a failure: opens the session (starting the embedded simulator if
 * needed), lets `start` subscribe, waits, then tears down in order (subscriptions, the
 * terminal, `client.close()` which deletes the subscriptions and the application on the
 * server, the simulator). A failure is rethrown as a one-line {@link CliError} with its
 * details (secrets scrubbed) for --verbose.
 */
export async function runLive(options: LiveOptions, start: (context: LiveContext) => LiveRun): Promise<void> {
  const { redactor, err } = options;
  const { scrub } = redactor;
  const stopper = new Stopper(options.signal, exitNow);
  const unwatchOutput = options.usesStdout
    ? standardOutput().onLost((loss) => (loss.kind === 'closed' ? stopper.stop({ kind: 'outputClosed' }) : stopper.fail(loss.error)))
    : undefined;
  const unwatchParent = options.usesStdout && stopsWithParent(process.env) ? watchParent(() => stopper.stop({ kind: 'parentGone' })) : undefined;
  let session: CliSession | undefined;
  let run: LiveRun | undefined;
  try {
    session = await openSession(options.choice, { notice: err, verbose: options.verbose, scrub });
    const fail = (error: unknown): void => stopper.fail(error);
    const fatal = fatalConnectionErrors(session.client.connectionState$).subscribe(fail);
    run = start({ session, fail });
    run.subscription.add(fatal);
  } catch (error) {
    stopper.fail(error);
  }
  const reason = await stopper.stopped;
  run?.subscription.unsubscribe();
  run?.close?.();
  if (session && !(await session.close())) err('ucwa-rx: the server did not confirm the teardown in time; it drops the application when it times out');
  if (reason.kind === 'failed') run?.failed?.(reason.error);
  else if (reason.kind !== 'outputClosed') run?.finished?.();
  stopper.dispose();
  unwatchOutput?.();
  unwatchParent?.();
  if (reason.kind === 'failed') {
    throw reason.error instanceof CliError ? reason.error : new CliError(describeFailure(reason.error, scrub), failureDetail(reason.error, scrub));
  }
}
