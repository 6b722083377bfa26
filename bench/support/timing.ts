import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Milliseconds, high resolution. */
export const now = (): number => performance.now();

/** The `p`-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The median of `values`. */
export const median = (values: readonly number[]): number => percentile(values, 50);

/** Milliseconds `work` takes. */
export function timeOf(work: () => void): number {
  const start = now();
  work();
  return now() - start;
}

/** Resolves after `ms` of real time. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let gcFunction: (() => void) | undefined;

/**
 * Runs a full garbage collection (twice, so that finalisers' garbage goes too). Uses the `gc`
 * of `node --expose-gc`; without the flag it turns the flag on and takes `gc` from a fresh
 * context (as in the jest smoke run). Tells whether it could.
 */
export function collectGarbage(): boolean {
  gcFunction ??= (globalThis as { gc?: () => void }).gc ?? exposeGc();
  if (!gcFunction) return false;
  gcFunction();
  gcFunction();
  return true;
}

function exposeGc(): (() => void) | undefined {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? (gc as () => void) : undefined;
}
