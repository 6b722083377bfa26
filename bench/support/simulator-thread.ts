import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { PresenceUpdate } from '../../lib/simulator/index.js';
import type { RequestKinds } from './request-kinds.js';
import type { ServerResources, ServerSummary, SimulatorReply, SimulatorRequest, SimulatorThreadOptions } from './simulator-protocol.js';

/** A simulator running in a worker thread, driven by messages. */
export interface SimulatorThread {
  readonly discoveryUrl: string;
  /** Sets the presence of every URI (in the simulator, at once). */
  setPresence(uris: readonly string[], presence: PresenceUpdate): Promise<void>;
  /** The simulator thread's open sockets and timers. */
  resources(): Promise<ServerResources>;
  summary(): Promise<ServerSummary>;
  /** Every request the simulator has logged so far, counted by kind. */
  requestKinds(): Promise<RequestKinds>;
  close(): Promise<void>;
}

let bundled: Promise<string> | undefined;

/**
 * Bundles simulator-worker.ts once per process (paths from the repository root, the working
 * directory of npm scripts and jest) into .tmp/bench-worker, named by its content's hash: runs
 * of the same code share one file, written whole (a rename) so that parallel runs never read half.
 */
function workerFile(): Promise<string> {
  bundled ??= (async () => {
    const result = await build({
      entryPoints: [resolve('bench/support/simulator-worker.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'warning',
    });
    const code = result.outputFiles[0]?.contents;
    if (!code) throw new Error('simulator thread: esbuild wrote nothing');
    const directory = resolve('.tmp/bench-worker');
    const file = resolve(directory, `simulator-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(file)) {
      mkdirSync(directory, { recursive: true });
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, file);
    }
    return file;
  })();
  return bundled;
}

type RequestBody = SimulatorRequest extends infer R ? (R extends SimulatorRequest ? Omit<R, 'id'> : never) : never;

/** Starts a simulator in a worker thread; resolves once it listens. */
export async function startSimulatorThread(options: SimulatorThreadOptions): Promise<SimulatorThread> {
  const worker = new Worker(await workerFile(), { workerData: options });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const discoveryUrl = await new Promise<string>((resolveReady, rejectReady) => {
    worker.once('error', rejectReady);
    worker.on('message', (reply: SimulatorReply) => {
      if (reply.kind === 'ready') return resolveReady(reply.discoveryUrl);
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.result);
    });
  });
  const ask = <T>(body: RequestBody): Promise<T> =>
    new Promise<T>((resolveReply, rejectReply) => {
      const id = nextId++;
      pending.set(id, { resolve: (value) => resolveReply(value as T), reject: rejectReply });
      worker.postMessage({ ...body, id });
    });
  return {
    discoveryUrl,
    setPresence: (uris, presence) => ask<void>({ op: 'setPresence', uris, presence }),
    resources: () => ask<ServerResources>({ op: 'resources' }),
    summary: () => ask<ServerSummary>({ op: 'summary' }),
    requestKinds: () => ask<RequestKinds>({ op: 'requestKinds' }),
    close: async () => {
      await ask<void>({ op: 'close' });
      await worker.terminate();
    },
  };
}
