/* Test helper: the built CLI (dist/cli/main.js) as a child process, its output read line by line. */
import { afterEach } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/simulator/index.js';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI entry. */
export const CLI = resolve(ROOT, 'dist/cli/main.js');

/** How a child process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Waiter {
  readonly test: () => boolean;
  readonly resolve: () => void;
}

const running = new Set<CliProcess>();

/** One run of `ucwa-rx ...`. */
export class CliProcess {
  /** Complete stdout lines so far. */
  readonly lines: string[] = [];
  /** Everything written to stderr so far. */
  stderr = '';
  /** Resolves when the process has exited. */
  readonly exited: Promise<Exit>;
  private partial = '';
  private waiters: Waiter[] = [];
  private exit: Exit | undefined;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      this.lines.push(...parts);
      this.check();
    });
    child.stdout.on('error', () => undefined);
    child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
      this.check();
    });
    this.exited = new Promise((resolveExit) => {
      child.on('close', (code, signal) => {
        this.exit = { code, signal };
        running.delete(this);
        this.check();
        resolveExit(this.exit);
      });
    });
  }

  /** stderr as lines, without the trailing empty one. */
  get stderrLines(): string[] {
    return this.stderr.split('\n').filter((line) => line !== '');
  }

  /** Resolves when `test` holds (checked on every output and on exit); rejects after `timeoutMs`. */
  until(test: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise<void>((resolveWait, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\nstdout:\n${this.lines.slice(-20).join('\n')}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolveWait();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The first stdout line (parsed as JSON) for which `test` holds, waiting for it. */
  async json<T = Record<string, unknown>>(test: (record: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
    let found: T | undefined;
    const scan = (): boolean => {
      for (const line of this.lines) {
        const record = JSON.parse(line) as T;
        if (test(record)) {
          found = record;
          return true;
        }
      }
      return false;
    };
    await this.until(scan, what, timeoutMs);
    return found as T;
  }

  /** Waits for the exit (at most `timeoutMs`). */
  async waitForExit(timeoutMs = 60_000): Promise<Exit> {
    await this.until(() => this.exit !== undefined, 'the process to exit', timeoutMs);
    return this.exit as Exit;
  }

  private check(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.test()) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }
}

/** The environment of a child: this one without UCWA_* and NO_COLOR, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('UCWA_') && key !== 'NO_COLOR') env[key] = value;
  return { ...env, ...extra };
}

/** Starts `node dist/cli/main.js ...args`. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv(env), stdio: 'pipe' });
  const cli = new CliProcess(child);
  running.add(cli);
  return cli;
}

/** Kills every child still running (for afterEach) and waits until they are gone. */
export async function killAll(): Promise<void> {
  const children = [...running];
  for (const cli of children) cli.child.kill('SIGKILL');
  await Promise.all(children.map((cli) => cli.exited));
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Server options for `sim` on the command line. */
export function serverArgs(discoveryUrl: string, password = 'password'): string[] {
  return ['--discovery', discoveryUrl, '--username', 'alice@contoso.com', '--password', password];
}

/**
 * Simulators for the tests of one file: each started with events released within milliseconds
 * (and `options`), and closed after every test, after the CLI children were killed.
 */
export function simulatorPerTest(): (options?: SimulatorOptions) => Promise<Simulator> {
  const sims: Simulator[] = [];
  afterEach(async () => {
    await killAll();
    await Promise.all(sims.splice(0).map((sim) => sim.close()));
  });
  return async (options = {}) => {
    const sim = await startSimulator({ port: 0, aggregationScale: 0.002, ...options });
    sims.push(sim);
    return sim;
  };
}
