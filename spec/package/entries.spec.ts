import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT, existsInRepo } from './paths.js';

const run = promisify(execFile);

/** The names a package entry exports, as plain Node resolves it through the exports map (the package imports itself by name). */
async function exportsOf(specifier: string): Promise<string[]> {
  const script = `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(Object.keys(m).sort())))`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(stdout) as string[];
}

const isCodecHelper = (name: string): boolean => /Codec$/.test(name) || ['decode', 'decodeOrThrow', 'openEnum', 'isKnown', 'linkOf', 'linksOf', 'hrefOf'].includes(name);

describe('the package entries', () => {
  it('`ucwa-rx` reads as the API: the client, errors, operators and clocks, no codec', async () => {
    expect(existsInRepo('dist/index.js')).toBe(true); // npm test builds before jest
    const names = await exportsOf('ucwa-rx');
    expect(names).toEqual(expect.arrayContaining(['createUcwaClient', 'VERSION', 'HttpError', 'SignInError', 'isUcwaError', 'retryTransient', 'autoRefresh', 'ManualClock']));
    expect(names.filter(isCodecHelper)).toEqual([]);
  });

  it('`ucwa-rx/codecs` holds the codecs and their helpers, and nothing of the client', async () => {
    const names = await exportsOf('ucwa-rx/codecs');
    expect(names).toEqual(
      expect.arrayContaining(['decode', 'decodeOrThrow', 'openEnum', 'isKnown', 'linkOf', 'linksOf', 'hrefOf', 'ContactPresenceResourceCodec', 'ErrorBodyCodec', 'RawEventCodec', 'UcwaDateCodec']),
    );
    expect(names.filter((name) => !isCodecHelper(name))).toEqual([]);
  });

  it('`ucwa-rx/redis` holds the fleet client and its transport (the browser entries never reach it: spec/package/browser-safe.spec.ts)', async () => {
    expect(await exportsOf('ucwa-rx/redis')).toEqual(['DEFAULT_LEASE_TTL_MS', 'MIN_LEASE_TTL_MS', 'createFleetClient', 'fleetKeys', 'redisShareTransport']);
  });
});
