import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** The package.json fields these checks read. */
interface Manifest {
  readonly type?: string;
  readonly sideEffects?: unknown;
  readonly engines?: Record<string, string>;
  readonly files?: readonly string[];
  readonly exports?: Record<string, string | Record<string, string>>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
  readonly dependencies?: Record<string, string>;
  readonly license?: string;
  readonly repository?: { readonly type?: string; readonly url?: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
}

const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
  it('is an ESM-only package without side effects, for Node 20 and later', () => {
    expect(manifest.type).toBe('module');
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.engines?.['node']).toBe('>=20');
    expect(manifest.files).toEqual(expect.arrayContaining(['dist']));
  });

  it('says where the project lives: repository, homepage, bug tracker, and its license', () => {
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/ucwa-rx/ucwa-rx.git' });
    expect(manifest.homepage).toBe('https://github.com/ucwa-rx/ucwa-rx#readme');
    expect(manifest.bugs).toEqual({ url: 'https://github.com/ucwa-rx/ucwa-rx/issues' });
    expect(manifest.files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md']));
  });

  it('exports the browser entry, the codecs, the simulator, the Angular entry, the testing one and the Node-only one, types first and default last', () => {
    expect(manifest.exports?.['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.exports?.['./codecs']).toEqual({ types: './dist/codecs/index.d.ts', default: './dist/codecs/index.js' });
    expect(manifest.exports?.['./simulator']).toEqual({ types: './dist/simulator/index.d.ts', default: './dist/simulator/index.js' });
    expect(manifest.exports?.['./angular']).toEqual({ types: './dist/angular/index.d.ts', default: './dist/angular/index.js' });
    expect(manifest.exports?.['./testing']).toEqual({ types: './dist/testing/index.d.ts', default: './dist/testing/index.js' });
    expect(manifest.exports?.['./node']).toEqual({ types: './dist/node/index.d.ts', default: './dist/node/index.js' });
    expect(manifest.exports?.['./redis']).toEqual({ types: './dist/redis/index.d.ts', default: './dist/redis/index.js' });
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (typeof target === 'string') continue;
      const conditions = Object.keys(target);
      expect({ subpath, first: conditions[0], last: conditions.at(-1) }).toEqual({ subpath, first: 'types', last: 'default' });
    }
  });

  it('leaves RxJS to the app, and Angular too, optionally', () => {
    expect(manifest.peerDependencies?.['rxjs']).toMatch(/^\^7\.8/);
    expect(manifest.dependencies?.['rxjs']).toBeUndefined();
    expect(manifest.peerDependencies?.['@angular/core']).toBe('>=19 <23');
    expect(manifest.peerDependenciesMeta?.['@angular/core']).toEqual({ optional: true });
    expect(manifest.dependencies?.['@angular/core']).toBeUndefined();
  });

  it('leaves the Redis client to the services that use ucwa-rx/redis: an optional peer dependency', () => {
    expect(manifest.peerDependencies?.['redis']).toMatch(/^\^6\./);
    expect(manifest.peerDependenciesMeta?.['redis']).toEqual({ optional: true });
    expect(manifest.dependencies?.['redis']).toBeUndefined();
  });
});
