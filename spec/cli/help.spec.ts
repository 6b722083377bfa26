import { afterEach, describe, expect, it } from '@jest/globals';
import { killAll, runCli } from './cli-process.js';

afterEach(killAll);

async function help(args: string[]): Promise<{ code: number | null; text: string; stderr: string }> {
  const cli = runCli(args);
  const exit = await cli.waitForExit();
  return { code: exit.code, text: cli.lines.join('\n'), stderr: cli.stderr };
}

describe('ucwa-rx --help', () => {
  it('lists every command', async () => {
    const runs = await Promise.all([['--help'], ['-h'], ['help']].map(help));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.text).toMatch(/^Usage: ucwa-rx <command> \[options\]/);
      for (const command of ['watch', 'events', 'simulator']) expect(run.text).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
    const bare = await help([]);
    expect(bare.code).toBe(1);
    expect(bare.text).toContain('Commands:');
  });

  it.each([
    ['watch', ['--discovery URL', '--token T', '--username U', '--password P', '--json', 'UCWA_DISCOVERY_URL', 'UCWA_TOKEN', 'UCWA_USERNAME', 'UCWA_PASSWORD', '--verbose', '--churn R']],
    ['events', ['--discovery URL', '--token T', '--username U', '--password P', 'UCWA_PASSWORD', '--verbose', 'NDJSON']],
    ['simulator', ['--port N', '--host H', '--churn R']],
  ])('ucwa-rx %s --help explains its options', async (command, options) => {
    const runs = await Promise.all(['--help', '-h'].map((flag) => help([command, flag])));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.text).toMatch(new RegExp(`^Usage: ucwa-rx ${command} `));
      for (const option of options) expect(run.text).toContain(option);
    }
  });

  it.each(['watch', 'events', 'simulator'])('ucwa-rx %s --help has no empty heading: each one is followed by what it heads', async (command) => {
    const lines = (await help([command, '--help'])).text.split('\n');
    const headings = lines.flatMap((line, index) => (/^\S.*:$/.test(line) ? [{ line, next: lines[index + 1] ?? '' }] : []));
    expect(headings.length).toBeGreaterThan(0);
    for (const { line, next } of headings) expect({ line, next }).toEqual({ line, next: expect.stringMatching(/^ +\S/) });
  });

  it('prints the version', async () => {
    const run = await help(['--version']);
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/^\d+\.\d+\.\d+/);
  });
});
