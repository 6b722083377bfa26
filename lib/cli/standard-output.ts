/** How an output stream was lost: its reader went away (`| head`), or writing failed otherwise. */
export type OutputLoss = { readonly kind: 'closed' } | { readonly kind: 'failed'; readonly error: Error };

/** The part of a writable stream a {@link LineOutput} needs. */
export interface WritableLike {
  write(chunk: string): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A process stream (stdout, stderr) as a line writer that survives its reader going away. A
 * closed pipe (EPIPE) or any other write error is reported once to the listeners, and later
 * lines are dropped: the error listener stays for the life of the process, so a write that
 * fails after the command has finished (a last status line) never becomes an unhandled
 * `error` event with a stack trace.
 */
export class LineOutput {
  private lost: OutputLoss | undefined;
  private readonly listeners = new Set<(loss: OutputLoss) => void>();

  constructor(private readonly stream: WritableLike) {
    stream.on('error', (error: NodeJS.ErrnoException) => this.lose(error.code === 'EPIPE' ? { kind: 'closed' } : { kind: 'failed', error }));
  }

  /** Writes `line` and a newline, unless the stream is lost. */
  readonly writeLine = (line: string): void => {
    if (this.lost === undefined) this.stream.write(`${line}\n`);
  };

  /** Calls `listener` when the stream is lost (at once if it already is); returns the way to stop listening. */
  onLost(listener: (loss: OutputLoss) => void): () => void {
    if (this.lost !== undefined) {
      listener(this.lost);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private lose(loss: OutputLoss): void {
    if (this.lost !== undefined) return;
    this.lost = loss;
    for (const listener of [...this.listeners]) listener(loss);
    this.listeners.clear();
  }
}

let stdout: LineOutput | undefined;
let stderr: LineOutput | undefined;

/** The process's standard output as a {@link LineOutput} (one per process). */
export function standardOutput(): LineOutput {
  return (stdout ??= new LineOutput(process.stdout));
}

/** The process's standard error as a {@link LineOutput} (one per process). */
export function standardError(): LineOutput {
  return (stderr ??= new LineOutput(process.stderr));
}
