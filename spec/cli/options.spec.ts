import { describe, expect, it } from '@jest/globals';
import { Observable, Subject } from 'rxjs';
import { colourWanted } from '../../lib/cli/ansi.js';
import { describeFailure } from '../../lib/cli/cli-error.js';
import { SignInError } from '../../lib/errors/sign-in-error.js';
import { parseContactUris } from '../../lib/cli/contact-selection.js';
import { orderRoster } from '../../lib/cli/contact-watch.js';
import { mergeByKey } from '../../lib/cli/merge-by-key.js';
import { joinNegativeValues } from '../../lib/cli/negative-values.js';
import { SecretRedactor } from '../../lib/cli/secret-redactor.js';
import { resolveServer, secretsOf } from '../../lib/cli/server-options.js';

describe('resolveServer', () => {
  it('starts the embedded simulator when no discovery URL is given', () => {
    expect(resolveServer({}, {})).toEqual({ kind: 'embedded', username: 'alice@contoso.com', password: 'password', churnPerSecond: 2 });
    expect(resolveServer({ username: 'bob@contoso.com', churn: '0' }, { UCWA_TOKEN: 'ignored' })).toMatchObject({ username: 'bob@contoso.com', churnPerSecond: 0 });
  });

  it('takes a real pool from the options or the environment, options first', () => {
    const env = { UCWA_DISCOVERY_URL: 'https://lyncdiscover.contoso.com/', UCWA_USERNAME: 'alice@contoso.com', UCWA_PASSWORD: 'p' };
    expect(resolveServer({}, env)).toEqual({ kind: 'remote', discoveryUrl: 'https://lyncdiscover.contoso.com/', auth: { username: 'alice@contoso.com', password: 'p' } });
    // credentials on the command line replace those of the environment as a whole
    expect(resolveServer({ token: 'cwt=t' }, env)).toMatchObject({ auth: { token: 'cwt=t' } });
    expect(resolveServer({ discovery: 'http://127.0.0.1:4000/' }, { UCWA_TOKEN: 'cwt=e' })).toEqual({ kind: 'remote', discoveryUrl: 'http://127.0.0.1:4000/', auth: { token: 'cwt=e' } });
  });

  it('explains what is missing or contradictory', () => {
    const pool = { discovery: 'https://pool.contoso.com/' };
    expect(() => resolveServer(pool, {})).toThrow('--discovery needs --token, or --username and --password');
    expect(() => resolveServer({ ...pool, token: 't', username: 'u' }, {})).toThrow('either --token or --username and --password');
    expect(() => resolveServer({ ...pool, password: 'p' }, {})).toThrow('--password needs --username');
    expect(() => resolveServer({ ...pool, token: 't', churn: '3' }, {})).toThrow('--churn applies to the embedded simulator only');
    expect(() => resolveServer({ discovery: 'ftp://x/', token: 't' }, {})).toThrow('invalid discovery URL "ftp://x/"');
    expect(() => resolveServer({ churn: 'fast' }, {})).toThrow('invalid --churn fast');
    expect(() => resolveServer({ token: 't' }, {})).toThrow('--token needs --discovery');
  });
});

describe('parseContactUris', () => {
  it('adds the scheme, drops duplicates in any case, refuses what is not a SIP URI', () => {
    expect(parseContactUris(['bob@contoso.com', 'SIP:Bob@Contoso.com', 'sip:SaraD@contoso.com'])).toEqual(['sip:bob@contoso.com', 'sip:SaraD@contoso.com']);
    expect(() => parseContactUris(['sip:bob'])).toThrow('invalid SIP URI "sip:bob"');
  });
});

describe('orderRoster', () => {
  it('puts the pinned group first in its order, then the other contacts by name, each once', () => {
    const c = (uri: string, name?: string) => ({ uri, name, emailAddresses: [] });
    const roster = orderRoster([c('sip:zoe@x.com', 'Zoe'), c('sip:bob@x.com', 'Bob')], [c('sip:BOB@x.com', 'Bob'), c('sip:carl@x.com', 'carl'), c('sip:al@x.com', 'Al'), c('tel:+1555', 'Phone')]);
    expect(roster.map((e) => [e.uri, e.section])).toEqual([
      ['sip:zoe@x.com', 'pinned'],
      ['sip:bob@x.com', 'pinned'],
      ['sip:al@x.com', 'contacts'],
      ['sip:carl@x.com', 'contacts'],
    ]);
  });
});

describe('mergeByKey', () => {
  it('subscribes new keys, unsubscribes removed ones and leaves the others alone', () => {
    const lists = new Subject<readonly string[]>();
    const log: string[] = [];
    const project = (key: string): Observable<string> =>
      new Observable<string>(() => {
        log.push(`+${key}`);
        return () => log.push(`-${key}`);
      });
    const subscription = lists.pipe(mergeByKey((key: string) => key, project)).subscribe();
    lists.next(['a', 'b']);
    lists.next(['b', 'a']);
    lists.next(['b', 'c']);
    subscription.unsubscribe();
    expect(log).toEqual(['+a', '+b', '-a', '+c', '-b', '-c']);
  });
});

