import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { CLI, ROOT, childEnv, serverArgs, simulatorPerTest } from './cli-process.js';

const simulator = simulatorPerTest();
const spawned: ChildProcess[] = [];
afterEach(() => {
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Everything a readable stream gives until it ends. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  await once(stream, 'end');
  return text;
}

/** Resolves with `what` when `promise` does; rejects after `ms` (a guard against hangs only). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves when `test` holds, checking every 20 ms. */
function until(test: () => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = (): void => void (test() ? resolve() : setTimeout(check, 20));
    check();
  });
}

/** True when process `pid` has exited: no such process, or a zombie its new parent has not reaped yet. */
function hasExited(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('ucwa-rx and the processes around it', () => {
  it('`watch --json | head -3`, then Ctrl+C: exit 0, nothing on stderr, nothing left on the server', async () => {
    const sim = await simulator();
    const head = spawn('head', ['-3'], { stdio: ['pipe', 'pipe', 'inherit'] });
    spawned.push(head);
    const headOutput = readAll(head.stdout);
    // The CLI writes into the pipe that head reads, as a shell would set it up.
    const cli = spawn(process.execPath, [CLI, 'watch', '--json', ...serverArgs(sim.discoveryUrl), 'sip:bob@contoso.com'], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['ignore', head.stdin, 'pipe'],
    });
    spawned.push(cli);
    head.stdin.destroy(); // only the CLI holds the writing end now
    const stderr = readAll(cli.stderr!);
    const cliExit = once(cli, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    // connecting, connected, Bob's presence: head has its three lines and is gone
    await within(once(head, 'exit'), 5000, 'head to exit');
    const lines = (await headOutput).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['status', 'status', 'presence']);
    expect(sim.state().applications).toHaveLength(1);

    // Nothing more to write until Ctrl+C; then the last status line meets the closed pipe.
    cli.kill('SIGINT');
    const [code, signal] = await within(cliExit, 5000, 'the CLI to exit');
    expect({ code, signal, stderr: await stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(sim.state().applications).toEqual([]);
  });

  it('started by npm, it stops cleanly when npm and the shell it ran in are gone (npm does not pass SIGTERM on)', async () => {
    const sim = await simulator();
    // npm runs a bin through `sh -c`; SIGTERM ends npm and that shell, not the command
    const script = `"${process.execPath}" "${CLI}" watch --json ${serverArgs(sim.discoveryUrl).join(' ')} sip:bob@contoso.com & echo "pid $!" >&2; wait`;
    const shell = spawn('sh', ['-c', script], { cwd: ROOT, env: childEnv({ npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js' }), stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(shell);
    const output = readAll(shell.stdout!); // ends when the CLI, the last writer, exits
    let stderr = '';
    shell.stderr!.setEncoding('utf8');
    const pid = new Promise<number>((resolve) =>
      shell.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /pid (\d+)/.exec(stderr);
        if (match) resolve(Number(match[1]));
      }),
    );
    const cliPid = await within(pid, 5000, 'the pid of the CLI');
    try {
      await within(until(() => (sim.state().applications[0]?.presenceSubscriptions.length ?? 0) > 0), 5000, 'a presence subscription on the server');
      shell.kill('SIGKILL'); // the CLI's parent is gone; the CLI gets no signal
      const lines = (await within(output, 8000, 'the CLI to stop')).trim().split('\n');
      expect(JSON.parse(lines.at(-1) ?? '{}')).toMatchObject({ type: 'status', connection: 'closed' });
      expect(sim.state().applications).toEqual([]);
      await within(until(() => hasExited(cliPid)), 5000, 'the CLI process to be gone');
      expect(stderr.replace(/pid \d+\n/, '')).toBe('');
    } finally {
      if (!hasExited(cliPid)) process.kill(cliPid, 'SIGKILL'); // not our child: the afterEach hooks do not know it
    }
  });
});
