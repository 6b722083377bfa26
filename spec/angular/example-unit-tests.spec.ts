import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { EXAMPLE_DIR } from './support/build-example.js';

/** Runs `ng test --watch=false` in the example (Vitest, as a new Angular 21 app does); resolves with its exit code and output. */
function ngTest(): Promise<{ readonly code: number | null; readonly output: string }> {
  const ng = createRequire(import.meta.url).resolve('@angular/cli/bin/ng.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ng, 'test', '--watch=false', '--progress=false'], {
      cwd: EXAMPLE_DIR,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false', NO_COLOR: '1', FORCE_COLOR: '0', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("the Angular example's own unit tests (ng test)", () => {
  it('pass: the docs badge tested with provideUcwaTesting()', async () => {
    const { code, output } = await ngTest();
    expect({ code, tail: output.slice(-2000) }).toEqual({ code: 0, tail: expect.stringMatching(/Tests\s+3 passed \(3\)/) });
  }, 170_000);
});
