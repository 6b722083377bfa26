import { describe, expect, it } from '@jest/globals';
import { defaultDirectory } from '../../lib/simulator/index.js';
import { closedPort, runCli, serverArgs, simulatorPerTest } from './cli-process.js';

const SECRET = 'hunter2-Secret';

const simulator = simulatorPerTest();

/** Runs the CLI to its end; returns exit code, stdout lines and stderr lines. */
async function runToEnd(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  const cli = runCli(args, env);
  const exit = await cli.waitForExit(timeoutMs);
  return { code: exit.code, out: cli.lines, err: cli.stderrLines, stderr: cli.stderr };
}

describe('ucwa-rx errors', () => {
  it('a wrong password: one line on stderr, exit 1, the password never printed, nothing left on the server', async () => {
    const sim = await simulator();
    for (const command of ['watch', 'events']) {
      const run = await runToEnd([command, ...serverArgs(sim.discoveryUrl, SECRET)]);
      expect(run.code).toBe(1);
      expect(run.err).toEqual([`ucwa-rx ${command}: sign-in refused: wrong user name or password (invalid_grant, HTTP 400)`]);
    }
    expect(sim.state().applications).toEqual([]);
  });

  it('the refusal reads the same whatever the password is: a wrong password, a wrong user (ordinary words are never redacted)', async () => {
    const sim = await simulator();
    const refused = 'ucwa-rx watch: sign-in refused: wrong user name or password (invalid_grant, HTTP 400)';
    const wrongPassword = await runToEnd(['watch', '--discovery', sim.discoveryUrl, '--username', 'alice@contoso.com', '--password', 'wrong']);
    expect(wrongPassword).toMatchObject({ code: 1, err: [refused] });
    const wrongUser = await runToEnd(['watch', '--discovery', sim.discoveryUrl, '--username', 'nobody@contoso.com', '--password', 'password']);
    expect(wrongUser).toMatchObject({ code: 1, err: [refused] });
    // the same with the password from the environment, and for events
    const fromEnv = await runToEnd(['events'], { UCWA_DISCOVERY_URL: sim.discoveryUrl, UCWA_USERNAME: 'alice@contoso.com', UCWA_PASSWORD: 'user' });
    expect(fromEnv).toMatchObject({ code: 1, err: ['ucwa-rx events: sign-in refused: wrong user name or password (invalid_grant, HTTP 400)'] });
  });

  it('--verbose adds the details and the HTTP exchanges, still without the password', async () => {
    const sim = await simulator();
    const run = await runToEnd(['watch', '--verbose', ...serverArgs(sim.discoveryUrl, SECRET)], { UCWA_PASSWORD: `${SECRET}-env` });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sign-in refused');
    expect(run.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/autodiscover\/autodiscoverservice\.svc\/root\/oauth\/user 401/);
    expect(run.stderr).toMatch(/SignInError: Sign-in failed \(invalid_grant\)[\s\S]*at /);
    expect(run.stderr).toContain('"diagnostics":"28020');
    expect(run.stderr).not.toContain('hunter2');
  });

  it('a bad SIP URI: one line, exit 1, before anything is sent', async () => {
    const sim = await simulator();
    const run = await runToEnd(['watch', ...serverArgs(sim.discoveryUrl), 'sip:bob@contoso.com', 'bob at contoso']);
    expect(run.code).toBe(1);
    expect(run.err).toEqual(['ucwa-rx watch: invalid SIP URI "bob at contoso": expected sip:user@domain, e.g. sip:bob@contoso.com']);
    expect(sim.requests.total).toBe(0);
  });

  it('an unreachable server: one line, exit 1', async () => {
    const port = await closedPort();
    const run = await runToEnd(['events', '--discovery', `http://127.0.0.1:${port}/`, '--token', `cwt=${SECRET}`]);
    expect(run.code).toBe(1);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(new RegExp(`^ucwa-rx events: cannot reach the server: GET http://127\\.0\\.0\\.1:${port}/: network error: .*ECONNREFUSED`));
    expect(run.stderr).not.toContain(SECRET);
  });

  it('a static token the server refuses: one line saying so, exit 1, the token never printed', async () => {
    const sim = await simulator();
    const run = await runToEnd(['watch', '--json'], { UCWA_DISCOVERY_URL: sim.discoveryUrl, UCWA_TOKEN: `cwt=${SECRET}` });
    expect(run.code).toBe(1);
    expect(run.err).toEqual(['ucwa-rx watch: sign-in refused: the server refused the token (HTTP 401)']);
    expect(run.stderr + run.out.join('\n')).not.toContain(SECRET);
    const bare = await runToEnd(['events', '--discovery', sim.discoveryUrl, '--token', 'bogus']);
    expect(bare).toMatchObject({ code: 1, err: ['ucwa-rx events: sign-in refused: the server refused the token (HTTP 401)'] });
  });

  it('a secret in what the server says is redacted on stderr and in every NDJSON line', async () => {
    const directory = defaultDirectory();
    const accounts = directory.accounts.map((account) => (account.uri === 'sip:alice@contoso.com' ? { ...account, password: SECRET } : account));
    const sim = await simulator({ directory: { ...directory, accounts } });
    // a presence value that quotes it
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: `typing ${SECRET}` });
    const watching = runCli(['watch', '--json', ...serverArgs(sim.discoveryUrl, SECRET), 'sip:bob@contoso.com']);
    const bob = await watching.json((r) => r['type'] === 'presence', "Bob's presence");
    expect(bob).toMatchObject({ availability: 'Busy', activity: 'typing [redacted]' });
    watching.child.kill('SIGINT');
    expect((await watching.waitForExit()).code).toBe(0);
    // an error message that quotes it: fatal, so it reaches the last status line and stderr
    sim.injectFault({ method: 'POST', path: '/applications', fault: { kind: 'status', status: 403, message: `Policy: ${SECRET} must be changed` } });
    const run = await runToEnd(['watch', '--json', ...serverArgs(sim.discoveryUrl, SECRET)]);
    expect(run.code).toBe(1);
    const quoted = '("Policy: [redacted] must be changed")';
    expect(run.err).toEqual([expect.stringMatching(/^ucwa-rx watch: the server refused a request: POST http:\/\/127\.0\.0\.1:\d+\/ucwa\/oauth\/v1\/applications failed: 403 Forbidden /)]);
    expect(run.err[0]?.endsWith(quoted)).toBe(true);
    expect(JSON.parse(run.out.at(-1) ?? '{}')).toMatchObject({ type: 'status', connection: 'closed', error: expect.stringContaining(quoted) });
    expect(`${watching.stderr}${watching.lines.join('\n')}${run.stderr}${run.out.join('\n')}`).not.toContain(SECRET);
  });

  it('usage mistakes: one line with a hint, exit 1', async () => {
    const cases: [string[], RegExp][] = [
      [['watch', '--bogus'], /^ucwa-rx watch: Unknown option '--bogus'.*\(see ucwa-rx watch --help\)$/],
      [['watch', '--discovery', 'https://lyncdiscover.contoso.com/'], /^ucwa-rx watch: --discovery needs --token, or --username and --password/],
      [['events', '--discovery', 'not a url', '--token', 't'], /^ucwa-rx events: invalid discovery URL "not a url"/],
      [['events', '--token', SECRET], /^ucwa-rx events: --token needs --discovery/],
      [['watch', '--discovery', 'https://pool/', '-u', 'alice@contoso.com'], /^ucwa-rx watch: --username needs --password \(or UCWA_PASSWORD/],
      [['frobnicate'], /^ucwa-rx: unknown command "frobnicate"$/],
      // a negative number is a value like any other, checked by the option itself
      [['watch', '--churn', '-1'], /^ucwa-rx watch: invalid --churn -1: expected a number of changes per second, 0 or more \(0 for none\)$/],
      [['events', '--churn', '-0.5', '--json'], /^ucwa-rx events: Unknown option '--json'/],
      [['simulator', '--churn', '-2'], /^ucwa-rx simulator: invalid --churn -2: expected a positive number$/],
      [['simulator', '-p', '-1'], /^ucwa-rx simulator: invalid --port -1: expected 0-65535$/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runToEnd(args)));
    runs.forEach((run, i) => {
      expect(run.code).toBe(1);
      expect(run.err[0]).toMatch(cases[i]![1]);
      expect(run.stderr).not.toContain(SECRET);
    });
  });
});
