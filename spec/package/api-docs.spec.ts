import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** The parts of TypeDoc's JSON output these checks read. */
interface Reflection {
  readonly name: string;
  readonly children?: readonly Reflection[];
  readonly categories?: readonly { readonly title: string; readonly children: readonly number[] }[];
  readonly readme?: readonly { readonly text: string }[];
  readonly id: number;
}

let dir: string;
let output: string;
let status: number | null;
let project: Reflection;

/**
 * Every public export has a doc comment: TypeDoc (npm run docs:api) validates the public API of
 * `ucwa-rx`, `ucwa-rx/codecs`, `ucwa-rx/simulator`, `ucwa-rx/angular`, `ucwa-rx/testing`, `ucwa-rx/node` and `ucwa-rx/redis` and must report no
 * warning (a missing comment, a type referenced but not exported, a broken link). Its JSON form
 * shows what the reference opens on and how it is sorted.
 */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ucwa-rx-api-'));
  const typedoc = join(REPO_ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const json = join(dir, 'api.json');
  const run = spawnSync(process.execPath, [typedoc, '--options', 'typedoc.json', '--treatWarningsAsErrors', '--out', join(dir, 'html'), '--json', json], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 120_000,
  });
  output = `${run.stdout}${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
  status = run.status;
  project = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Reflection) : { name: '(no output)', id: 0 };
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('API reference', () => {
  it('builds from the doc comments without a warning', () => {
    expect(output.split('\n').filter((line) => /warning|error/i.test(line) && !/Found 0 errors and 0 warnings/.test(line))).toEqual([]);
    expect(status).toBe(0);
  });

  it('opens on the README, then one module per entry point, named as it is imported', () => {
    const readme = (project.readme ?? []).map((part) => part.text).join('');
    expect(readme).toContain(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').split('\n')[2]);
    expect(project.children?.map((module) => module.name)).toEqual(['ucwa-rx', 'ucwa-rx/codecs', 'ucwa-rx/angular', 'ucwa-rx/testing', 'ucwa-rx/simulator', 'ucwa-rx/node', 'ucwa-rx/redis']);
  });

  it('sorts the exports of ucwa-rx into Client, Errors, Operators and Time; the codecs have their own module', () => {
    const main = project.children?.find((module) => module.name === 'ucwa-rx');
    const names = new Map((main?.children ?? []).map((child) => [child.id, child.name]));
    const category = (title: string): (string | undefined)[] => main?.categories?.find((c) => c.title === title)?.children.map((id) => names.get(id)) ?? [];
    expect(main?.categories?.map((c) => c.title)).toEqual(['Client', 'Errors', 'Operators', 'Time']);
    expect(category('Client')).toEqual(expect.arrayContaining(['createUcwaClient', 'UcwaClient', 'ConnectionState', 'ContactPresence']));
    expect(category('Errors')).toEqual(expect.arrayContaining(['HttpError', 'SignInError', 'isUcwaError']));
    expect(category('Operators')).toEqual(expect.arrayContaining(['retryTransient', 'autoRefresh']));
    expect(category('Time')).toEqual(expect.arrayContaining(['ManualClock']));
    expect([...names.values()].filter((name) => name.endsWith('Codec'))).toEqual([]);
  });
});
