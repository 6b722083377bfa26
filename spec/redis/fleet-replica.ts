/*
 * A fleet replica as a child process, for the fault tests: it watches the contacts given in
 * UCWA_CONTACTS (comma-separated) through createFleetClient and prints NDJSON lines: its leadership
 * when it changes, every presence value and any stream error.
 */
import { createFleetClient } from '../../lib/redis/index.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`missing ${name}`);
  return value;
};
const say = (line: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const client = createFleetClient({
  discoveryUrl: env('UCWA_DISCOVERY_URL'),
  credentials: { username: 'alice@contoso.com', password: 'password' },
  gracePeriodMs: 50,
  redis: { url: env('UCWA_REDIS_URL') },
  identity: env('UCWA_IDENTITY'),
  leaseTtlMs: Number(env('UCWA_LEASE_TTL_MS')),
  shareTiming: { heartbeatMs: 100, participantTimeoutMs: 1000 },
  replica: 'child',
});
for (const uri of env('UCWA_CONTACTS').split(',')) {
  client.presence$(uri).subscribe({
    next: (presence) => say({ uri, availability: presence.availability }),
    error: (error: unknown) => say({ uri, error: String(error) }),
  });
}
// Gone with the test process, even if the test could not kill it (the IPC channel closes).
process.on('disconnect', () => process.exit(0));
let leading = false;
setInterval(() => {
  if (client.leading === leading) return;
  leading = client.leading;
  say({ leading });
}, 10);
