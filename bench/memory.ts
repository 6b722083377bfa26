import { performance } from 'node:perf_hooks';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { createUcwaClient, type UcwaClient } from '../lib/client.js';
import type { BenchResult, BenchRow } from './report.js';
import { BENCH_USER, contactUris } from './support/directory.js';
import { rawContactJson } from './support/raw-contacts.js';
import { startSimulatorThread, type SimulatorThread } from './support/simulator-thread.js';
import { collectGarbage, median, now, sleep } from './support/timing.js';

/** Sizes of the memory benchmark. */
export interface MemoryOptions {
  /** Watched contacts per measurement (the user's contact list has exactly these). */
  readonly sizes: readonly number[];
  /** Presence events delivered (to `sizes[0]` contacts) before the last heap snapshot. */
  readonly events: number;
  /** Events after which the first heap snapshot is taken (JIT and caches warm). */
  readonly warmEvents: number;
  /**
   * Take the two heap snapshots (a snapshot of a big heap takes seconds: the jest smoke run
   * leaves them out and reports the heapUsed line instead).
   */
  readonly snapshots: boolean;
  /** Contacts the raw-JSON figure is read over, at least (one reading of a small heap delta is noisy). */
  readonly rawSample: number;
  readonly verdicts: boolean;
}

/** The full-size run of issue 8. */
export const MEMORY_FULL: MemoryOptions = { sizes: [1_000, 10_000], events: 100_000, warmEvents: 10_000, snapshots: true, rawSample: 10_000, verdicts: true };

/** Bytes per watched contact allowed beyond the data itself. */
const BUDGET_PER_CONTACT = 2048;
/**
 * Growth of live JavaScript data over the event run still read as flat: what is in flight when
 * a snapshot is taken (a request, a batch of values) varies by a few KB; a leak of one byte per
 * event would show 90 KB.
 */
const FLAT_TOLERANCE_BYTES = 64 * 1024;

/**
 * Collects garbage until finalisers have run: WeakRefs and FinalizationRegistry callbacks
 * (AbortSignal bookkeeping in Node's fetch uses them) release their objects only in a later
 * turn, so one collection leaves a varying few hundred of them behind. Node's fetch also files
 * a PerformanceResourceTiming for every request in a global buffer (up to 250 entries, whoever
 * fetches): it is emptied first, so that its filling up is not read as growth.
 */
async function settleGarbage(): Promise<void> {
  await sleep(50);
  performance.clearResourceTimings();
  for (let i = 0; i < 3; i++) {
    if (!collectGarbage()) throw new Error('memory benchmark: garbage collection is not available');
    await sleep(20);
  }
}

/**
 * The heap holding data after {@link settleGarbage}, bytes: `heapUsed` without the code spaces
 * (V8 compiles and optimises code as it runs: that is not data, and it levels off).
 */
export async function heapAfterGc(): Promise<number> {
  await settleGarbage();
  const code = getHeapSpaceStatistics()
    .filter((space) => space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  return process.memoryUsage().heapUsed - code;
}

/**
 * Heap per contact of the raw JSON the server sends about the contacts, parsed and kept: the
 * median of three readings over at least `sample` contacts (every contact's JSON has the same
 * shape, so the figure does not depend on how many are watched).
 */
async function rawHeapPerContact(n: number, sample: number): Promise<{ perContact: number; bytesPerContact: number }> {
  const count = Math.max(n, sample);
  const texts = rawContactJson(count);
  const bytes = texts.reduce((sum, t) => sum + t.contact.length + t.presence.length, 0);
  const readings: number[] = [];
  for (let i = 0; i < 3; i++) readings.push((await parsedHeap(texts)) / count);
  return { perContact: median(readings), bytesPerContact: bytes / count };
}

/** Heap the parsed texts take; a function of its own, so that nothing of one reading outlives it. */
async function parsedHeap(texts: readonly { readonly contact: string; readonly presence: string }[]): Promise<number> {
  const before = await heapAfterGc();
  const kept: unknown[] = texts.map((t) => [JSON.parse(t.contact), JSON.parse(t.presence)]);
  const after = await heapAfterGc();
  if (kept.length !== texts.length) throw new Error('unreachable');
  return after - before;
}

/** A client signed in with its event channel running and nothing watched. */
async function idleClient(sim: SimulatorThread): Promise<{ client: UcwaClient; events: Subscription }> {
  const client = createUcwaClient({ discoveryUrl: sim.discoveryUrl, credentials: BENCH_USER });
  const events = client.events$.subscribe();
  await firstValueFrom(client.connectionState$.pipe(filter((s) => s.status === 'connected')));
  await sleep(100);
  return { client, events };
}

interface Watch {
  readonly subscriptions: Subscription[];
  /** Values received per contact. */
  readonly received: Uint32Array;
  total(): number;
}

/** Watches every URI; the observers only count (the user's own storage is not the library's). */
function watch(client: UcwaClient, uris: readonly string[]): Watch {
  const received = new Uint32Array(uris.length);
  let total = 0;
  const subscriptions = uris.map((uri, i) =>
    client.presence$(uri).subscribe(() => {
      received[i] = (received[i] ?? 0) + 1;
      total += 1;
    }),
  );
  return { subscriptions, received, total: () => total };
}

/** Heap snapshot node types that hold JavaScript data (V8's code, shapes and other metadata left out). */
const DATA_TYPES = new Set(['object', 'closure', 'array', 'string', 'concatenated string', 'sliced string', 'number', 'regexp', 'bigint', 'symbol']);

interface SnapshotFile {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly [readonly string[], ...unknown[]] } };
  readonly nodes: readonly number[];
}

