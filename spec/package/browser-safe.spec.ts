import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBuiltinImports, findBuiltinImports } from './builtin-imports.js';
import { REPO_ROOT, existsInRepo } from './paths.js';

/** Peer dependencies a browser app brings itself: not ours to check. */
const PEERS = ['rxjs', '@angular/*'];

/** The browser-safe entries: the package export, its source, and what the app's bundler leaves to the app. */
const ENTRIES = [
  { name: 'ucwa-rx', source: 'lib/index.ts', external: [] as string[] },
  { name: 'ucwa-rx/codecs', source: 'lib/codecs/index.ts', external: [] as string[] },
  { name: 'ucwa-rx/testing', source: 'lib/testing/index.ts', external: [] as string[] },
  // lib/angular is another engineer's work: checked as soon as it exists.
  { name: 'ucwa-rx/angular', source: 'lib/angular/index.ts', external: PEERS },
].filter((entry) => existsInRepo(entry.source));

describe('the browser entries reach no Node built-in', () => {
  it.each(ENTRIES)('$source, bundled for the browser', async ({ source, external }) => {
    const found = await findBuiltinImports(source, { cwd: REPO_ROOT, external });
    expect(describeBuiltinImports(found)).toBe('');
  });

  it.each(ENTRIES)('$name as a browser bundler resolves it from the package (dist/)', async ({ name, external }) => {
    expect(existsInRepo('dist/index.js')).toBe(true); // npm test builds before jest
    const found = await findBuiltinImports(name, { cwd: REPO_ROOT, external });
    expect(describeBuiltinImports(found)).toBe('');
  });
});

describe('the built-in check itself', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ucwa-rx-builtins-'));
    await writeFile(join(dir, 'entry.ts'), "import { shout } from './middle.js';\nexport const x = shout('hi');\n");
    await writeFile(
      join(dir, 'middle.ts'),
      "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nimport { EventEmitter } from 'events';\n" +
        'export const shout = (s: string): string => (readFileSync ? join(s, String(EventEmitter)) : s);\n',
    );
    await writeFile(join(dir, 'clean.ts'), "import { of } from 'rxjs';\nexport const y = of(1);\n");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails on a deliberate built-in import, naming the chain that reaches it', async () => {
    const found = await findBuiltinImports('entry.ts', { cwd: dir });
    expect(found.map((item) => item.specifier).sort()).toEqual(['events', 'node:fs', 'path']);
    expect(found[0]?.chain).toEqual(['entry.ts', 'middle.ts']);
    expect(describeBuiltinImports(found)).toContain('node:fs  (entry.ts -> middle.ts)');
  });

  it('passes a file that imports none', async () => {
    const found = await findBuiltinImports('clean.ts', { cwd: dir, external: PEERS });
    expect(found).toEqual([]);
  });
});
