/**
 * `npm run bench`: the six benchmarks of issue 8, the first values of issue 14 and the fleet and the 100,000 contacts of issue 15 at full size, each against its baseline in
 * the same run. Prints one table with target and verdict per row and writes bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { BUNDLE_SIZE_FULL, runBundleSize } from './bundle-size.js';
import { FLEET_FULL, runFleet } from './fleet.js';
import { HUNDRED_K_FULL, runHundredK } from './hundred-k.js';
import { LATENCY_FULL, runLatency } from './latency.js';
import { MEMORY_FULL, runMemory } from './memory.js';
import { FIRST_VALUES_FULL, runFirstValues } from './first-values.js';
import { formatTable, type BenchResult } from './report.js';
import { RESOURCES_FULL, runResources } from './resources.js';
import { ROUND_TRIPS_FULL, runRoundTrips } from './round-trips.js';
import { ROUTING_FULL, runRouting } from './routing.js';
import { now } from './support/timing.js';

const benches: readonly { readonly name: string; readonly run: () => BenchResult | Promise<BenchResult> }[] = [
  { name: '1 routing throughput', run: () => runRouting(ROUTING_FULL) },
  { name: '2 round trips', run: () => runRoundTrips(ROUND_TRIPS_FULL) },
  { name: '3 latency', run: () => runLatency(LATENCY_FULL) },
  { name: '4 memory', run: () => runMemory(MEMORY_FULL) },
  { name: '5 bundle size', run: () => runBundleSize(BUNDLE_SIZE_FULL) },
  { name: '6 timers and sockets', run: () => runResources(RESOURCES_FULL) },
  { name: '7 first values', run: () => runFirstValues(FIRST_VALUES_FULL) },
  { name: '8 fleet', run: () => runFleet(FLEET_FULL) },
  { name: '9 100k contacts', run: () => runHundredK(HUNDRED_K_FULL) },
];

const only = process.argv.slice(2);
const started = now();
const results: BenchResult[] = [];
for (const bench of benches) {
  if (only.length > 0 && !only.some((prefix) => bench.name.startsWith(prefix))) continue;
  process.stdout.write(`${bench.name} ... `);
  const result = await bench.run();
  results.push(result);
  process.stdout.write(`${(result.elapsedMs / 1000).toFixed(1)} s\n`);
}
const rows = results.flatMap((r) => r.rows);
const elapsedMs = now() - started;
console.log(`\n${formatTable(rows)}\n`);
for (const row of rows) if (row.note) console.log(`- ${row.bench} / ${row.metric}: ${row.note}`);
const missed = rows.filter((row) => row.pass === false).length;
console.log(`\n${rows.filter((row) => row.pass === true).length} met, ${missed} missed; ${(elapsedMs / 1000).toFixed(0)} s in all`);
writeFileSync(
  'bench/results.json',
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      node: process.version,
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryBytes: totalmem() },
      elapsedMs,
      rows,
      results,
    },
    null,
    2,
  )}\n`,
);
console.log('written to bench/results.json');
