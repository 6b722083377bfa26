/**
 * A Node service that watches contacts' presence and logs every transition (`bob: Online -> Busy`)
 * until SIGINT or SIGTERM, then closes the client (deleting its application on the server) and exits 0.
 *
 *   UCWA_USERNAME=alice@contoso.com UCWA_PASSWORD=password \
 *     npm run example:node -- --discovery http://127.0.0.1:4000/ sip:bob@contoso.com sip:carol@contoso.com
 *
 * In your own project, import from 'ucwa-rx' instead of '../../lib/index.js'.
 */
import { distinctUntilChanged, type Subscription } from 'rxjs';
import { createUcwaClient, type ConnectionState, type UcwaClient } from '../../lib/index.js';
import { ConfigError, USAGE, readConfig, type WatchConfig } from './config.js';
import { formatTransition, presenceTransitions } from './presence-transitions.js';

/** Longest wait for `client.close()` before the process gives up and exits 1. */
const CLOSE_DEADLINE_MS = 10_000;

const log = (line: string): void => console.log(line);
const logError = (line: string): void => console.error(line);

/** One line per connection state: `connection: reconnecting (attempt 2, retry in 4000 ms): ...`. */
function describeConnection(state: ConnectionState): string {
  switch (state.status) {
    case 'reconnecting':
      return `connection: reconnecting (attempt ${state.attempt}, retry in ${state.retryInMs} ms): ${state.reason.name}: ${state.reason.message}`;
    case 'closed':
      return state.error ? `connection: closed by ${state.error.name}: ${state.error.message}` : 'connection: closed';
    default:
      return `connection: ${state.status}`;
  }
}

/** Creates the client, starts watching, and wires shutdown to SIGINT and SIGTERM. */
function start(config: WatchConfig): void {
  const client: UcwaClient = createUcwaClient({
    discoveryUrl: config.discoveryUrl,
    ...config.auth,
    userAgent: 'ucwa-rx-example-watch-presence',
    // URLs are redacted by the library and no credential ever reaches onExchange.
    onExchange: config.logHttp ? (x) => log(`http: ${x.method} ${x.url} ${x.status} ${Math.round(x.durationMs)} ms`) : undefined,
  });

  log(`watching ${config.contacts.length} contact(s) at ${new URL(config.discoveryUrl).origin}`);
  const subscriptions: Subscription[] = [
    client.connectionState$.pipe(distinctUntilChanged((a, b) => a.status === b.status && a.status !== 'reconnecting')).subscribe((state) => log(describeConnection(state))),
    client.resets$.subscribe((reset) => log(`reset: ${reset.reason}; subscriptions recreated`)),
    client.diagnostics$.subscribe((problem) => log(`warning: ${problem.name}: ${problem.message}`)),
  ];

  let watching: Subscription | undefined;
  let stopping = false;
  const stop = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${reason})`);
    const deadline = setTimeout(() => {
      logError(`close() did not finish within ${CLOSE_DEADLINE_MS} ms`);
      process.exit(1);
    }, CLOSE_DEADLINE_MS);
    deadline.unref();
    watching?.unsubscribe();
    let code = exitCode;
    try {
      await client.close();
    } catch (error) {
      logError(`close failed: ${error instanceof Error ? error.message : String(error)}`);
      code = 1;
    }
    for (const subscription of subscriptions) subscription.unsubscribe();
    log('stopped');
    process.exit(code);
  };

  watching = presenceTransitions(client, config.contacts).subscribe({
    next: (transition) => log(formatTransition(transition)),
    // Only what cannot recover errors a stream (e.g. sign-in refused): log it, clean up, exit 1.
    error: (error: unknown) => {
      logError(`fatal: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      void stop('fatal error', 1);
    },
  });

  // `once`: a second Ctrl+C while closing gets Node's default handling and ends the process at once.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal, 0));
}

try {
  if (process.argv.includes('--help')) {
    log(USAGE);
  } else {
    start(readConfig(process.argv.slice(2), process.env));
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  logError(`watch-presence: ${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
