import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../package/paths.js';

/** A replica script bundled for child processes, and what removes it. */
export interface BundledScript {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Bundles `entry` (a spec file that runs one replica) into a scratch folder of `.tmp/`, next to
 * the repository's node_modules, which resolves `redis` and `rxjs` for it.
 */
export async function bundleReplicaScript(entry: string): Promise<BundledScript> {
  await mkdir(join(REPO_ROOT, '.tmp'), { recursive: true });
  const dir = await mkdtemp(join(REPO_ROOT, '.tmp', 'replica-'));
  const path = join(dir, 'replica.mjs');
  await build({ entryPoints: [join(REPO_ROOT, entry)], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: path, logLevel: 'silent' });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A replica in a child process, and the NDJSON lines it printed so far. */
export interface ChildReplica {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
}

/** Starts `script` in a child process with `env` added, collecting its NDJSON stdout; `children` gets it for clean-up. */
export function spawnReplica(script: string, env: Record<string, string>, children: ChildProcess[]): ChildReplica {
  const child = spawn(process.execPath, [script], { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) if (part) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  return { child, lines };
}
