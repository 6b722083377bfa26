/**
 * `npm run soak -- --seed N --hours H [--runs R] [--fault-rate 0.12] [--contacts N] [--profile default|smallLimits|overflow] [--trace N] [--calm] [--verbose]`:
 * seeded chaos soaks of the client against the simulator behind the fault-injecting proxy
 * (docs/reliability.md). One line per run; the violations of a failing run with its seed; exit
 * code 1 when any run found a violation.
 */
import { parseArgs } from 'node:util';
import type { Violation } from './invariants.js';
import type { SoakProfile } from './soak-options.js';
import { runLine, streamErrorReport, summaryReport, violationReport } from './soak-report.js';
import { runSoak, type SoakResult } from './soak-run.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    hours: { type: 'string', default: '8' },
    runs: { type: 'string', default: '1' },
    'fault-rate': { type: 'string', default: '0.12' },
    contacts: { type: 'string', default: '30' },
    profile: { type: 'string' },
    trace: { type: 'string', default: '25' },
    calm: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('npm run soak -- --seed N --hours H [--runs R] [--fault-rate 0.12] [--contacts N] [--profile default|smallLimits|overflow] [--trace N] [--calm] [--verbose]');
  process.exit(0);
}

const number = (name: string, text: string | undefined, valid: (n: number) => boolean): number => {
  const n = Number(text);
  if (!valid(n)) {
    console.error(`--${name}: not a valid value: ${text}`);
    process.exit(2);
  }
  return n;
};
const seed = number('seed', values.seed, Number.isInteger);
const hours = number('hours', values.hours, (n) => n > 0);
const runs = number('runs', values.runs, (n) => Number.isInteger(n) && n > 0);
const faultRate = number('fault-rate', values['fault-rate'], (n) => n >= 0 && n <= 1);
const contacts = number('contacts', values.contacts, (n) => Number.isInteger(n) && n > 0);
const traceLength = number('trace', values.trace, (n) => Number.isInteger(n) && n >= 0 && n <= 200);
const profile = values.profile as SoakProfile | undefined;
if (profile !== undefined && profile !== 'default' && profile !== 'smallLimits' && profile !== 'overflow') {
  console.error(`--profile: default, smallLimits or overflow, not ${profile}`);
  process.exit(2);
}

// A crash of the process under test is a violation of the run in progress, not the end of the soak.
let crashes: Violation[] = [];
const crashed = (kind: string) => (error: unknown) => {
  crashes.push({ kind, at: 0, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
};
process.on('unhandledRejection', crashed('unhandled-rejection'));
process.on('uncaughtException', crashed('uncaught-exception'));

const results: SoakResult[] = [];
for (let run = 0; run < runs; run++) {
  crashes = [];
  const result = await runSoak({
    seed: seed + run,
    hours,
    faultRate,
    contacts,
    traceLength,
    calm: values.calm,
    ...(profile ? { profile } : {}),
    log: values.verbose ? (line) => console.log(line) : undefined,
  });
  const withCrashes: SoakResult = { ...result, violations: [...result.violations, ...crashes] };
  results.push(withCrashes);
  console.log(runLine(withCrashes));
  if (withCrashes.violations.length > 0) for (const line of violationReport(withCrashes.seed, withCrashes.violations)) console.log(line);
}

const total = (pick: (r: SoakResult) => number): number => results.reduce((sum, r) => sum + pick(r), 0);
const faults = total((r) => Object.entries(r.faults).reduce((sum, [name, n]) => (name === 'outage' ? sum : sum + n), 0));
console.log(
  `\ntotal: ${total((r) => r.requests)} requests, ${faults} faults, ${total((r) => r.outages)} outages, ${total((r) => r.resets)} resets, ` +
    `${total((r) => r.valuesChecked)} values checked, ${total((r) => r.violations.length)} violations, ${(total((r) => r.realMs) / 1000).toFixed(0)} s`,
);
const failed = results.filter((r) => r.violations.length > 0);
console.log(`${runs} run(s), ${failed.length} with violations${failed.length > 0 ? ` (seeds ${failed.map((r) => r.seed).join(', ')})` : ''}`);
for (const line of summaryReport(results)) console.log(line);
const streamErrors = streamErrorReport(results);
if (streamErrors.length > 0) console.log(['stream errors by class:', ...streamErrors].join('\n'));
process.exitCode = failed.length > 0 ? 1 : 0;
