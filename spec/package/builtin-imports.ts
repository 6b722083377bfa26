import { builtinModules } from 'node:module';
import { build, type Metafile, type Plugin } from 'esbuild';

/** One import of a Node built-in found in a browser bundle, with the chain of files that reaches it. */
export interface BuiltinImport {
  /** The import as written, e.g. `node:fs` or `path`. */
  readonly specifier: string;
  /** Files from the entry to the importing file, as esbuild names them (relative to `cwd`). */
  readonly chain: readonly string[];
}

/** Options of {@link findBuiltinImports}. */
export interface BuiltinImportOptions {
  /** Packages to leave out of the bundle (peer dependencies a browser app brings itself). */
  readonly external?: readonly string[];
  /** Directory the entry and file names are relative to (default: the working directory). */
  readonly cwd?: string;
}

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** True for `fs`, `node:fs`, `fs/promises`, `node:test` and the like. */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? specifier);
}

/** Keeps built-ins out of the bundle (as externals) so the build finishes and every one is listed. */
const builtinsAsExternals: Plugin = {
  name: 'builtins-as-externals',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) => (isNodeBuiltin(args.path) ? { path: args.path, external: true } : undefined));
  },
};

/**
 * Bundles `entry` as a browser app's bundler would (esbuild, `platform: 'browser'`) and lists every
 * Node built-in it reaches, however indirectly. Resolution failures reject.
 */
export async function findBuiltinImports(entry: string, options: BuiltinImportOptions = {}): Promise<BuiltinImport[]> {
  const cwd = options.cwd ?? process.cwd();
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: cwd,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: [...(options.external ?? [])],
    plugins: [builtinsAsExternals],
  });
  return builtinsIn(result.metafile);
}

/** Walks the metafile's import graph breadth-first so each chain is a shortest path from the entry. */
function builtinsIn(metafile: Metafile): BuiltinImport[] {
  const inputs = metafile.inputs;
  const entries = Object.values(metafile.outputs).flatMap((output) => (output.entryPoint ? [output.entryPoint] : []));
  const parent = new Map<string, string | undefined>(entries.map((entry) => [entry, undefined]));
  const queue = [...entries];
  const found: BuiltinImport[] = [];
  const chainTo = (file: string): string[] => {
    const chain: string[] = [];
    for (let at: string | undefined = file; at !== undefined; at = parent.get(at)) chain.unshift(at);
    return chain;
  };
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const imported of inputs[next]?.imports ?? []) {
      if (imported.external) {
        if (isNodeBuiltin(imported.path)) found.push({ specifier: imported.path, chain: chainTo(next) });
      } else if (!parent.has(imported.path)) {
        parent.set(imported.path, next);
        queue.push(imported.path);
      }
    }
  }
  return found;
}

/** One line per finding: `node:fs  (lib/index.ts -> lib/x.ts)`. */
export function describeBuiltinImports(found: readonly BuiltinImport[]): string {
  return found.map((item) => `${item.specifier}  (${item.chain.join(' -> ')})`).join('\n');
}
