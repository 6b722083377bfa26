import { parseArgs } from 'node:util';
import { normalizeOrigin } from '../simulator/http/cors.js';
import { DEFAULT_PASSWORD, DEFAULT_USER, startSimulator, type SimulatorOptions } from '../simulator/index.js';
import { joinNegativeValues } from './negative-values.js';
import { stopsWithParent, watchParent } from './parent-watch.js';
import { standardOutput } from './standard-output.js';

/** Where the command writes, and how a test can stop it. */
export interface CommandIo {
  /** Standard output, one line per call. */
  readonly out?: (line: string) => void;
  /** Standard error. */
  readonly err?: (line: string) => void;
  /** Stops the command like SIGINT does. */
  readonly signal?: AbortSignal;
}

/** Usage of `ucwa-rx simulator`. */
export const SIMULATOR_USAGE = `Usage: ucwa-rx simulator [--port N] [--host H] [--churn R] [--cors-origin O]... [--cors-admin]

Starts the embedded UCWA 2.0 simulator until Ctrl+C (SIGINT) or SIGTERM (or, when npx or an
npm script started it, until npm ends).

Options:
  -p, --port N          TCP port (default 4000; 0 picks a free one)
      --host H          interface to bind (default 127.0.0.1)
      --churn R         change random contacts' presence R times per second
      --cors-origin O   let web pages of origin O call the UCWA resources (repeatable; "*" for any);
                        pages on localhost, 127.0.0.1 and [::1] always may
      --cors-admin      let the same pages call the admin API (/_simulator/...), which refuses
                        cross-origin browser requests otherwise
  -h, --help            show this help`;

const SIMULATOR_OPTIONS = {
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  churn: { type: 'string' },
  'cors-origin': { type: 'string', multiple: true },
  'cors-admin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${value}: expected 0-65535`);
  return port;
}

function parseRate(value: string): number {
  const rate = Number(value);
  if (!(rate > 0) || !Number.isFinite(rate)) throw new Error(`invalid --churn ${value}: expected a positive number`);
  return rate;
}

function parseOrigin(value: string): string {
  if (normalizeOrigin(value) === undefined) throw new Error(`invalid --cors-origin ${value}: expected an http(s) origin such as https://app.contoso.com`);
  return value;
}

/**
 * `ucwa-rx simulator [--port N] [--host H]`: starts the simulator, prints the discovery URL and
 * the sign-in it accepts, and runs until SIGINT/SIGTERM (or `io.signal`), then closes cleanly.
 */
export async function runSimulatorCommand(argv: string[], io: CommandIo = {}): Promise<void> {
  const out = io.out ?? standardOutput().writeLine;
  const { values } = parseArgs({ args: joinNegativeValues(argv, SIMULATOR_OPTIONS), options: SIMULATOR_OPTIONS, strict: true });
  if (values.help) {
    out(SIMULATOR_USAGE);
    return;
  }
  const origins = values['cors-origin'] ?? [];
  const options: SimulatorOptions = {
    port: values.port === undefined ? 4000 : parsePort(values.port),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.churn === undefined ? {} : { churn: { ratePerSecond: parseRate(values.churn) } }),
    cors: { origins: origins.includes('*') ? '*' : origins.map(parseOrigin), admin: values['cors-admin'] === true },
  };
  const sim = await startSimulator(options);
  const token = `${sim.origin}/WebTicket/oauthtoken`;
  out(`UCWA 2.0 simulator listening on ${sim.origin}`);
  out(`Discovery URL: ${sim.discoveryUrl}`);
  out(`Sign in as ${DEFAULT_USER} with password "${DEFAULT_PASSWORD}" (every user of the default directory has that password).`);
  out(`  curl -s -d 'grant_type=password&username=${DEFAULT_USER}&password=${DEFAULT_PASSWORD}' ${token}`);
  out(`Admin API: ${sim.origin}/_simulator/state`);
  out('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      unwatchParent?.();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Under npx, SIGTERM ends npm but does not reach this process: stop when npm is gone.
    const unwatchParent = io.signal === undefined && stopsWithParent(process.env) ? watchParent(stop) : undefined;
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop, { once: true });
  });
  await sim.close();
  out('Simulator stopped.');
}
