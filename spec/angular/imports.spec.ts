import { describe, expect, it } from '@jest/globals';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every module ucwa-rx/angular loads and the packages each imports, from esbuild's bundle graph. */
async function importGraph(): Promise<Map<string, string[]>> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['lib/angular/index.ts'],
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'neutral',
    format: 'esm',
    logLevel: 'silent',
  });
  return new Map(Object.entries(result.metafile.inputs).map(([file, input]) => [file, input.imports.filter((i) => i.external).map((i) => i.path)]));
}

describe('ucwa-rx/angular imports', () => {
  it('imports only @angular/core and rxjs itself, and only browser-safe library modules', async () => {
    const graph = await importGraph();
    const own = [...graph].filter(([file]) => file.startsWith('lib/angular/'));
    expect(own.length).toBeGreaterThan(3);
    expect(graph.has('lib/client.ts')).toBe(true); // the graph follows the library's own modules
    for (const [, packages] of own) for (const name of packages) expect(['@angular/core', 'rxjs']).toContain(name);

    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    for (const [file, packages] of graph) {
      expect(file).not.toMatch(/^lib\/(simulator|cli)\//);
      for (const name of packages) expect({ file, name, builtin: builtins.has(name) || name.startsWith('node:') }).toEqual({ file, name, builtin: false });
    }
  });
});
