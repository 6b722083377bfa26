import { redactUrl } from '../errors/redact.js';
import { DEFAULT_PASSWORD, DEFAULT_USER } from '../simulator/index.js';
import { CliError } from './cli-error.js';

/** Environment variables that stand in for the server options (they keep secrets out of shell history). */
export const SERVER_ENV = {
  discovery: 'UCWA_DISCOVERY_URL',
  token: 'UCWA_TOKEN',
  username: 'UCWA_USERNAME',
  password: 'UCWA_PASSWORD',
} as const;

/** `util.parseArgs` options shared by `watch` and `events`. */
export const SERVER_ARG_OPTIONS = {
  discovery: { type: 'string' },
  token: { type: 'string' },
  username: { type: 'string', short: 'u' },
  password: { type: 'string' },
  churn: { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Help text of the options in {@link SERVER_ARG_OPTIONS}. */
export const SERVER_OPTIONS_HELP = `Server (without --discovery the embedded simulator is started):
      --discovery URL   autodiscovery URL of a Skype for Business pool   (env ${SERVER_ENV.discovery})
      --token T         bearer token (cwt=...) for that pool              (env ${SERVER_ENV.token})
  -u, --username U      user name for the password grant                  (env ${SERVER_ENV.username})
      --password P      password for the password grant                   (env ${SERVER_ENV.password})
                        (on a terminal, asked for without echo when missing)
      --churn R         embedded simulator only: random presence changes per second (default 2, 0: none)

Other:
  -v, --verbose         log HTTP exchanges and recovered problems on stderr; stack traces on errors
  -h, --help            show this help

Prefer the environment variables for secrets: they stay out of shell history.`;

/** The server options as parsed. */
export interface ServerArgs {
  readonly discovery?: string | undefined;
  readonly token?: string | undefined;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly churn?: string | undefined;
}

/** How a command signs in on a real pool. */
export type RemoteAuth = { readonly token: string } | { readonly username: string; readonly password: string };

/** Where a command connects: the embedded simulator, or a pool given by its discovery URL. */
export type ServerChoice =
  | { readonly kind: 'embedded'; readonly username: string; readonly password: string; readonly churnPerSecond: number }
  | { readonly kind: 'remote'; readonly discoveryUrl: string; readonly auth: RemoteAuth };

/** A pool and a user name whose password is still to be asked for (see {@link resolveServer}). */
export interface PasswordWanted {
  readonly kind: 'passwordWanted';
  readonly discoveryUrl: string;
  readonly username: string;
}

/** Options of {@link resolveServer}. */
export interface ResolveOptions {
  /** The password may be asked for (stdin is a terminal): a missing one is {@link PasswordWanted}, not an error. */
  readonly canPrompt?: boolean;
}

/** Default presence changes per second of the embedded simulator. */
export const DEFAULT_CHURN_PER_SECOND = 2;

/**
 * Decides the server from the options, falling back to the environment. Command-line
 * credentials replace those of the environment as a whole (never a mix of both). A user name
 * without a password is an error, or, with `canPrompt`, a {@link PasswordWanted}.
 */
export function resolveServer(args: ServerArgs, env: Readonly<Record<string, string | undefined>>): ServerChoice;
export function resolveServer(args: ServerArgs, env: Readonly<Record<string, string | undefined>>, options: ResolveOptions): ServerChoice | PasswordWanted;
export function resolveServer(args: ServerArgs, env: Readonly<Record<string, string | undefined>>, options: ResolveOptions = {}): ServerChoice | PasswordWanted {
  const fromEnv = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  const discovery = args.discovery ?? fromEnv(SERVER_ENV.discovery);
  if (discovery === undefined) {
    if (args.token !== undefined) throw new CliError('--token needs --discovery: the embedded simulator signs in with --username and --password');
    if (args.password !== undefined && args.username === undefined) throw new CliError('--password needs --username');
    return {
      kind: 'embedded',
      username: args.username ?? DEFAULT_USER,
      password: args.password ?? DEFAULT_PASSWORD,
      churnPerSecond: args.churn === undefined ? DEFAULT_CHURN_PER_SECOND : parseChurn(args.churn),
    };
  }
  if (args.churn !== undefined) throw new CliError('--churn applies to the embedded simulator only (no --discovery)');
  const discoveryUrl = parseDiscoveryUrl(discovery);
  const fromArgs = args.token !== undefined || args.username !== undefined || args.password !== undefined;
  const token = fromArgs ? args.token : fromEnv(SERVER_ENV.token);
  const username = fromArgs ? args.username : fromEnv(SERVER_ENV.username);
  const password = fromArgs ? args.password : fromEnv(SERVER_ENV.password);
  if (token !== undefined && (username !== undefined || password !== undefined)) {
    throw new CliError('give either --token or --username and --password, not both');
  }
  if (token !== undefined) return { kind: 'remote', discoveryUrl, auth: { token } };
  if (username === undefined && password === undefined) {
    throw new CliError(`--discovery needs --token, or --username and --password (or ${SERVER_ENV.token}, or ${SERVER_ENV.username} and ${SERVER_ENV.password})`);
  }
  if (username === undefined) throw new CliError(`--password needs --username (or ${SERVER_ENV.username})`);
  if (password === undefined) {
    if (options.canPrompt) return { kind: 'passwordWanted', discoveryUrl, username };
    throw new CliError(`--username needs --password (or ${SERVER_ENV.password}, to keep it out of shell history)`);
  }
  return { kind: 'remote', discoveryUrl, auth: { username, password } };
}

/** The secrets to keep out of the output: those of the choice, and those in the environment even when unused. */
export function secretsOf(choice: ServerChoice, env: Readonly<Record<string, string | undefined>>): string[] {
  // The embedded simulator's own password is documented, not a secret; another one given for it might be.
  const given =
    choice.kind === 'embedded' ? (choice.password === DEFAULT_PASSWORD ? [] : [choice.password]) : 'token' in choice.auth ? [choice.auth.token] : [choice.auth.password];
  const fromEnv = [env[SERVER_ENV.token], env[SERVER_ENV.password]];
  return [...given, ...fromEnv].filter((s): s is string => !!s);
}

function parseDiscoveryUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`invalid discovery URL "${redactUrl(value)}": expected an http(s) URL like https://lyncdiscover.contoso.com/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`invalid discovery URL "${redactUrl(value)}": expected an http(s) URL like https://lyncdiscover.contoso.com/`);
  }
  return url.href;
}

function parseChurn(value: string): number {
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate < 0 || value.trim() === '') throw new CliError(`invalid --churn ${value}: expected a number of changes per second, 0 or more (0 for none)`);
  return rate;
}
