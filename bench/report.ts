/** One line of the benchmark table: what was measured, against what, the target and the verdict. */
export interface BenchRow {
  /** Benchmark number and short name, e.g. `1 routing`. */
  readonly bench: string;
  /** What this row measures. */
  readonly metric: string;
  /** The library's figure, in `unit`. */
  readonly measured: number;
  /** The baseline's figure in the same unit, when the row compares against one. */
  readonly baseline?: number | undefined;
  /** What the baseline is. */
  readonly baselineName?: string | undefined;
  /** measured / baseline, or another ratio the target is stated in. */
  readonly ratio?: number | undefined;
  readonly unit: string;
  /** The target in words, e.g. `<= 1.5x floor`. */
  readonly target: string;
  /** Whether the target was met; undefined in smoke runs (no verdicts). */
  readonly pass?: boolean | undefined;
  /** Anything a reader needs to read the figure (sizes, conditions). */
  readonly note?: string | undefined;
}

/** What every benchmark returns: its rows and the raw figures behind them (written to results.json). */
export interface BenchResult {
  readonly name: string;
  readonly rows: readonly BenchRow[];
  readonly details: Readonly<Record<string, unknown>>;
  /** Wall time of the benchmark, ms. */
  readonly elapsedMs: number;
}

/** Formats a number for the table: integers as they are, others with 3 significant digits. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function verdict(pass: boolean | undefined): string {
  return pass === undefined ? '-' : pass ? 'PASS' : 'MISS';
}

/** The rows as a Markdown table (also readable on a terminal). */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['bench', 'metric', 'measured', 'baseline', 'ratio', 'unit', 'target', 'verdict'];
  const lines = rows.map((row) => [
    row.bench,
    row.metric,
    formatNumber(row.measured),
    row.baseline === undefined ? '-' : `${formatNumber(row.baseline)}${row.baselineName ? ` (${row.baselineName})` : ''}`,
    row.ratio === undefined ? '-' : `${formatNumber(row.ratio)}x`,
    row.unit,
    row.target,
    verdict(row.pass),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const render = (cells: readonly string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [render(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}
