/* Test helper: a detached tmux session on a private server socket, read with capture-pane. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A detached tmux session running one command, on its own tmux server (never the user's). */
export class TmuxSession {
  private readonly directory = mkdtempSync(join(tmpdir(), 'ucwa-rx-tmux-'));
  private readonly socket = join(this.directory, 'socket');
  private readonly name = 'cli';

  /** tmux with this session's server socket. */
  async tmux(...args: string[]): Promise<string> {
    const { stdout } = await run('tmux', ['-S', this.socket, ...args]);
    return stdout;
  }

  /** Starts `command` (argv) in a `width` x `height` pane, with `env` added; the pane stays after it exits. */
  async start(command: readonly string[], options: { width: number; height: number; cwd: string; env: Record<string, string> }): Promise<void> {
    const env = Object.entries(options.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    await this.tmux('-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(options.width), '-y', String(options.height), '-c', options.cwd, ...env, ...command.map(quote));
    await this.tmux('set-option', '-t', this.name, 'remain-on-exit', 'on');
  }

  /** The visible pane, one string per line (trailing blank lines kept: the pane's height); with `history`, the scrolled-off lines first. */
  async screen(history = false): Promise<string[]> {
    const start = history ? ['-S', '-'] : [];
    return (await this.tmux('capture-pane', '-p', ...start, '-t', this.name)).replace(/\n$/, '').split('\n');
  }

  /** The visible pane with its colours and attributes as escape sequences. */
  async styledScreen(): Promise<string> {
    return this.tmux('capture-pane', '-p', '-e', '-t', this.name);
  }

  /** A pane format variable, e.g. `history_size`, `pane_dead`, `pane_dead_status`. */
  async paneValue(name: string): Promise<string> {
    return (await this.tmux('display-message', '-p', '-t', this.name, `#{${name}}`)).trim();
  }

  /** Polls the screen until `test` holds; rejects with the last screen after `timeoutMs`. */
  async waitForScreen(test: (lines: string[]) => boolean, what: string, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = await this.screen();
      if (test(lines)) return lines;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Polls until the pane's process has exited; returns its exit status. */
  async waitForExit(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.paneValue('pane_dead')) !== '1') {
      if (Date.now() > deadline) throw new Error('the process in the pane did not exit');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return Number(await this.paneValue('pane_dead_status'));
  }

  /** Ends the tmux server of this session (and whatever still runs in it) and removes its socket. */
  async kill(): Promise<void> {
    await this.tmux('kill-server').catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** An argument quoted for the shell tmux runs the command with. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
