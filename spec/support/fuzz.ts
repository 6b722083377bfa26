import fc from 'fast-check';

/**
 * How many generated cases each property runs: a few hundred in `npm test`, 10,000 in
 * `npm run fuzz` (which sets UCWA_FUZZ_RUNS). A failure names its seed and path; replay just that
 * case with `UCWA_FUZZ_SEED=<seed> UCWA_FUZZ_PATH=<path> npm run jest -- <spec>`.
 */
export function fuzzRuns(quick = 200): number {
  const fromEnv = Number(process.env['UCWA_FUZZ_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : quick;
}

/** fast-check parameters for one property: run count, the replay seed if given, and seeds in every failure report. */
export function fuzzParameters<T>(quick = 200): fc.Parameters<T> {
  const seed = Number(process.env['UCWA_FUZZ_SEED']);
  const path = process.env['UCWA_FUZZ_PATH'];
  return {
    numRuns: fuzzRuns(quick),
    verbose: fc.VerbosityLevel.None,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(path ? { path, endOnFailure: true } : {}),
  };
}

/** Asserts a synchronous property; the thrown report carries the seed and the counterexample. */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>, quick = 200): void {
  fc.assert(property, fuzzParameters<Ts>(quick));
}

/** Asserts an asynchronous property (one that talks HTTP); the report carries the seed. */
export async function checkAsyncProperty<Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<Ts>, quick = 100): Promise<void> {
  await fc.assert(property, fuzzParameters<Ts>(quick));
}
