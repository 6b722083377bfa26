import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import type { BenchResult, BenchRow } from './report.js';
import { now } from './support/timing.js';

/** The full run (the same: bundling is quick). */
export const BUNDLE_SIZE_FULL = { verdicts: true } as const;

/** Targets of issue 8, bytes (1 KB = 1024 bytes), minified and gzipped. */
const TOTAL_BUDGET = 40 * 1024;
const OWN_BUDGET = 12 * 1024;

/** The tiny browser app the bundle is built for: a client and one presence stream. */
const ENTRY = `
import { createUcwaClient } from './lib/index.js';
const client = createUcwaClient({ discoveryUrl: 'https://lyncdiscover.contoso.com/', token: 'cwt=example' });
client.presence$('sip:bob@contoso.com').subscribe((presence) => console.log(presence.availability));
`;

/** The name the entry is bundled under. */
const ENTRY_FILE = 'size-entry.ts';

/** What a browser downloads to start the app: the entry chunk and the chunks it imports statically. */
interface InitialLoad {
  /** The initial chunks, concatenated. */
  readonly code: Uint8Array;
  /** Bytes of the chunks loaded later with `import()` (features the app does not use). */
  readonly lazyBytes: number;
  readonly metafile: Metafile;
}

/**
 * Bundles the entry for the browser, minified, tree-shaken and split into chunks as an app's
 * bundler does (`import()` gets a chunk of its own); `external` leaves the dependencies out.
 * Measures the initial load: the entry chunk and what it imports statically.
 */
async function bundle(external: boolean): Promise<InitialLoad> {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: resolve('.'), sourcefile: ENTRY_FILE, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    splitting: true,
    outdir: 'size-out',
    metafile: true,
    write: false,
    packages: external ? 'external' : 'bundle',
    logLevel: 'warning',
  });
  const outputs = result.metafile.outputs;
  // The app's own chunk: modules loaded with import() are entry points of their own too.
  const entry = Object.keys(outputs).find((name) => outputs[name]?.entryPoint === ENTRY_FILE);
  if (!entry) throw new Error('bundle size: esbuild wrote no entry chunk');
  const initial = new Set<string>();
  const visit = (name: string): void => {
    if (initial.has(name)) return;
    initial.add(name);
    for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry);
  const files = result.outputFiles.filter((file) => initial.has(relativeOutput(file.path)));
  const lazyBytes = result.outputFiles.filter((file) => !initial.has(relativeOutput(file.path))).reduce((sum, file) => sum + file.contents.length, 0);
  const code = new Uint8Array(files.reduce((sum, file) => sum + file.contents.length, 0));
  let offset = 0;
  for (const file of files) {
    code.set(file.contents, offset);
    offset += file.contents.length;
  }
  const inputs = Object.fromEntries(Object.entries(outputs).filter(([name]) => initial.has(name)));
  return { code, lazyBytes, metafile: { ...result.metafile, outputs: inputs } };
}

/** An output file's path as the metafile names it (relative to the working directory). */
function relativeOutput(path: string): string {
  return path.slice(resolve('.').length + 1);
}

const gzipped = (code: Uint8Array): number => gzipSync(code, { level: 9 }).length;

/** Minified bytes per origin: `lib` (ours) and each package under node_modules. */
function bytesByOrigin(metafile: Metafile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const origin = match ? (match[1] as string) : path.startsWith('lib/') ? 'lib' : path;
      out[origin] = (out[origin] ?? 0) + input.bytesInOutput;
    }
  }
  return out;
}

/**
 * Benchmark 5: the browser bundle of `createUcwaClient` + `presence$` with every dependency,
 * minified and gzipped (esbuild, platform browser; gzip level 9), and our own code's part:
 * the same bundle with the dependencies left out, gzipped alone (and its share of the
 * minified bytes from esbuild's metafile).
 */
export async function runBundleSize(options: { readonly verdicts: boolean }): Promise<BenchResult> {
  const started = now();
  const whole = await bundle(false);
  const own = await bundle(true);
  const total = gzipped(whole.code);
  const ours = gzipped(own.code);
  const byOrigin = bytesByOrigin(whole.metafile);
  const minified = whole.code.length;
  const oursMinified = byOrigin.lib ?? 0;
  const rows: BenchRow[] = [
    {
      bench: '5 bundle size',
      metric: 'createUcwaClient + presence$, all deps',
      measured: total / 1024,
      unit: 'KB gz',
      target: `<= ${TOTAL_BUDGET / 1024}`,
      pass: options.verdicts ? total <= TOTAL_BUDGET : undefined,
      note: `${(minified / 1024).toFixed(1)} KB minified at start; ${(whole.lazyBytes / 1024).toFixed(1)} KB more in chunks loaded on first use of contacts, groups or the password grant`,
    },
    {
      bench: '5 bundle size',
      metric: 'of it our own code (lib/)',
      measured: ours / 1024,
      baseline: total / 1024,
      baselineName: 'whole',
      ratio: ours / total,
      unit: 'KB gz',
      target: `<= ${OWN_BUDGET / 1024}`,
      pass: options.verdicts ? ours <= OWN_BUDGET : undefined,
      note: `${(oursMinified / 1024).toFixed(1)} KB of ${(minified / 1024).toFixed(1)} KB minified are lib/`,
    },
  ];
  return {
    name: 'bundle size',
    rows,
    details: { gzipBytes: total, ownGzipBytes: ours, minifiedBytes: minified, minifiedBytesByOrigin: byOrigin },
    elapsedMs: now() - started,
  };
}
