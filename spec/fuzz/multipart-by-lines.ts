import { left, right, type Either } from '../../lib/util/either.js';
import type { UnreadablePart } from '../../lib/http/multipart-batching.js';

/** A part as this reader gave it: status, status text, all its headers, body. */
type ParsedBatchingPart = Either<UnreadablePart, { readonly status: number; readonly statusText: string; readonly headers: Headers; readonly text: string }>;

/*
 * The multipart/batching response reader as it was before it was made faster (issue 14,
 * benchmark 7): it cut the whole body into lines with a regular expression and looked at every
 * one. Kept here, unchanged, as the oracle of spec/fuzz/multipart-parse.spec.ts: the faster
 * reader must read every body, well-formed or not, exactly as this one does.
 */

/** A line of text and the offset just after its line end (CRLF, LF or CR). */
interface Line {
  readonly text: string;
  readonly start: number;
  /** Offset of the line end (where `text` stops). */
  readonly end: number;
  /** Offset after the line end. */
  readonly next: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
    lines.push({ text: text.slice(start, match.index), start, end: match.index, next: match.index + match[0].length });
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), start, end: text.length, next: text.length });
  return lines;
}

const BOM = '\uFEFF';

function stripBom(text: string): string {
  return text.replace(/^\uFEFF+/, '');
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/**
 * Splits a multipart body into the raw text of its parts. Delimiter lines may carry trailing
 * whitespace; the preamble and anything after the closing delimiter are ignored; a missing
 * closing delimiter ends the last part at the end of the text.
 */
function splitParts(text: string, boundary: string): string[] {
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const parts: string[] = [];
  let partStart: number | undefined;
  let previousLineEnd = 0;
  for (const line of linesOf(text)) {
    const marker = stripBom(line.text).trimEnd();
    if (marker === open || marker === close) {
      // The line break before a delimiter belongs to the delimiter, not to the part.
      if (partStart !== undefined) parts.push(text.slice(partStart, Math.max(partStart, previousLineEnd)));
      partStart = marker === close ? undefined : line.next;
      if (marker === close) return parts;
    }
    previousLineEnd = line.end;
  }
  if (partStart !== undefined) parts.push(text.slice(partStart));
  return parts;
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s*(\d{3})\s*(.*)$/i;

/**
 * Reads `Name: value` lines from `lines[from]` up to a blank line (or, with `untilStatus`, up
 * to a status line); returns the index of the next line to read.
 */
function readHeaders(lines: readonly Line[], from: number, into?: Headers, untilStatus = false): number {
  let i = from;
  let last: { name: string; value: string } | undefined;
  const flush = (): void => {
    if (!last || !into) return;
    try {
      into.append(last.name, last.value);
    } catch {
      // An invalid name or value is skipped: be liberal in what is accepted.
    }
  };
  for (; i < lines.length; i++) {
    const text = lines[i]?.text ?? '';
    if (text.trim() === '') {
      i += 1;
      break;
    }
    if (untilStatus && STATUS_LINE.test(stripBom(text).trim())) break;
    if (/^[ \t]/.test(text) && last) {
      last = { name: last.name, value: `${last.value} ${text.trim()}` };
      continue;
    }
    flush();
    const colon = text.indexOf(':');
    last = colon > 0 ? { name: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() } : undefined;
  }
  flush();
  return i;
}

/**
 * Drops what some servers put before a part's body: a byte-order mark, and the stray `?`
 * line of the reference's sample (a BOM rendered as `?`, or as U+FFFD) when JSON or XML follows it.
 */
function cleanBody(body: string): string {
  let text = stripBom(body);
  const firstBreak = /\r\n|\n|\r/.exec(text);
  if (firstBreak) {
    const first = text.slice(0, firstBreak.index);
    const rest = text.slice(firstBreak.index + firstBreak[0].length);
    // Two simple tests, not one regex with two stars around a required character (quadratic on a long line).
    if (/^[?\uFEFF\uFFFD\s]*$/.test(first) && /[?\uFFFD]/.test(first) && /^\s*[{[<]/.test(stripBom(rest))) text = stripBom(rest);
  }
  return text.trimEnd();
}

/**
 * Reads one part: optional MIME headers (`Content-Type: application/http; msgtype=response`)
 * and a blank line, then the status line (`HTTP/1.1 200 OK`), the response headers, a blank
 * line and the body. Blank lines before the status line are skipped.
 */
function parsePart(raw: string): ParsedBatchingPart {
  const text = stripBom(raw);
  const lines = linesOf(text);
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && stripBom(lines[i]?.text ?? '').trim() === '') i++;
  };
  skipBlank();
  if (i < lines.length && !STATUS_LINE.test(stripBom(lines[i]?.text ?? '').trim())) {
    i = readHeaders(lines, i, undefined, true);
    skipBlank();
  }
  const statusLine = lines[i];
  const status = statusLine ? STATUS_LINE.exec(stripBom(statusLine.text).trim()) : null;
  if (!statusLine || !status) return left({ reason: 'no HTTP status line', excerpt: excerpt(text) });
  const headers = new Headers();
  i = readHeaders(lines, i + 1, headers);
  const bodyStart = lines[i]?.start ?? text.length;
  return right({
    status: Number(status[1]),
    statusText: (status[2] ?? '').trim(),
    headers,
    text: cleanBody(text.slice(bodyStart)),
  });
}

/**
 * Parses a `multipart/batching` response body into its parts, in order. Liberal: CRLF, LF or
 * CR line ends, a BOM, trailing whitespace after delimiters, a missing closing delimiter, the
 * `?` line of the reference's sample before a body, `Name : value` headers. A part that
 * cannot be read is a Left in its place; the other parts are unaffected.
 */
export function parseBatchingResponseByLines(text: string, boundary: string): ParsedBatchingPart[] {
  return splitParts(text.startsWith(BOM) ? stripBom(text) : text, boundary).map(parsePart);
}
