// One replica of a service, run as its own Node process by replicas.spec.ts: a client of the
// built package (dist/) with the endpointId and contacts given on the command line. Prints one
// JSON line per state, reset, value and error; closes the client on "close" from stdin.
import { createUcwaClient } from '../../dist/index.js';

const [discoveryUrl, endpointId, ...contacts] = process.argv.slice(2);
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const client = createUcwaClient({ discoveryUrl, endpointId, credentials: { username: 'alice@contoso.com', password: 'password' }, gracePeriodMs: 50 });
client.connectionState$.subscribe((state) => print({ state: state.status, ...(state.status === 'reconnecting' ? { reason: `${state.reason.name}: ${state.reason.message}` } : {}) }));
client.resets$.subscribe((signal) => print({ reset: signal.reason }));
for (const contact of contacts) {
  client.presence$(contact).subscribe({
    next: (presence) => print({ contact, availability: presence.availability }),
    error: (error) => print({ contact, error: `${error.name}: ${error.message}` }),
  });
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', async (data) => {
  if (!data.includes('close')) return;
  await client.close();
  print({ closed: true });
  process.exit(0);
});
