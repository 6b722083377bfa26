import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

/**
 * Every public export has a doc comment: TypeDoc (npm run docs:api) validates the public API of
 * `ucwa-rx`, `ucwa-rx/simulator` and `ucwa-rx/angular` and must report no warning (a missing
 * comment, a type referenced but not exported, a broken link).
 */
describe('API reference', () => {
  it('builds from the doc comments without a warning', () => {
    const typedoc = join(REPO_ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
    const run = spawnSync(process.execPath, [typedoc, '--options', 'typedoc.json', '--treatWarningsAsErrors', '--emit', 'none'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 120_000,
    });
    const output = `${run.stdout}${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
    expect(output.split('\n').filter((line) => /warning|error/i.test(line) && !/Found 0 errors and 0 warnings/.test(line))).toEqual([]);
    expect(run.status).toBe(0);
  });
});
