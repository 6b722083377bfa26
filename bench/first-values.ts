import type { Subscription } from 'rxjs';
import { createUcwaClient, type UcwaClient } from '../lib/client.js';
import type { BenchResult, BenchRow } from './report.js';
import { BENCH_USER, contactUri } from './support/directory.js';
import { countingFetch, startFloorClient, type FloorClient } from './support/first-values-floor.js';
import { startSimulatorThread, type SimulatorThread } from './support/simulator-thread.js';
import { median, now } from './support/timing.js';
import { SIGN_IN_REQUESTS } from './round-trips.js';

/** Sizes of the first-values benchmark. */
export interface FirstValuesOptions {
  /** Contacts subscribed at once on a warm client (each size a row). */
  readonly sizes: readonly number[];
  /** Turns of each client (library, floor, library, ...); each turn a new client. */
  readonly rounds: number;
  readonly verdicts: boolean;
}

/** The full run of issue 14: 1 and 100 contacts, 15 turns each. */
export const FIRST_VALUES_FULL: FirstValuesOptions = { sizes: [1, 100], rounds: 15, verdicts: true };

/** Requests the cold start of one contact needs at least: sign-in, the application, the subscription, myContacts, one GET. */
export const COLD_START_MINIMUM = SIGN_IN_REQUESTS + 1 + 1 + 1 + 1;

/** Target of the warm rows: within 1.3x the floor, and under 100 ms on loopback. */
const RATIO_TARGET = 1.3;
const ABSOLUTE_TARGET_MS = 100;

/** The figures of one turn: cold start to the first value, then each warm size. */
interface Turn {
  readonly coldMs: number;
  readonly coldRequests: number;
  readonly warmMs: readonly number[];
}

/** Contacts used by turn `turn`: the first for the cold start, then one block per size (never watched before). */
function contactsOf(turn: number, sizes: readonly number[]): { readonly cold: string; readonly blocks: string[][] } {
  const perTurn = 1 + sizes.reduce((sum, size) => sum + size, 0);
  let next = turn * perTurn;
  const cold = contactUri(next++);
  const blocks = sizes.map((size) => Array.from({ length: size }, () => contactUri(next++)));
  return { cold, blocks };
}

/**
 * Resolves once every URI of `uris` has a first value from `client`: one subscription per
 * contact, as an app's badges subscribe, each counted once (no combineLatest, whose own
 * bookkeeping over 100 sources is not the library's cost and has no counterpart in the floor).
 */
function firstValues(client: UcwaClient, uris: readonly string[], keep: Subscription[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let waiting = uris.length;
    for (const uri of uris) {
      let first = true;
      keep.push(
        client.presence$(uri).subscribe({
          next: () => {
            if (!first) return;
            first = false;
            if (--waiting === 0) resolve(undefined);
          },
          error: reject,
        }),
      );
    }
  });
}

/** The library's turn: a new client's cold start with one contact, then each size on the warm client. */
async function libraryTurn(sim: SimulatorThread, turn: number, sizes: readonly number[]): Promise<Turn> {
  const { cold, blocks } = contactsOf(turn, sizes);
  const counting = countingFetch();
  const client = createUcwaClient({ discoveryUrl: sim.discoveryUrl, credentials: BENCH_USER, fetch: counting.fetch });
  const held: Subscription[] = [];
  try {
    const coldStart = now();
    await firstValues(client, [cold], held);
    const coldMs = now() - coldStart;
    const coldRequests = counting.count();
    // Warm: the event channel holds a P-GET (the client is connected).
    while (client.status().connection.status !== 'connected') await new Promise((resolve) => setTimeout(resolve, 1));
    const warmMs: number[] = [];
    for (const block of blocks) {
      const start = now();
      await firstValues(client, block, held);
      warmMs.push(now() - start);
    }
    return { coldMs, coldRequests, warmMs };
  } finally {
    held.forEach((s) => s.unsubscribe());
    await client.close();
  }
}

