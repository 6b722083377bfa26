/*
 * A replica of a balancing fleet as a child process, for the fault tests: one fleet client per
 * identity given in UCWA_BALANCE (JSON: discoveryUrl, redisUrl, service, replica, leaseTtlMs and
 * the identities, each with its user and the contacts it watches). Prints NDJSON lines: an
 * identity's leadership when it changes, every presence value and any stream error.
 */
import { createFleetClient } from '../../lib/redis/index.js';

interface Config {
  readonly discoveryUrl: string;
  readonly redisUrl: string;
  readonly service: string;
  readonly replica: string;
  readonly leaseTtlMs: number;
  readonly identities: readonly { readonly identity: string; readonly username: string; readonly contacts: readonly string[] }[];
}

const config = JSON.parse(process.env['UCWA_BALANCE'] ?? '') as Config;
const say = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const clients = config.identities.map(({ identity, username, contacts }, index) => {
  const client = createFleetClient({
    discoveryUrl: config.discoveryUrl,
    credentials: { username, password: 'password' },
    gracePeriodMs: 50,
    redis: { url: config.redisUrl },
    identity,
    service: config.service,
    replica: config.replica,
    leaseTtlMs: config.leaseTtlMs,
    shareTiming: { heartbeatMs: 100, participantTimeoutMs: 1000 },
  });
  for (const uri of contacts) {
    client.presence$(uri).subscribe({
      next: (presence) => say({ index, uri, availability: presence.availability }),
      error: (error: unknown) => say({ index, uri, error: String(error) }),
      complete: () => say({ index, uri, error: 'completed' }),
    });
  }
  return client;
});
// Gone with the test process, even if the test could not kill it (the IPC channel closes).
process.on('disconnect', () => process.exit(0));
const leading = clients.map(() => false);
setInterval(() => {
  clients.forEach((client, index) => {
    if (client.leading === leading[index]) return;
    leading[index] = client.leading;
    say({ index, leading: client.leading });
  });
}, 10);
