import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The Python modules the vendored pyucwa imports (Debian: python3-requests, python3-yaml, python3-future). */
const MODULES = ['requests', 'yaml', 'future'] as const;

/**
 * The first Python 3 that can import pyucwa's dependencies: `UCWA_PYTHON` if set, else `python3` on
 * the PATH, else Debian's `/usr/bin/python3` (where apt installs python3-requests and friends, which a
 * pyenv or venv `python3` earlier on the PATH does not see). Throws, saying what each candidate lacked
 * and what to install, when none can: the interop test must fail, not skip, without Python.
 */
export function findPython(): string {
  const override = process.env['UCWA_PYTHON'];
  const candidates = override ? [override] : ['python3', '/usr/bin/python3'];
  const problems: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', `import ${MODULES.join(', ')}`], { encoding: 'utf8', timeout: 60_000 });
    if (probe.status === 0) return candidate;
    const why = probe.error ? probe.error.message : probe.stderr.trim().split('\n').pop();
    problems.push(`${candidate}: ${why ?? `exit ${String(probe.status)}`}`);
  }
  throw new Error(
    `the pyucwa interop test needs Python 3 with ${MODULES.join(', ')} ` +
      `(Debian: apt-get install python3 python3-requests python3-yaml python3-future; or set UCWA_PYTHON); ${problems.join('; ')}`,
  );
}

/** One progress line of a driver script: `{"step": ..., ...}`. */
export interface DriverStep {
  readonly step: string;
  readonly [field: string]: unknown;
}

/** A running driver script that reports JSON lines on stdout and reads lines on stdin. */
export interface PythonDriver {
  /** Resolves with the next step named `step`; rejects if the script fails, exits or reports `failed` first. */
  next(step: string, timeoutMs?: number): Promise<DriverStep>;
  /** Writes one line to the script's stdin. */
  send(line: string): void;
  /** Every step reported so far. */
  readonly steps: readonly DriverStep[];
  /** Resolves with the exit status once the script has ended. */
  readonly exited: Promise<number | null>;
  /** Kills the script if it still runs. */
  kill(): void;
}

/** Starts `python script ...args`, with `env` added to this process's environment. */
export function startPythonDriver(python: string, script: string, args: readonly string[], env: Record<string, string>): PythonDriver {
  const child: ChildProcessWithoutNullStreams = spawn(python, ['-u', script, ...args], {
    env: { ...process.env, ...env, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const steps: DriverStep[] = [];
  let stderr = '';
  let ended: string | undefined;
  const waiters = new Set<() => void>();
  const wake = (): void => waiters.forEach((waiter) => waiter());
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      steps.push(JSON.parse(line) as DriverStep);
    } catch {
      steps.push({ step: 'output', line });
    }
    wake();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      ended = `could not start ${python}: ${error.message}`;
      wake();
      resolve(null);
    });
    child.on('close', (code) => {
      ended ??= `the driver exited with status ${String(code)}`;
      wake();
      resolve(code);
    });
  });
  const describe = (): string =>
    `steps: ${JSON.stringify(steps)}; stderr: ${stderr.trim() || '(empty)'}`;
  let consumed = 0;
  return {
    steps,
    exited,
    send: (line) => {
      child.stdin.write(`${line}\n`);
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    next: (step, timeoutMs = 60_000) =>
      new Promise<DriverStep>((resolve, reject) => {
        const look = (): void => {
          while (consumed < steps.length) {
            const seen = steps[consumed++];
            if (seen?.step === 'failed') return settle(() => reject(new Error(`the driver failed before ${step}: ${String(seen['error'])}; ${describe()}`)));
            if (seen?.step === step) return settle(() => resolve(seen));
          }
          if (ended !== undefined) settle(() => reject(new Error(`${ended} before ${step}; ${describe()}`)));
        };
        // A hang guard only: the script's speed is never asserted.
        const timer = setTimeout(() => settle(() => reject(new Error(`no ${step} from the driver within ${timeoutMs} ms; ${describe()}`))), timeoutMs);
        const settle = (done: () => void): void => {
          clearTimeout(timer);
          waiters.delete(look);
          done();
        };
        waiters.add(look);
        look();
      }),
  };
}
