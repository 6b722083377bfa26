import { Worker } from 'node:worker_threads';
import { describe, expect, it } from '@jest/globals';
import { runBundleSize } from '../../bench/bundle-size.js';
import { COLD_START_MINIMUM, runFirstValues } from '../../bench/first-values.js';
import { runFleet } from '../../bench/fleet.js';
import { minimumRequests, runHundredK } from '../../bench/hundred-k.js';
import { runLatency } from '../../bench/latency.js';
import { dataInSnapshot, runMemory } from '../../bench/memory.js';
import { formatTable, type BenchResult } from '../../bench/report.js';
import { runResources } from '../../bench/resources.js';
import { minimumExtensions, minimumSubscribeRequests, runRoundTrips } from '../../bench/round-trips.js';
import { runRouting } from '../../bench/routing.js';
import { DEFAULT_LIMITS } from '../../lib/simulator/index.js';

/** Every row measured something and, in a smoke run, gives no verdict. */
function expectRows(result: BenchResult, count: number): void {
  expect(result.rows).toHaveLength(count);
  for (const row of result.rows) {
    expect(Number.isFinite(row.measured)).toBe(true);
    expect(row.pass).toBeUndefined();
  }
  expect(formatTable(result.rows)).toContain(result.rows[0]?.bench ?? '');
}

/** The benchmarks' own code at tiny sizes, so that `npm run bench` cannot rot unseen. */
describe('benchmarks (smoke run)', () => {
  it('1 routing: parses, routes to every subscriber, and times the baselines', () => {
    expectRows(runRouting({ contacts: 100, bodies: 2, eventsPerBody: 100, repeats: 2, naiveRepeats: 1, verdicts: false }), 3);
  });

  it('2 round trips: counts the requests of subscribing, a burst and idle time', async () => {
    const result = await runRoundTrips({ contacts: 30, burst: 10, idleMs: 60 * 60_000, verdicts: false });
    expectRows(result, 3);
    expect(result.rows[0]?.baseline).toBe(minimumSubscribeRequests(30));
  });

  it('2 round trips: the minimums follow from the limits', () => {
    expect(minimumSubscribeRequests(1000)).toBe(4 + 1 + 1 + 4 + 10);
    expect(minimumExtensions(4, 60 * 60_000 + 10_000)).toBe(8);
  });

  it('3 latency: times the library and the hand-written loop', async () => {
    expectRows(await runLatency({ contacts: 20, samples: 4, warmup: 1, aggregationScale: 0.002, rounds: 2, verdicts: false }), 2);
  });

  it('4 memory: reads the heap per contact and over events', async () => {
    expectRows(await runMemory({ sizes: [40], events: 120, warmEvents: 80, snapshots: false, rawSample: 40, verdicts: false }), 2);
  });

  it('4 memory: counts the live data in a heap snapshot', async () => {
    // a worker's heap is small: its snapshot takes a moment, where this process's would take seconds
    const worker = new Worker('setInterval(() => undefined, 60_000);', { eval: true });
    try {
      await new Promise((resolve) => worker.once('online', resolve));
      let text = '';
      for await (const chunk of await worker.getHeapSnapshot()) text += String(chunk);
      const data = dataInSnapshot(text);
      expect(data.objects).toBeGreaterThan(1000);
      expect(data.bytes).toBeGreaterThan(data.objects * 8);
    } finally {
      await worker.terminate();
    }
  });

  it('5 bundle size: bundles the browser entry', async () => {
    const result = await runBundleSize({ verdicts: false });
    expectRows(result, 2);
    expect(result.rows[1]?.measured).toBeLessThan(result.rows[0]?.measured ?? 0);
  });

  it('6 timers and sockets: counts the client resources against the idle process', async () => {
    expectRows(await runResources({ contacts: 20, idleMs: 50, verdicts: false }), 2);
  });

  it('7 first values: times a warm client and the cold start against the floor, and counts the cold start', async () => {
    const result = await runFirstValues({ sizes: [1, 5], rounds: 2, verdicts: false });
    expectRows(result, 4);
    expect(result.rows[3]?.baseline).toBe(COLD_START_MINIMUM);
    expect(result.rows[3]?.measured).toBe(COLD_START_MINIMUM);
  });

  it('8 fleet: counts the requests of 3 replicas sharing through redis-server against a single client, and times followers against the leader', async () => {
    const result = await runFleet({ contacts: 10, replicas: 3, samples: 4, warmup: 1, aggregationScale: 0.002, verdicts: false });
    expectRows(result, 5);
    // Both phases signed in, subscribed and read every change: each sent requests to the pool.
    expect(result.rows[0]?.measured).toBeGreaterThan(5);
    expect(result.rows[0]?.baseline).toBeGreaterThan(5);
  });

  it('9 100k contacts: spreads one client over applications and reads its costs against one application', async () => {
    // 2 subscriptions x 100 contacts: 200 fill one application, 300 need two
    const limits = { maxPresenceSubscriptionsPerApplication: 2, maxContactsPerPresenceSubscription: 100 };
    const result = await runHundredK({ contacts: 300, maxApplications: 2, baselineContacts: 200, burst: 50, limits, verdicts: false });
    expectRows(result, 5);
    const runs = result.details as {
      readonly baseline: { readonly serverApplications: number };
      readonly sameList: { readonly serverApplications: number; readonly contacts: number };
      readonly big: { readonly serverApplications: number; readonly serverSubscriptions: number };
    };
    expect(runs.baseline.serverApplications).toBe(1);
    // The time baseline watches one application's worth out of the big run's list.
    expect(runs.sameList.serverApplications).toBe(1);
    expect(runs.sameList.contacts).toBe(200);
    expect(result.rows[0]?.baselineName).toBe('200, 1 app, same list');
    expect(runs.big.serverApplications).toBe(2);
    expect(runs.big.serverSubscriptions).toBe(3);
    expect(result.rows[1]?.baseline).toBe(minimumRequests(300, { ...DEFAULT_LIMITS, ...limits }) / 300);
    expect(result.rows[4]?.baseline).toBe(3);
  });

  it('9 100k contacts: the minimum requests follow from the limits', () => {
    // sign-in, then 8 full applications: the application, myContacts, 50 creates, 125 batches each
    expect(minimumRequests(100_000, DEFAULT_LIMITS)).toBe(4 + 8 * (1 + 1 + 50 + 125));
    // 200 in the first application, 100 in the second
    expect(minimumRequests(300, { ...DEFAULT_LIMITS, maxPresenceSubscriptionsPerApplication: 2, maxContactsPerPresenceSubscription: 100 })).toBe(4 + (2 + 2 + 2) + (2 + 1 + 1));
  });
});
