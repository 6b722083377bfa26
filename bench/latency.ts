import type { Subscription } from 'rxjs';
import { createUcwaClient } from '../lib/client.js';
import type { BenchResult, BenchRow } from './report.js';
import { Arrivals } from './support/arrivals.js';
import { BENCH_USER, contactUris } from './support/directory.js';
import { startHandWrittenClient } from './support/hand-written-client.js';
import { sequence } from './support/sequence.js';
import { startSimulatorThread, type SimulatorThread } from './support/simulator-thread.js';
import { now, percentile, sleep } from './support/timing.js';

/** Sizes of the latency benchmark. */
export interface LatencyOptions {
  /** Contacts watched. */
  readonly contacts: number;
  /** Timed changes per client (after `warmup` untimed ones). */
  readonly samples: number;
  readonly warmup: number;
  /** The simulator's aggregationScale: the 5 s medium window (its minimum) times this. */
  readonly aggregationScale: number;
  /** Turns of each client (library, hand-written, library, ...); the samples are split between them. */
  readonly rounds: number;
  readonly verdicts: boolean;
}

/** The full-size run of issue 8: 1,000 contacts, medium window 5 s scaled to 50 ms. */
export const LATENCY_FULL: LatencyOptions = { contacts: 1_000, samples: 200, warmup: 10, aggregationScale: 0.01, rounds: 2, verdicts: true };

/** The medium aggregation window at its minimum, ms (EventChannelDetails: 5-1800 s). */
const MEDIUM_MINIMUM_MS = 5_000;
const FIRST_VALUES_TIMEOUT_MS = 60_000;

/**
 * Changes one contact at a time in the simulator and times the change's arrival at the
 * client: from just before `setPresence` to the value in the client's hands.
 */
async function measure(sim: SimulatorThread, arrivals: Arrivals, uris: readonly string[], options: LatencyOptions, round: number): Promise<number[]> {
  const random = sequence(42 + round);
  const latencies: number[] = [];
  for (let i = 0; i < options.warmup + options.samples; i++) {
    const uri = uris[Math.floor(random() * uris.length)] as string;
    const availability = arrivals.latest.get(uri) === 'Busy' ? 'Online' : 'Busy';
    const arrived = arrivals.next(uri, availability, 10_000);
    const start = now();
    await sim.setPresence([uri], { availability });
    const at = await arrived;
    if (i >= options.warmup) latencies.push(at - start);
    await sleep(Math.floor(random() * 10));
  }
  return latencies;
}

/** Times `presence$` with every contact watched: a fresh client, its first values, then the changes. */
async function libraryTurn(sim: SimulatorThread, uris: readonly string[], options: LatencyOptions, round: number): Promise<number[]> {
  const arrivals = new Arrivals();
  const client = createUcwaClient({ discoveryUrl: sim.discoveryUrl, credentials: BENCH_USER });
  const subscriptions: Subscription[] = uris.map((uri) => client.presence$(uri).subscribe((p) => arrivals.seen(p.uri.toLowerCase(), String(p.availability))));
  try {
    await arrivals.all(uris.length, FIRST_VALUES_TIMEOUT_MS);
    await sleep(200);
    return await measure(sim, arrivals, uris, options, round);
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
    await client.close();
  }
}

/** Times the hand-written loop the same way. */
async function handWrittenTurn(sim: SimulatorThread, uris: readonly string[], options: LatencyOptions, round: number): Promise<number[]> {
  const arrivals = new Arrivals();
  const client = await startHandWrittenClient(sim.discoveryUrl, BENCH_USER, uris, (uri, availability) => arrivals.seen(uri, availability));
  try {
    await arrivals.all(uris.length, FIRST_VALUES_TIMEOUT_MS);
    await sleep(200);
    return await measure(sim, arrivals, uris, options, round);
  } finally {
    await client.close();
  }
}

/**
 * Benchmark 3: latency from `setPresence` in the simulator (a worker thread, over loopback) to
 * the value arriving, with `contacts` contacts watched: `presence$` against a hand-written
 * fetch loop (its own P-GET loop and a GET of each presence href), one client at a time, the same changes.
 */
export async function runLatency(options: LatencyOptions): Promise<BenchResult> {
  const started = now();
  const uris = contactUris(options.contacts);
  const sim = await startSimulatorThread({ contacts: options.contacts, aggregationScale: options.aggregationScale });
  try {
    // library and hand-written loop in turns (ABAB...), so that drifting machine load hits both alike
    const library: number[] = [];
    const baseline: number[] = [];
    const perTurn = { ...options, samples: Math.ceil(options.samples / options.rounds) };
    for (let round = 0; round < options.rounds; round++) {
      library.push(...(await libraryTurn(sim, uris, perTurn, round)));
      baseline.push(...(await handWrittenTurn(sim, uris, perTurn, round)));
    }

    const windowMs = MEDIUM_MINIMUM_MS * options.aggregationScale;
    const p = (values: number[], q: number): number => percentile(values, q);
    const note = `${options.contacts} contacts watched, ${options.samples} changes each, medium window ${windowMs} ms included`;
    const rows: BenchRow[] = [
      {
        bench: '3 latency',
        metric: 'p50 setPresence -> presence$',
        measured: p(library, 50),
        baseline: p(baseline, 50),
        baselineName: 'hand-written',
        ratio: p(library, 50) / p(baseline, 50),
        unit: 'ms',
        target: '(reference)',
        note,
      },
      {
        bench: '3 latency',
        metric: 'p99 setPresence -> presence$',
        measured: p(library, 99),
        baseline: p(baseline, 99),
        baselineName: 'hand-written',
        ratio: p(library, 99) / p(baseline, 99),
        unit: 'ms',
        target: '<= 1.3x',
        pass: options.verdicts ? p(library, 99) / p(baseline, 99) <= 1.3 : undefined,
        note,
      },
    ];
    return {
      name: 'latency',
      rows,
      details: {
        ...options,
        windowMs,
        library: { p50: p(library, 50), p90: p(library, 90), p99: p(library, 99), max: Math.max(...library), overWindowP50: p(library, 50) - windowMs },
        baseline: { p50: p(baseline, 50), p90: p(baseline, 90), p99: p(baseline, 99), max: Math.max(...baseline), overWindowP50: p(baseline, 50) - windowMs },
        libraryMs: library,
        baselineMs: baseline,
      },
      elapsedMs: now() - started,
    };
  } finally {
    await sim.close();
  }
}