/** The floor's turn: the same requests by hand. */
async function floorTurn(sim: SimulatorThread, turn: number, sizes: readonly number[]): Promise<Turn> {
  const { cold, blocks } = contactsOf(turn, sizes);
  const counting = countingFetch();
  let client: FloorClient | undefined;
  try {
    const coldStart = now();
    const started = await startFloorClient(sim.discoveryUrl, BENCH_USER, [cold], counting.fetch);
    const coldMs = now() - coldStart;
    const coldRequests = counting.count();
    client = started.client;
    const warmMs: number[] = [];
    for (const block of blocks) {
      const start = now();
      const values = await client.add(block);
      if (values.length !== block.length) throw new Error(`first-values floor: ${values.length} of ${block.length} values`);
      warmMs.push(now() - start);
    }
    return { coldMs, coldRequests, warmMs };
  } finally {
    await client?.close();
  }
}

/**
 * Benchmark 7: time to the first presence values. On a warm client (signed in, its event channel
 * connected, a subscription in place), `presence$` for 1 and for 100 contacts never watched
 * before, until every one has its first value; against the floor: the same requests
 * (addToPresenceSubscription, then one GET or one batch) by a minimal fetch loop in the same run.
 * And the cold start (discovery, token, application, subscription, value) of one contact, timed
 * against the floor's and counted against the fewest requests it takes.
 */
export async function runFirstValues(options: FirstValuesOptions): Promise<BenchResult> {
  const started = now();
  const perTurn = 1 + options.sizes.reduce((sum, size) => sum + size, 0);
  const sim = await startSimulatorThread({ contacts: perTurn * options.rounds, aggregationScale: 1 });
  try {
    // a warm-up turn of each, not counted (JIT, sockets)
    await libraryTurn(sim, 0, options.sizes);
    await floorTurn(sim, 0, options.sizes);
    const library: Turn[] = [];
    const floor: Turn[] = [];
    for (let round = 1; round < options.rounds; round++) {
      library.push(await libraryTurn(sim, round, options.sizes));
      floor.push(await floorTurn(sim, round, options.sizes));
    }
    const verdict = (pass: boolean): boolean | undefined => (options.verdicts ? pass : undefined);
    const rows: BenchRow[] = options.sizes.map((size, i) => {
      const measured = median(library.map((t) => t.warmMs[i] ?? Number.NaN));
      const baseline = median(floor.map((t) => t.warmMs[i] ?? Number.NaN));
      return {
        bench: '7 first values',
        metric: `warm client, ${size} contact${size === 1 ? '' : 's'}: subscribe -> every first value`,
        measured,
        baseline,
        baselineName: 'floor',
        ratio: measured / baseline,
        unit: 'ms',
        target: `<= ${RATIO_TARGET}x, < ${ABSOLUTE_TARGET_MS} ms`,
        pass: verdict(measured / baseline <= RATIO_TARGET && measured < ABSOLUTE_TARGET_MS),
        note: `median of ${library.length} turns; floor: addToPresenceSubscription, then ${size === 1 ? 'one GET' : 'one batch'}`,
      };
    });
    const coldMs = median(library.map((t) => t.coldMs));
    const coldFloorMs = median(floor.map((t) => t.coldMs));
    const coldRequests = Math.max(...library.map((t) => t.coldRequests));
    rows.push(
      {
        bench: '7 first values',
        metric: 'cold start, 1 contact: new client -> first value',
        measured: coldMs,
        baseline: coldFloorMs,
        baselineName: 'floor',
        ratio: coldMs / coldFloorMs,
        unit: 'ms',
        target: `<= ${RATIO_TARGET}x`,
        pass: verdict(coldMs / coldFloorMs <= RATIO_TARGET),
        note: `median of ${library.length} turns; discovery, user (401), token, user, application, then subscription beside myContacts, then the GET`,
      },
      {
        bench: '7 first values',
        metric: 'cold start, 1 contact: requests (P-GETs aside)',
        measured: coldRequests,
        baseline: COLD_START_MINIMUM,
        baselineName: 'minimum',
        unit: 'requests',
        target: '= minimum',
        pass: verdict(coldRequests === COLD_START_MINIMUM),
        note: `the most of any turn; the floor sent ${Math.max(...floor.map((t) => t.coldRequests))}`,
      },
    );
    return {
      name: 'first values',
      rows,
      details: { ...options, library, floor },
      elapsedMs: now() - started,
    };
  } finally {
    await sim.close();
  }
}
