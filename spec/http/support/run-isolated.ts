import { buildSync } from 'esbuild';
import { Worker } from 'node:worker_threads';

/**
 * Runs `exportName(...args)` of the TypeScript module `entry` in a worker thread and resolves
 * with its JSON-serialisable result; rejects if it throws or has not finished after
 * `safetyMs` of real time (the worker is terminated). A synchronous function that never returns
 * (a regex that backtracks for hours) cannot be interrupted in the test's own thread: this turns
 * such a hang into a failure. The safety time only catches hangs: it is generous next to the
 * work expected.
 */
export async function runIsolated(entry: string, exportName: string, args: readonly unknown[], safetyMs = 15_000): Promise<unknown> {
  const bundle = buildSync({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'silent' });
  const code = bundle.outputFiles[0]?.text ?? '';
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const module = { exports: {} };
    (function (module, exports) { ${code} \n})(module, module.exports);
    try {
      parentPort.postMessage({ ok: true, value: module.exports[workerData.exportName](...workerData.args) });
    } catch (error) {
      parentPort.postMessage({ ok: false, error: String(error) });
    }`;
  const worker = new Worker(source, { eval: true, workerData: { exportName, args } });
  try {
    return await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${exportName} did not finish within ${safetyMs} ms (a hang)`)), safetyMs);
      worker.once('message', (message: { ok: boolean; value?: unknown; error?: string }) => {
        clearTimeout(timer);
        if (message.ok) resolve(message.value);
        else reject(new Error(message.error));
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    await worker.terminate();
  }
}
