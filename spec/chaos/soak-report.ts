import type { Violation } from './invariants.js';
import { formatClock } from './request-trace.js';
import type { SoakResult } from './soak-run.js';

/** One line per run: seed, hours, requests, faults by kind, resets, values checked, violations. */
export function runLine(result: SoakResult): string {
  const faults = Object.entries(result.faults)
    .filter(([name]) => name !== 'outage')
    .sort(([a], [b]) => a.localeCompare(b));
  const injected = faults.reduce((sum, [, n]) => sum + n, 0);
  return [
    `seed ${result.seed}`,
    `hours ${result.hours}`,
    `profile ${result.profile}`,
    `requests ${result.requests}`,
    `faults ${injected} (${faults.map(([name, n]) => `${name} ${n}`).join(', ')})`,
    `outages ${result.outages} (${result.faults['outage'] ?? 0} requests reset)`,
    `resets ${result.resets}`,
    `values checked ${result.valuesChecked}`,
    `violations ${result.violations.length}`,
    `${(result.realMs / 1000).toFixed(1)} s`,
  ].join('  ');
}

/** Violations grouped by kind: count, the first `examples` with time and detail, and the trace of the first. */
export function violationReport(seed: number, violations: readonly Violation[], examples = 3): string[] {
  const lines: string[] = [];
  for (const [kind, group] of groupByKind(violations)) {
    lines.push(`  seed ${seed}: ${kind} x${group.length}`);
    for (const v of group.slice(0, examples)) lines.push(`    at ${formatClock(v.at)}: ${v.detail}`);
    const trace = group[0]?.trace ?? [];
    if (trace.length > 0) lines.push(`    last requests before the first:`, ...trace.map((t) => `      ${t}`));
  }
  return lines;
}

/** Violations of several runs by kind: how many, and in which seeds. */
export function summaryReport(results: readonly SoakResult[]): string[] {
  const byKind = new Map<string, { count: number; seeds: Set<number> }>();
  for (const result of results) {
    for (const v of result.violations) {
      const entry = byKind.get(v.kind) ?? { count: 0, seeds: new Set<number>() };
      entry.count++;
      entry.seeds.add(result.seed);
      byKind.set(v.kind, entry);
    }
  }
  return [...byKind.entries()]
    .sort(([, a], [, b]) => b.seeds.size - a.seeds.size || b.count - a.count)
    .map(([kind, { count, seeds }]) => `  ${kind}: ${count} in ${seeds.size}/${results.length} runs (seeds ${[...seeds].join(', ')})`);
}

/** Stream errors of several runs by stream and class (`presence$ http 503 -`): how many, in how many runs. */
export function streamErrorReport(results: readonly SoakResult[]): string[] {
  const byClass = new Map<string, { count: number; seeds: Set<number> }>();
  for (const result of results) {
    for (const v of result.violations) {
      const match = /^(presence\$|\w+\$)(?:\([^)]*\))? errored: (.*)$/.exec(v.detail);
      if (!v.kind.startsWith('stream-error') || !match) continue;
      const key = `${match[1]} ${match[2]}`;
      const entry = byClass.get(key) ?? { count: 0, seeds: new Set<number>() };
      entry.count++;
      entry.seeds.add(result.seed);
      byClass.set(key, entry);
    }
  }
  return [...byClass.entries()]
    .sort(([, a], [, b]) => b.count - a.count)
    .map(([key, { count, seeds }]) => `  ${key}: ${count} in ${seeds.size} run(s) (e.g. seed ${[...seeds].slice(0, 3).join(', ')})`);
}

/** One short line per violation, for a test's failure message. */
export function violationLines(violations: readonly Violation[]): string[] {
  return violations.map((v) => `${formatClock(v.at)} ${v.kind}: ${v.detail}`);
}

function groupByKind(violations: readonly Violation[]): Map<string, Violation[]> {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) groups.set(v.kind, [...(groups.get(v.kind) ?? []), v]);
  return groups;
}
