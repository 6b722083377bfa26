import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** examples/angular in this repository. */
export const EXAMPLE_DIR = fileURLToPath(new URL('../../../examples/angular/', import.meta.url));

/** Whether zone.js is installed: then the example is built with it and can run either way. */
export function zoneJsInstalled(): boolean {
  try {
    createRequire(join(EXAMPLE_DIR, 'package.json')).resolve('zone.js');
    return true;
  } catch {
    return false;
  }
}

/** A production build of the example. */
export interface ExampleBuild {
  /** The directory to serve (`<output>/browser`). */
  readonly browserDir: string;
  /** Whether zone.js was added as a polyfill. */
  readonly withZoneJs: boolean;
  readonly durationMs: number;
  /** Deletes the build output. */
  remove(): Promise<void>;
}

/**
 * Runs `ng build` (production unless told otherwise) of the example into a new temporary directory, so that builds of
 * test runs going on at the same time do not meet. Rejects with the build's output on failure.
 */
export async function buildExample(options: { readonly withZoneJs: boolean; readonly timeoutMs: number; readonly configuration?: 'production' | 'development' }): Promise<ExampleBuild> {
  const output = await mkdtemp(join(tmpdir(), 'ucwa-rx-angular-example-'));
  const ng = createRequire(import.meta.url).resolve('@angular/cli/bin/ng.js');
  const args = [ng, 'build', `--configuration=${options.configuration ?? 'production'}`, `--output-path=${output}`, '--progress=false'];
  if (options.withZoneJs) args.push('--polyfills=zone.js');
  const started = Date.now();
  const remove = (): Promise<void> => rm(output, { recursive: true, force: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: EXAMPLE_DIR,
      env: { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`ng build failed (${signal ?? `exit ${code}`}):\n${log}`));
    });
  }).catch(async (error: unknown) => {
    await remove();
    throw error;
  });
  return { browserDir: join(output, 'browser'), withZoneJs: options.withZoneJs, durationMs: Date.now() - started, remove };
}
