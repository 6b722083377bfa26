import { clip, fit, type Palette } from './ansi.js';
import type { BoardRow } from './contact-board.js';

/** How long a changed row's time stays highlighted, ms. */
const FRESH_MS = 3000;

const AVAILABILITY_WIDTH = 14; // "● DoNotDisturb"
const TIME_WIDTH = 11; // "LAST CHANGE"
const INDENT = 2;
const GAP = 2;

/** Column widths of the table. */
interface Columns {
  readonly name: number;
  readonly uri: number;
  readonly activity: number;
  readonly note: number;
}

/** `HH:MM:SS` in local time. */
export function clockTime(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The availability in its colour, with a dot that tells it apart without colour too. */
export function availabilityCell(availability: string | undefined, width: number, paint: Palette): string {
  if (availability === undefined) return paint.dim(fit('…', width));
  const text = fit(`● ${availability}`, width);
  switch (availability) {
    case 'Online':
      return paint.green(text);
    case 'IdleOnline':
    case 'Away':
    case 'BeRightBack':
      return paint.yellow(text);
    case 'Busy':
    case 'IdleBusy':
      return paint.red(text);
    case 'DoNotDisturb':
      return paint.magenta(text);
    case 'Offline':
      return paint.gray(text);
    default:
      return text;
  }
}

/** The note as a cell shows it: its text, marked when it is an out-of-office note. */
function noteText(row: BoardRow): string {
  const message = row.note?.message;
  if (message === undefined) return '';
  return row.note?.type === 'OutOfOffice' ? `(out of office) ${message}` : message;
}

/** Widths that fit `width`: the note gives way first, then activity, the URI, the name. */
function columnsFor(rows: readonly BoardRow[], width: number): Columns {
  const longest = (values: readonly number[], floor: number, cap: number): number => Math.min(cap, Math.max(floor, ...values));
  const name = longest(rows.map((r) => (r.entry.name ?? '').length), 4, 24);
  const uri = longest(rows.map((r) => r.entry.uri.length), 3, 36);
  const activity = longest(rows.map((r) => (r.presence?.activity ?? '').length), 8, 28);
  const note = longest(rows.map((r) => noteText(r).length), 4, 40);
  const fixed = INDENT + AVAILABILITY_WIDTH + TIME_WIDTH + 5 * GAP;
  let over = fixed + name + uri + activity + note - width;
  const shrink = (current: number, floor: number): number => {
    const by = Math.max(0, Math.min(over, current - floor));
    over -= by;
    return current - by;
  };
  const o = shrink(note, 4);
  const a = shrink(activity, 8);
  const u = shrink(uri, 14);
  const n = shrink(name, 6);
  return { name: n, uri: u, activity: a, note: o };
}

/** The table's column header line. */
function headerLine(columns: Columns, paint: Palette): string {
  const cells = [fit('NAME', columns.name), fit('URI', columns.uri), fit('AVAILABILITY', AVAILABILITY_WIDTH), fit('ACTIVITY', columns.activity), fit('LAST CHANGE', TIME_WIDTH), fit('NOTE', columns.note)];
  return paint.bold(' '.repeat(INDENT) + cells.join(' '.repeat(GAP)).trimEnd());
}

function rowLine(row: BoardRow, columns: Columns, now: Date, paint: Palette): string {
  const fresh = row.changedAt !== undefined && now.getTime() - row.changedAt.getTime() < FRESH_MS;
  const time = row.changedAt ? clockTime(row.changedAt) : '';
  const note = noteText(row);
  const cells = [
    fit(row.entry.name ?? '', columns.name),
    paint.dim(fit(row.entry.uri, columns.uri)),
    availabilityCell(row.presence?.availability, AVAILABILITY_WIDTH, paint),
    fit(row.presence?.activity ?? '', columns.activity),
    fresh ? paint.bold(fit(time, TIME_WIDTH)) : fit(time, TIME_WIDTH),
    note === '' ? '' : paint.dim(fit(note, columns.note)),
  ];
  return (' '.repeat(INDENT) + cells.join(' '.repeat(GAP))).trimEnd();
}

/**
 * The table as screen lines for a terminal `width` columns wide and at most `height` lines
 * high: a column header, section headings (the pinned group, then the other contacts) and
 * one line per contact. Rows that do not fit are counted in a last line.
 */
export function tableLines(rows: readonly BoardRow[], pinnedGroupName: string, options: { width: number; height: number; now: Date; paint: Palette }): string[] {
  const { width, height, now, paint } = options;
  const columns = columnsFor(rows, width);
  const lines: { readonly text: string; readonly isRow: boolean }[] = [{ text: headerLine(columns, paint), isRow: false }];
  const counts = { pinned: rows.filter((r) => r.entry.section === 'pinned').length, contacts: rows.filter((r) => r.entry.section === 'contacts').length };
  let section: string | undefined;
  for (const row of rows) {
    if (row.entry.section !== section) {
      section = row.entry.section;
      if (section === 'pinned') lines.push({ text: paint.cyan(`${pinnedGroupName} (${counts.pinned})`), isRow: false });
      if (section === 'contacts') lines.push({ text: paint.cyan(`Other contacts (${counts.contacts})`), isRow: false });
    }
    lines.push({ text: rowLine(row, columns, now, paint), isRow: true });
  }
  if (rows.length === 0) lines.push({ text: paint.dim('  (loading contacts…)'), isRow: false });
  if (lines.length <= height) return lines.map((line) => clip(line.text, width));
  const shown = lines.slice(0, Math.max(1, height - 1));
  const hidden = rows.length - shown.filter((line) => line.isRow).length;
  return [...shown.map((line) => line.text), paint.dim(`  … ${hidden} more; make the terminal taller to see them`)].map((line) => clip(line, width));
}
