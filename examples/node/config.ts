import { parseArgs } from 'node:util';

/** How the watcher signs in: a bearer token, or a user name and password (MsRtcOAuth password grant). */
export type WatchAuth =
  | { readonly token: string }
  | { readonly credentials: { readonly username: string; readonly password: string } };

/** Everything the presence watcher needs, read from the command line and the environment. */
export interface WatchConfig {
  /** The autodiscovery root, e.g. `https://lyncdiscover.contoso.com/` or a simulator's discovery URL. */
  readonly discoveryUrl: string;
  readonly auth: WatchAuth;
  /** SIP URIs to watch, e.g. `sip:bob@contoso.com`. */
  readonly contacts: readonly string[];
  /** Log every HTTP exchange (method, redacted URL, status, duration). */
  readonly logHttp: boolean;
}

/** The usage text, printed with `--help` and after a configuration mistake. */
export const USAGE = `Usage: watch-presence [--discovery URL] [--username U] [--log-http] sip:uri [sip:uri ...]

Logs presence transitions ("bob: Online -> Busy") until SIGINT or SIGTERM.

Environment (command-line options win):
  UCWA_DISCOVERY_URL   autodiscovery root (https://lyncdiscover.contoso.com/ or a simulator's URL)
  UCWA_TOKEN           bearer token ("cwt=..."), or:
  UCWA_USERNAME        user for the password grant (alice@contoso.com)
  UCWA_PASSWORD        its password (only from the environment, never from the command line)
  UCWA_CONTACTS        SIP URIs to watch, separated by commas or spaces
  UCWA_LOG_HTTP=1      log every HTTP exchange`;

/** A mistake in the configuration: the message says what is missing or wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration; throws a {@link ConfigError} when something needed is missing. */
export function readConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): WatchConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        discovery: { type: 'string' },
        username: { type: 'string' },
        'log-http': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const discoveryUrl = values.discovery ?? env['UCWA_DISCOVERY_URL'];
  if (!discoveryUrl) throw new ConfigError('no discovery URL: pass --discovery URL or set UCWA_DISCOVERY_URL');
  if (!/^https?:$/.test(URL.canParse(discoveryUrl) ? new URL(discoveryUrl).protocol : '')) {
    throw new ConfigError(`the discovery URL must be an http(s) URL, not "${discoveryUrl}"`);
  }
  const contacts = positionals.length > 0 ? positionals : (env['UCWA_CONTACTS'] ?? '').split(/[\s,]+/).filter(Boolean);
  if (contacts.length === 0) throw new ConfigError('no contacts: pass SIP URIs as arguments or set UCWA_CONTACTS');
  return { discoveryUrl, auth: readAuth(values.username ?? env['UCWA_USERNAME'], env), contacts, logHttp: values['log-http'] ?? env['UCWA_LOG_HTTP'] === '1' };
}

function readAuth(username: string | undefined, env: Readonly<Record<string, string | undefined>>): WatchAuth {
  const token = env['UCWA_TOKEN'];
  if (username) {
    const password = env['UCWA_PASSWORD'];
    if (!password) throw new ConfigError(`no password for ${username}: set UCWA_PASSWORD`);
    return { credentials: { username, password } };
  }
  if (token) return { token };
  throw new ConfigError('no credentials: set UCWA_TOKEN, or UCWA_USERNAME (or --username) and UCWA_PASSWORD');
}
