/** Text styles; each is the identity when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly magenta: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly gray: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
}

const sgr = (open: number, close: number) => (text: string) => (text === '' ? text : `\x1b[${open}m${text}\x1b[${close}m`);
const plain = (text: string): string => text;

/** The palette: ANSI colours when `enabled`, plain text otherwise. */
export function palette(enabled: boolean): Palette {
  if (!enabled) return { enabled, green: plain, red: plain, yellow: plain, magenta: plain, cyan: plain, gray: plain, bold: plain, dim: plain };
  return {
    enabled,
    green: sgr(32, 39),
    red: sgr(31, 39),
    yellow: sgr(33, 39),
    magenta: sgr(35, 39),
    cyan: sgr(36, 39),
    gray: sgr(90, 39),
    bold: sgr(1, 22),
    dim: sgr(2, 22),
  };
}

/**
 * Whether to colour a stream: only a TTY that can show colours, and never when the
 * NO_COLOR environment variable is set to anything non-empty (https://no-color.org).
 */
export function colourWanted(stream: { readonly isTTY?: boolean; hasColors?: () => boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (!stream.isTTY) return false;
  return stream.hasColors?.() ?? true;
}

const ANSI_SEQUENCE = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const ANSI_AT = /\x1b\[[0-9;?]*[ -/]*[@-~]/y;

/** The text without escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}

/** Plain text padded or cut (with an ellipsis) to exactly `width` characters. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** A line with escape sequences cut to `width` visible characters (styles are closed after a cut). */
export function clip(line: string, width: number): string {
  if (stripAnsi(line).length <= width) return line;
  let visible = 0;
  let result = '';
  let index = 0;
  while (index < line.length && visible < width) {
    ANSI_AT.lastIndex = index;
    const match = line[index] === '\x1b' ? ANSI_AT.exec(line) : null;
    if (match) {
      result += match[0];
      index += match[0].length;
      continue;
    }
    result += line[index];
    index += 1;
    visible += 1;
  }
  return line.includes('\x1b') ? `${result}\x1b[0m` : result;
}

/** Screen control sequences. */
export const TERM = {
  altScreenOn: '\x1b[?1049h',
  altScreenOff: '\x1b[?1049l',
  hideCursor: '\x1b[?25l',
  showCursor: '\x1b[?25h',
  clearScreen: '\x1b[2J',
  eraseLine: '\x1b[K',
  eraseBelow: '\x1b[J',
  moveTo: (row: number, column = 1): string => `\x1b[${row};${column}H`,
} as const;
