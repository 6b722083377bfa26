/** How often the parent process is checked, ms. */
const PARENT_CHECK_MS = 1000;

/**
 * Whether the command should stop with its parent: when npm started it (`npx ucwa-rx`,
 * `npm start`, an npm script). npm does not pass a SIGTERM on to the command: it ends, and so
 * does the shell between them, leaving the command running as an orphan. Anything else that
 * leaves the command behind (`nohup`, `&` then closing the shell) does it on purpose.
 */
export function stopsWithParent(env: Readonly<Record<string, string | undefined>>): boolean {
  return env['npm_execpath'] !== undefined;
}

/**
 * Calls `onGone` once the parent process has exited (this process was handed to another
 * parent, such as init), checking every second on a timer that does not keep the process
 * alive. Returns the way to stop watching.
 */
export function watchParent(onGone: () => void, intervalMs = PARENT_CHECK_MS): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
