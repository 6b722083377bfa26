/** Why a long-running command stopped. */
export type StopReason =
  /** Ctrl+C or a kill: a normal end, exit code 0. */
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals }
  /** The caller's AbortSignal (in-process use and tests). */
  | { readonly kind: 'aborted' }
  /** Standard output was closed by the reader (`| head`). */
  | { readonly kind: 'outputClosed' }
  /** The parent process is gone (npm, which does not pass SIGTERM on): a normal end, exit code 0. */
  | { readonly kind: 'parentGone' }
  /** Something that cannot recover: reported as the command's error. */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** A one-shot command finished its work: a normal end, exit code 0. */
  | { readonly kind: 'done' };

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Resolves `stopped` with the first reason to stop: SIGINT, SIGTERM, an abort, or a failure
 * reported with {@link Stopper.fail}. A second signal while the command is tearing down calls
 * `onForce` (exit at once: a user pressing Ctrl+C twice means it). `dispose()` removes the listeners.
 */
export class Stopper {
  /** The first reason to stop. */
  readonly stopped: Promise<StopReason>;
  private resolve!: (reason: StopReason) => void;
  private reason: StopReason | undefined;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.reason) this.onForce(signal);
    else this.stop({ kind: 'signal', signal });
  };
  private readonly onAbort = (): void => this.stop({ kind: 'aborted' });

  constructor(
    private readonly abortSignal: AbortSignal | undefined,
    private readonly onForce: (signal: NodeJS.Signals) => void,
  ) {
    this.stopped = new Promise<StopReason>((resolve) => {
      this.resolve = resolve;
    });
    for (const signal of SIGNALS) process.on(signal, this.onSignal);
    if (abortSignal?.aborted) this.onAbort();
    else abortSignal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Stops for `reason` (the first reason wins). */
  stop(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.resolve(reason);
  }

  /** Stops with a failure. */
  fail(error: unknown): void {
    this.stop({ kind: 'failed', error });
  }

  /** Removes the signal and abort listeners. */
  dispose(): void {
    for (const signal of SIGNALS) process.off(signal, this.onSignal);
    this.abortSignal?.removeEventListener('abort', this.onAbort);
  }
}

/** The default `onForce`: exit at once with the conventional code for the signal. */
export function exitNow(signal: NodeJS.Signals): void {
  process.stderr.write('ucwa-rx: stopping at once; the server drops the application when it times out\n');
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
