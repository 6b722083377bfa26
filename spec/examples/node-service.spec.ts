import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Simulator } from '../../lib/simulator/index.js';
import { REPO_ROOT } from '../package/paths.js';
import { startFastSimulator } from '../support/simulator.js';

/** The example service, running as a child process, with its output line by line. */
interface Service {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly errors: string[];
  /** Resolves with the first line (past or future) matching `pattern`; rejects after `timeoutMs`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code and signal once the process ended and its output was read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir: string;
let script: string;
let sim: Simulator;
const running: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ucwa-rx-example-'));
  script = join(dir, 'watch-presence.mjs');
  await build({
    entryPoints: [join(REPO_ROOT, 'examples/node/watch-presence.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: script,
    logLevel: 'silent',
  });
  sim = await startFastSimulator();
});

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts the example like a user would: options on the command line, the password in the environment. */
function startService(args: readonly string[], env: Record<string, string> = {}): Service {
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [script, ...args], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  const lines: string[] = [];
  const errors: string[] = [];
  const waiters = new Set<() => void>();
  const collect = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer): void => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      into.push(...parts);
      for (const wake of waiters) wake();
    };
  };
  child.stdout?.on('data', collect(lines));
  child.stderr?.on('data', collect(errors));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const line = (pattern: RegExp, timeoutMs = 60_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find((candidate) => pattern.test(candidate));
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const fail = (why: string): void => {
        cleanup();
        reject(new Error(`no line matched ${pattern}: ${why}; stdout:\n${lines.join('\n')}\nstderr:\n${errors.join('\n')}`));
      };
      const timer = setTimeout(() => fail(`not within ${timeoutMs} ms`), timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
      void exited.then(({ code, signal }) => {
        if (waiters.has(check)) fail(`the service exited (code ${code}, signal ${signal})`);
      });
    });
  return { child, lines, errors, line, exited };
}

const signIn = { UCWA_USERNAME: 'alice@contoso.com', UCWA_PASSWORD: 'password' };

describe('examples/node/watch-presence', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('logs transitions, and on %s closes the client and exits 0', async (signal) => {
    sim.setPresence('sip:bob@contoso.com', { availability: 'Online' });
    const service = startService(['--discovery', sim.discoveryUrl, 'sip:bob@contoso.com', 'sip:carol@contoso.com'], signIn);
    await service.line(/^bob: Online$/);
    await service.line(/^carol: \w+$/);
    expect(sim.state().applications).toHaveLength(1);

    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
    await service.line(/^bob: Online -> Busy$/);

    service.child.kill(signal);
    await expect(service.exited).resolves.toEqual({ code: 0, signal: null });
    expect(service.lines).toEqual(expect.arrayContaining([`stopping (${signal})`, 'stopped']));
    expect(service.errors.filter(Boolean)).toEqual([]);
    expect(sim.state().applications).toEqual([]); // close() deleted the application, and with it every subscription
  });

  it('explains what is missing and exits 2', async () => {
    const service = startService(['sip:bob@contoso.com'], { UCWA_DISCOVERY_URL: '' });
    await expect(service.exited).resolves.toEqual({ code: 2, signal: null });
    expect(service.errors.join('\n')).toContain('no discovery URL');
    expect(service.errors.join('\n')).toContain('Usage: watch-presence');
  });
});
