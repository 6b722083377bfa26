import { VERSION, createUcwaClient, type UcwaClient, type UcwaClientOptions } from '../index.js';
import { startSimulator, type Simulator } from '../simulator/index.js';
import { describeFailure } from './cli-error.js';
import type { Scrub } from './secret-redactor.js';
import type { ServerChoice } from './server-options.js';

/** A signed-in client (not yet subscribed: nothing is sent until something is) and what it runs against. */
export interface CliSession {
  readonly client: UcwaClient;
  /** Who signs in where, for headers: `alice@contoso.com @ 127.0.0.1:4000 (embedded simulator, churn 2/s)`. */
  readonly label: string;
  /** The embedded simulator, when no server was given. */
  readonly simulator?: Simulator | undefined;
  /**
   * Deletes the subscriptions and the application on the server (`client.close()`), then closes
   * the embedded simulator. Resolves false when the server did not answer within `timeoutMs`.
   */
  close(timeoutMs?: number): Promise<boolean>;
}

/** How {@link openSession} reports. */
export interface SessionLog {
  /** Notices for the user (stderr). */
  readonly notice: (line: string) => void;
  /** Verbose log lines (HTTP exchanges, retries); undefined unless --verbose. */
  readonly verbose?: ((line: string) => void) | undefined;
  /** Removes secrets from what the log lines quote (URLs, error messages). */
  readonly scrub: Scrub;
}

/** Embedded simulator event aggregation: medium 5 s becomes 100 ms, so changes show at once. */
export const EMBEDDED_AGGREGATION_SCALE = 0.02;

/** Retries of ordinary requests: three within about two seconds, so a wrong server is reported quickly. */
const CLI_RETRY_BASE_MS = 250;

/** Starts the embedded simulator if asked to, and creates the client. */
export async function openSession(choice: ServerChoice, log: SessionLog): Promise<CliSession> {
  let simulator: Simulator | undefined;
  let discoveryUrl: string;
  let label: string;
  let auth: Pick<UcwaClientOptions, 'token' | 'credentials'>;
  if (choice.kind === 'embedded') {
    simulator = await startSimulator({
      port: 0,
      aggregationScale: EMBEDDED_AGGREGATION_SCALE,
      ...(choice.churnPerSecond > 0 ? { churn: { ratePerSecond: choice.churnPerSecond } } : {}),
    });
    discoveryUrl = simulator.discoveryUrl;
    const churn = choice.churnPerSecond > 0 ? `presence churn ${choice.churnPerSecond}/s` : 'no churn';
    label = `${choice.username} @ ${new URL(discoveryUrl).host} (embedded simulator, ${churn})`;
    auth = { credentials: { username: choice.username, password: choice.password } };
    log.notice(
      `ucwa-rx: no --discovery given: started the embedded UCWA simulator at ${simulator.origin} (${churn}; state: ${simulator.origin}/_simulator/state), signing in as ${choice.username}`,
    );
  } else {
    discoveryUrl = choice.discoveryUrl;
    const user = 'username' in choice.auth ? choice.auth.username : 'token';
    label = `${user} @ ${new URL(discoveryUrl).host}`;
    auth = 'token' in choice.auth ? { token: choice.auth.token } : { credentials: { username: choice.auth.username, password: choice.auth.password } };
  }
  const { verbose, scrub } = log;
  const client = createUcwaClient({
    discoveryUrl,
    ...auth,
    userAgent: `ucwa-rx-cli/${VERSION}`,
    retry: {
      transient: {
        baseDelayMs: CLI_RETRY_BASE_MS,
        ...(verbose ? { onRetry: (error: unknown, attempt: number, delayMs: number) => verbose(`retry ${attempt} in ${delayMs} ms: ${describeFailure(error, scrub)}`) } : {}),
      },
    },
    ...(verbose ? { onExchange: (x) => verbose(`${x.method} ${scrub(x.url)} ${x.status === 0 ? 'no response' : x.status} ${Math.round(x.durationMs)} ms`) } : {}),
  });
  return {
    client,
    label,
    simulator,
    close: async (timeoutMs = 3000) => {
      const closed = await settleWithin(client.close(), timeoutMs);
      await simulator?.close();
      return closed;
    },
  };
}

/** True when `promise` settles within `ms` (a rejection counts as settled). */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
