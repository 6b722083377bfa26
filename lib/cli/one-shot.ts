import type { Observable, Subscription } from 'rxjs';
import { CliError, describeFailure, failureDetail } from './cli-error.js';
import { fatalConnectionErrors } from './fatal-states.js';
import type { SecretRedactor } from './secret-redactor.js';
import type { ServerChoice } from './server-options.js';
import { openSession, type CliSession } from './session.js';
import { Stopper, exitNow } from './stopper.js';

/** Options of {@link runOnce}. */
export interface OnceOptions {
  readonly choice: ServerChoice;
  readonly redactor: SecretRedactor;
  /** Notices (stderr). */
  readonly err: (line: string) => void;
  /** Verbose log lines; undefined without --verbose. */
  readonly verbose?: ((line: string) => void) | undefined;
  /** Stops the command like SIGINT (in-process use). */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs a command that does one thing and ends (`me`, `set-presence`, `search`): opens the session
 * (starting the embedded simulator if needed), subscribes to `work`, and when it completes, fails,
 * the server cannot be reached at the start, or Ctrl+C/SIGTERM comes, tears down in order (the
 * work, `client.close()` which deletes the application on the server, the simulator). A failure
 * is rethrown as a one-line {@link CliError} with its details (secrets scrubbed) for --verbose.
 */
export async function runOnce(options: OnceOptions, work: (session: CliSession) => Observable<unknown>): Promise<void> {
  const { scrub } = options.redactor;
  const stopper = new Stopper(options.signal, exitNow);
  let session: CliSession | undefined;
  let running: Subscription | undefined;
  try {
    session = await openSession(options.choice, { notice: options.err, verbose: options.verbose, scrub });
    running = work(session).subscribe({ error: (error: unknown) => stopper.fail(error), complete: () => stopper.stop({ kind: 'done' }) });
    running.add(fatalConnectionErrors(session.client.connectionState$).subscribe((error) => stopper.fail(error)));
  } catch (error) {
    stopper.fail(error);
  }
  const reason = await stopper.stopped;
  running?.unsubscribe();
  if (session && !(await session.close())) options.err('ucwa-rx: the server did not confirm the teardown in time; it drops the application when it times out');
  stopper.dispose();
  if (reason.kind === 'failed') {
    throw reason.error instanceof CliError ? reason.error : new CliError(describeFailure(reason.error, scrub), failureDetail(reason.error, scrub));
  }
}
