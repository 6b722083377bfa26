import type { Subscription } from 'rxjs';
import { createUcwaClient } from '../lib/client.js';
import type { BenchResult, BenchRow } from './report.js';
import { BENCH_USER, contactUris } from './support/directory.js';
import { resourceCounts } from './support/simulator-protocol.js';
import { startSimulatorThread } from './support/simulator-thread.js';
import { now, sleep } from './support/timing.js';

/** Sizes of the timers-and-sockets benchmark. */
export interface ResourcesOptions {
  /** Contacts watched. */
  readonly contacts: number;
  /** How long to wait after the first values for idle keep-alive sockets to close, ms. */
  readonly idleMs: number;
  readonly verdicts: boolean;
}

/** The full-size run of issue 8: 1,000 contacts; Node's HTTP keep-alive closes idle sockets after about 5 s. */
export const RESOURCES_FULL: ResourcesOptions = { contacts: 1_000, idleMs: 6_000, verdicts: true };

function delta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of new Set([...Object.keys(after), ...Object.keys(before)])) {
    const d = (after[type] ?? 0) - (before[type] ?? 0);
    if (d !== 0) out[type] = d;
  }
  return out;
}

/**
 * Benchmark 6: timers and sockets of a client watching `contacts` contacts, counted with
 * `process.getActiveResourcesInfo()` against the idle process (the simulator runs in a worker
 * thread, whose event loop is its own), and the simulator's open sockets.
 */
export async function runResources(options: ResourcesOptions): Promise<BenchResult> {
  const started = now();
  const sim = await startSimulatorThread({ contacts: options.contacts, aggregationScale: 0.01 });
  const subscriptions: Subscription[] = [];
  try {
    await sleep(100);
    const idle = resourceCounts();
    const serverIdle = await sim.resources();
    const client = createUcwaClient({ discoveryUrl: sim.discoveryUrl, credentials: BENCH_USER });
    let firsts = 0;
    const seen = new Uint8Array(options.contacts);
    contactUris(options.contacts).forEach((uri, i) =>
      subscriptions.push(
        client.presence$(uri).subscribe(() => {
          if (seen[i] === 0) firsts += 1;
          seen[i] = 1;
        }),
      ),
    );
    const deadline = now() + 60_000;
    while (firsts < options.contacts) {
      if (now() > deadline) throw new Error('resources: first values did not arrive');
      await sleep(10);
    }
    const busy = delta(resourceCounts(), idle);
    await sleep(options.idleMs);
    const steady = delta(resourceCounts(), idle);
    const server = await sim.resources();
    const serverSubscriptions = client.status().presenceSubscriptions.length;
    subscriptions.forEach((s) => s.unsubscribe());
    await client.close();
    await sleep(100);
    const closed = delta(resourceCounts(), idle);

    const sockets = steady.TCPSocketWrap ?? 0;
    const timers = steady.Timeout ?? 0;
    const serverSockets = server.sockets - serverIdle.sockets;
    const verdict = (ok: boolean): boolean | undefined => (options.verdicts ? ok : undefined);
    const rows: BenchRow[] = [
      {
        bench: '6 timers/sockets',
        metric: `open sockets, ${options.contacts} watched (client)`,
        measured: sockets,
        baseline: 1,
        baselineName: 'one P-GET',
        unit: 'sockets',
        target: '= 1',
        pass: verdict(sockets === 1 && serverSockets === 1),
        note: `simulator side ${serverSockets}; right after the first values ${busy.TCPSocketWrap ?? 0} (keep-alive, closed within ${options.idleMs} ms)`,
      },
      {
        bench: '6 timers/sockets',
        metric: `active timers, ${options.contacts} watched`,
        measured: timers,
        baseline: serverSubscriptions,
        baselineName: 'server subscriptions',
        unit: 'timers',
        target: '= 1 per subscription',
        pass: verdict(timers <= serverSubscriptions),
        note: `beyond the idle process: ${JSON.stringify(steady)}; after close(): ${JSON.stringify(closed)}`,
      },
    ];
    return {
      name: 'timers and sockets',
      rows,
      details: { ...options, idle, busy, steady, closed, server, serverIdle, serverSubscriptions },
      elapsedMs: now() - started,
    };
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
    await sim.close();
  }
}