/** Bytes and count of the live JavaScript data in a heap snapshot (the JSON text of a `.heapsnapshot`). */
export function dataInSnapshot(text: string): { readonly bytes: number; readonly objects: number } {
  const snapshot = JSON.parse(text) as SnapshotFile;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const typeField = fields.indexOf('type');
  const sizeField = fields.indexOf('self_size');
  let bytes = 0;
  let objects = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    if (!DATA_TYPES.has(types[snapshot.nodes[i + typeField] as number] ?? '')) continue;
    bytes += snapshot.nodes[i + sizeField] as number;
    objects += 1;
  }
  return { bytes, objects };
}

/** Writes a heap snapshot, garbage settled, under .tmp/bench-heap; read it later with {@link dataInSnapshot}. */
async function snapshotNow(name: string): Promise<string> {
  const directory = resolve('.tmp/bench-heap');
  mkdirSync(directory, { recursive: true });
  await settleGarbage();
  return writeHeapSnapshot(resolve(directory, `${process.pid}-${name}.heapsnapshot`));
}

/** The slope of the least-squares line through `points` (one heap reading alone can be off by a few hundred KB). */
function leastSquaresSlope(points: readonly (readonly [number, number])[]): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const num = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const den = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!done()) {
    if (now() > deadline) throw new Error(`memory benchmark: ${what} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

interface SizeFigures {
  readonly contacts: number;
  readonly perContact: number;
  readonly rawPerContact: number;
  readonly rawJsonBytesPerContact: number;
  readonly flat?: {
    /** Heap (code spaces aside) at the first reading after the warm-up, bytes. */
    readonly warmHeap: number;
    /** Fitted heap growth from the first to the last reading, bytes (V8 metadata included). */
    readonly heapGrowth: number;
    readonly bytesPerEvent: number;
    readonly checkpoints: readonly { readonly events: number; readonly heap: number }[];
    readonly events: number;
    readonly warmEvents: number;
    /** Live JavaScript data in the heap snapshot after the warm-up, bytes. */
    readonly warmData: number;
    /** Growth of the live JavaScript data between the two heap snapshots, bytes and objects. */
    readonly dataGrowth: number;
    readonly objectGrowth: number;
  };
}

/** Heap per watched contact at `n` contacts, and (when `events` > 0) the data over that many presence events. */
async function measureSize(n: number, options: MemoryOptions, events: number): Promise<SizeFigures> {
  const sim = await startSimulatorThread({ contacts: n, aggregationScale: 0.01 });
  try {
    const raw = await rawHeapPerContact(n, options.rawSample);
    const { client, events: eventsSubscription } = await idleClient(sim);
    const uris = contactUris(n);
    const idle = await heapAfterGc();
    const watched = watch(client, uris);
    await until(() => watched.received.every((c) => c > 0), 120_000, `first values of ${n} contacts`);
    await sleep(300);
    const loaded = await heapAfterGc();
    const perContact = (loaded - idle) / n;
    let flat: SizeFigures['flat'];
    if (events > 0) {
      const rounds = Math.ceil(events / n);
      const warmRounds = Math.min(rounds, Math.ceil(options.warmEvents / n));
      const every = Math.max(1, Math.floor((rounds - warmRounds) / 9));
      const checkpoints: { readonly events: number; readonly heap: number }[] = [];
      let warmSnapshot: string | undefined;
      for (let round = 1; round <= rounds; round++) {
        const target = watched.total() + n;
        await sim.setPresence(uris, { availability: round % 2 === 0 ? 'Online' : 'Busy' });
        await until(() => watched.total() >= target, 60_000, `round ${round} of presence changes`);
        if (round >= warmRounds && ((round - warmRounds) % every === 0 || round === rounds)) {
          await sleep(100);
          checkpoints.push({ events: round * n, heap: await heapAfterGc() });
          if (round === warmRounds && options.snapshots) warmSnapshot = await snapshotNow('warm');
        }
      }
      const slope = leastSquaresSlope(checkpoints.map((c) => [c.events, c.heap] as const));
      const span = rounds * n - warmRounds * n;
      const endSnapshot = options.snapshots ? await snapshotNow('end') : undefined;
      const [warm, end] = [warmSnapshot, endSnapshot].map((file) => {
        const data = file === undefined ? { bytes: 0, objects: 0 } : dataInSnapshot(readFileSync(file, 'utf8'));
        if (file !== undefined) rmSync(file, { force: true });
        return data;
      });
      flat = {
        warmHeap: checkpoints[0]?.heap ?? loaded,
        heapGrowth: slope * span,
        bytesPerEvent: slope,
        checkpoints,
        events: rounds * n,
        warmEvents: warmRounds * n,
        warmData: warm?.bytes ?? 0,
        dataGrowth: (end?.bytes ?? 0) - (warm?.bytes ?? 0),
        objectGrowth: (end?.objects ?? 0) - (warm?.objects ?? 0),
      };
    }
    watched.subscriptions.forEach((s) => s.unsubscribe());
    eventsSubscription.unsubscribe();
    await client.close();
    return { contacts: n, perContact, rawPerContact: raw.perContact, rawJsonBytesPerContact: raw.bytesPerContact, flat };
  } finally {
    await sim.close();
  }
}

/**
 * Benchmark 4: heap per watched contact after a GC (a client with its channel running and
 * nothing watched is the zero), beside the heap of the same contacts' raw JSON parsed and kept;
 * then, with the first size watched, the live JavaScript data in heap snapshots after a warm-up
 * and after `events` presence events. The simulator runs in a worker thread: its heap is its own.
 */
export async function runMemory(options: MemoryOptions): Promise<BenchResult> {
  const started = now();
  const figures: SizeFigures[] = [];
  for (const [index, n] of options.sizes.entries()) figures.push(await measureSize(n, options, index === 0 ? options.events : 0));
  const verdict = (ok: boolean): boolean | undefined => (options.verdicts ? ok : undefined);
  const rows: BenchRow[] = figures.map((f) => ({
    bench: '4 memory',
    metric: `heap per contact, ${f.contacts} watched`,
    measured: f.perContact,
    baseline: f.rawPerContact,
    baselineName: 'raw JSON',
    ratio: f.perContact / f.rawPerContact,
    unit: 'bytes',
    target: `<= raw + ${BUDGET_PER_CONTACT}`,
    pass: verdict(f.perContact - f.rawPerContact <= BUDGET_PER_CONTACT),
    note: `beyond the data: ${Math.round(f.perContact - f.rawPerContact)} B; raw JSON text ${Math.round(f.rawJsonBytesPerContact)} B`,
  }));
  const flat = figures[0]?.flat;
  if (flat) {
    const fitted = `heapUsed without code, fitted through ${flat.checkpoints.length} readings: ${(flat.heapGrowth / 1024).toFixed(0)} KB (${flat.bytesPerEvent.toFixed(2)} B/event, V8 metadata included)`;
    rows.push(
      options.snapshots
        ? {
            bench: '4 memory',
            metric: `data growth over ${flat.events - flat.warmEvents} events, ${figures[0]?.contacts} watched`,
            measured: flat.dataGrowth / 1024,
            baseline: flat.warmData / 1024,
            baselineName: 'data when warm',
            unit: 'KB',
            target: `flat (< ${FLAT_TOLERANCE_BYTES / 1024} KB)`,
            pass: verdict(flat.dataGrowth < FLAT_TOLERANCE_BYTES),
            note: `live JS data in heap snapshots after ${flat.warmEvents} and ${flat.events} events (${flat.objectGrowth >= 0 ? '+' : ''}${flat.objectGrowth} objects); ${fitted}`,
          }
        : {
            bench: '4 memory',
            metric: `heap growth over ${flat.events - flat.warmEvents} events (fitted), ${figures[0]?.contacts} watched`,
            measured: flat.heapGrowth / 1024,
            unit: 'KB',
            target: '(no snapshots: no verdict)',
            note: fitted,
          },
    );
  }
  return { name: 'memory', rows, details: { ...options, figures }, elapsedMs: now() - started };
}