describe('SecretRedactor and colour', () => {
  it('removes the secrets it was given, also URL-encoded or JSON-escaped, and token-like values', () => {
    const redactor = new SecretRedactor(['p@ss word', undefined, '', 'q"uote']);
    expect(redactor.scrub('password p@ss word / p%40ss%20word / Bearer abc.def')).toBe('password [redacted] / [redacted] / Bearer [redacted]');
    expect(redactor.scrub(JSON.stringify({ message: 'was q"uote' }))).toBe('{"message":"was [redacted]"}');
    expect(redactor.scrub('cwt=AAEB.x-y and access_token=zz')).toBe('cwt=[redacted] and access_token=[redacted]');
  });

  it('scrubs the strings of a JSON value, never its keys', () => {
    const redactor = new SecretRedactor(['type', 'hunter2']);
    const record = { type: 'updated', link: { rel: 'contact', href: '/people/hunter2' }, resource: { list: ['a type of hunter2', 3, null] } };
    expect(redactor.scrubJson(record)).toEqual({ type: 'updated', link: { rel: 'contact', href: '/people/[redacted]' }, resource: { list: ['a [redacted] of [redacted]', 3, null] } });
  });

  it('describes a failure in the CLI’s own words, scrubbing only what it quotes', () => {
    const redactor = new SecretRedactor(['password', 'wrong', 'refused']);
    expect(describeFailure(new SignInError('invalid_grant', 'the password is wrong', 400), redactor.scrub)).toBe('sign-in refused: wrong user name or password (invalid_grant, HTTP 400)');
    expect(describeFailure(new SignInError('unauthorized', 'refused', 401), redactor.scrub)).toBe('sign-in refused: the server refused the token (HTTP 401)');
    expect(describeFailure(new SignInError('tokenSourceFailed', 'wrong source'), redactor.scrub)).toBe('sign-in failed: Sign-in failed (tokenSourceFailed): [redacted] source');
    expect(describeFailure(new Error('the password\nwas wrong'), redactor.scrub)).toBe('the [redacted] was [redacted]');
  });

  it('colours a TTY unless NO_COLOR is set', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({ isTTY: true, hasColors: () => false }, {})).toBe(false);
  });
});

describe('joinNegativeValues', () => {
  const options = { churn: { type: 'string' }, port: { type: 'string', short: 'p' }, json: { type: 'boolean' } } as const;

  it('joins a negative number to the option that takes it, and nothing else', () => {
    expect(joinNegativeValues(['--churn', '-1', '-p', '-.5', 'sip:bob@contoso.com'], options)).toEqual(['--churn=-1', '--port=-.5', 'sip:bob@contoso.com']);
    expect(joinNegativeValues(['--json', '-1'], options)).toEqual(['--json', '-1']); // a flag takes no value
    expect(joinNegativeValues(['--churn', '-x'], options)).toEqual(['--churn', '-x']); // not a number: parseArgs explains
    expect(joinNegativeValues(['--', '--churn', '-1'], options)).toEqual(['--', '--churn', '-1']);
  });
});

describe('resolveServer with a terminal to prompt on', () => {
  it('wants a password instead of failing, only when a user name is known and no password or token is', () => {
    const pool = { discovery: 'https://pool.contoso.com/' };
    expect(resolveServer({ ...pool, username: 'alice@contoso.com' }, {}, { canPrompt: true })).toEqual({
      kind: 'passwordWanted',
      discoveryUrl: 'https://pool.contoso.com/',
      username: 'alice@contoso.com',
    });
    expect(resolveServer(pool, { UCWA_USERNAME: 'alice@contoso.com', UCWA_PASSWORD: 'p' }, { canPrompt: true })).toMatchObject({ kind: 'remote' });
    expect(() => resolveServer(pool, {}, { canPrompt: true })).toThrow('--discovery needs --token');
    expect(() => resolveServer({ ...pool, username: 'alice@contoso.com' }, {})).toThrow('--username needs --password');
  });
});

describe('the secrets of a choice', () => {
  it('are the password or token it signs in with, and those in the environment; not the simulator’s documented password', () => {
    const env = { UCWA_PASSWORD: 'env-pw', UCWA_TOKEN: 'cwt=env' };
    expect(secretsOf({ kind: 'remote', discoveryUrl: 'https://pool/', auth: { username: 'u', password: 'pw' } }, env)).toEqual(['pw', 'cwt=env', 'env-pw']);
    expect(secretsOf({ kind: 'remote', discoveryUrl: 'https://pool/', auth: { token: 't' } }, {})).toEqual(['t']);
    expect(secretsOf({ kind: 'embedded', username: 'alice@contoso.com', password: 'password', churnPerSecond: 0 }, {})).toEqual([]);
    expect(secretsOf({ kind: 'embedded', username: 'alice@contoso.com', password: 'mine', churnPerSecond: 0 }, {})).toEqual(['mine']);
  });
});
