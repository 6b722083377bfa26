import { left, right, type Either } from '../util/either.js';

/**
 * The `multipart/batching` format of UCWA's batch resource (BatchingRequests): a MIME
 * multipart body whose parts are whole HTTP messages (`application/http; msgtype=request`
 * going out, `msgtype=response` coming back). Pure string work, no I/O, browser-safe.
 */

/** One request to put in a batch body. Carries no credentials: the batch POST does. */
export interface BatchingPartRequest {
  readonly method: string;
  /** Absolute URL of the target; its path and query go on the request line, its host in `Host:`. */
  readonly url: URL;
  /** Accept header of the part; `application/json` by default. */
  readonly accept?: string | undefined;
  /** Content-Type of `body`; only written when there is a body. */
  readonly contentType?: string | undefined;
  /** The part's body (POST), already serialised. */
  readonly body?: string | undefined;
}

/** An encoded batch: the body to POST and the Content-Type header that names its boundary. */
export interface EncodedBatch {
  readonly boundary: string;
  /** `multipart/batching;boundary=...`, as in the reference's example request. */
  readonly contentType: string;
  readonly body: string;
}

/** One response part of a batch, read in order. */
export interface BatchingResponsePart {
  readonly status: number;
  readonly statusText: string;
  /** The part's headers (built when first read: most parts only need {@link contentType}). */
  readonly headers: Headers;
  /** The part's Content-Type, as `headers.get('content-type')` reads it. */
  readonly contentType: string | null;
  readonly text: string;
}

/** A response part that could not be read as an HTTP response. */
export interface UnreadablePart {
  /** What was wrong, e.g. `no HTTP status line`. */
  readonly reason: string;
  /** The start of the part (at most 80 characters), for diagnostics. */
  readonly excerpt: string;
}

/** A parsed response part, or why it could not be parsed. */
export type ParsedBatchingPart = Either<UnreadablePart, BatchingResponsePart>;

const CRLF = '\r\n';
const CR = 13;
const LF = 10;

/** A random boundary shaped like the reference's (`77f2569d-c005-442b-b856-782305305e5f`). */
export function randomBoundary(): string {
  const bytes = new Uint8Array(16);
  const crypto = globalThis.crypto as Crypto | undefined;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function encodePart(part: BatchingPartRequest): string {
  let head =
    `Content-Type: application/http; msgtype=request${CRLF}${CRLF}` +
    `${part.method} ${part.url.pathname}${part.url.search} HTTP/1.1${CRLF}` +
    `Host: ${part.url.host}${CRLF}` +
    `Accept: ${part.accept ?? 'application/json'}`;
  if (part.body !== undefined) {
    head += `${CRLF}Content-Type: ${part.contentType ?? 'application/json'}${CRLF}Content-Length: ${new TextEncoder().encode(part.body).length}`;
  }
  // The blank line ends the inner request's headers; the body (if any) follows it.
  return head + CRLF + CRLF + (part.body ?? '');
}

/**
 * Encodes `parts` as a `multipart/batching` body, in order. Each part is an
 * `application/http; msgtype=request` message: request line with path and query, `Host`,
 * `Accept`, and for a body its `Content-Type` and `Content-Length`. Lines end in CRLF. A
 * boundary found inside a part is replaced by a fresh random one.
 */
export function encodeBatchingRequest(parts: readonly BatchingPartRequest[], boundary: string = randomBoundary()): EncodedBatch {
  const encoded = parts.map(encodePart);
  let chosen = boundary;
  while (encoded.some((text) => text.includes(`--${chosen}`))) chosen = randomBoundary();
  const body = encoded.map((text) => `--${chosen}${CRLF}${text}${CRLF}`).join('') + `--${chosen}--${CRLF}`;
  return { boundary: chosen, contentType: `multipart/batching;boundary=${chosen}`, body };
}

/**
 * The boundary of a multipart Content-Type (`multipart/batching; boundary="3968..."`, quoted
 * or not, any parameter order); undefined when the type is not multipart or names none.
 */
export function boundaryOf(contentType: string | null | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\//i.test(contentType)) return undefined;
  const match = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary ? boundary : undefined;
}

/** A line of text and the offset just after its line end (CRLF, LF or CR). */
interface Line {
  readonly text: string;
  readonly start: number;
  /** Offset of the line end (where `text` stops). */
  readonly end: number;
  /** Offset after the line end. */
  readonly next: number;
}

/**
 * The lines of `text`, split at CRLF, LF or CR (a CR followed by LF is one line end), cut only
 * as far as they are asked for: a part's headers are read line by line, its body is not.
 */
class Lines {
  private readonly cut: Line[] = [];
  private start = 0;

  constructor(private readonly text: string) {}

  /** Line `index`, or undefined past the last one. */
  at(index: number): Line | undefined {
    const { text, cut } = this;
    while (cut.length <= index && this.start < text.length) {
      const start = this.start;
      // Native searches: the next LF, then a CR before it (looked for in that stretch only).
      const lf = text.indexOf('\n', start);
      const upToLf = text.slice(start, lf < 0 ? text.length : lf);
      const cr = upToLf.indexOf('\r');
      const end = cr < 0 ? start + upToLf.length : start + cr;
      const next = text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : Math.min(text.length, end + 1);
      cut.push({ text: cr < 0 ? upToLf : upToLf.slice(0, cr), start, end, next });
      this.start = next;
    }
    return cut[index];
  }
}

const isLineEnd = (code: number): boolean => code === LF || code === CR;

const BOM = '\uFEFF';

function stripBom(text: string): string {
  let i = 0;
  while (text.charCodeAt(i) === 0xfeff) i++;
  return i === 0 ? text : text.slice(i);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/**
 * Splits a multipart body into the raw text of its parts. Delimiter lines may carry trailing
 * whitespace; the preamble and anything after the closing delimiter are ignored; a missing
 * closing delimiter ends the last part at the end of the text. Only the lines that hold the
 * delimiter are looked at (found with indexOf): a body of 100 parts is not cut into its lines.
 */
function splitParts(text: string, boundary: string): string[] {
  const open = `--${boundary}`;
  const close = `--${boundary}--`;
  const parts: string[] = [];
  let partStart: number | undefined;
  // Always the start of a line: where the search for the next delimiter goes on.
  let lineFrom = 0;
  for (let at = text.indexOf(open); at >= 0; at = lineFrom < text.length ? text.indexOf(open, lineFrom) : -1) {
    let start = at;
    while (start > lineFrom && !isLineEnd(text.charCodeAt(start - 1))) start--;
    let end = at;
    while (end < text.length && !isLineEnd(text.charCodeAt(end))) end++;
    const next = text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : Math.min(text.length, end + 1);
    const marker = stripBom(text.slice(start, end)).trimEnd();
    if (marker === open || marker === close) {
      // The line break before a delimiter belongs to the delimiter, not to the part.
      const previousLineEnd = start === 0 ? 0 : text.charCodeAt(start - 1) === LF && text.charCodeAt(start - 2) === CR ? start - 2 : start - 1;
      if (partStart !== undefined) parts.push(text.slice(partStart, Math.max(partStart, previousLineEnd)));
      partStart = marker === close ? undefined : next;
      if (marker === close) return parts;
    }
    lineFrom = next;
  }
  if (partStart !== undefined) parts.push(text.slice(partStart));
  return parts;
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)?\s*(\d{3})\s*(.*)$/i;

/**
 * Reads `Name: value` lines from line `from` up to a blank line (or, with `untilStatus`, up
 * to a status line); returns the index of the next line to read.
 */
function readHeaders(lines: Lines, from: number, into?: HeaderField[], untilStatus = false): number {
  let i = from;
  let last: HeaderField | undefined;
  const flush = (): void => {
    if (last && into) into.push(last);
  };
  for (let line = lines.at(i); line; line = lines.at(++i)) {
    const text = line.text;
    if (text.trim() === '') {
      i += 1;
      break;
    }
    if (untilStatus && STATUS_LINE.test(stripBom(text).trim())) break;
    const first = text.charCodeAt(0);
    if ((first === 32 || first === 9) && last) {
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

/** A `Name: value` line of a part, as read. */
interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/** `fields` as Headers; a field with an invalid name or value is skipped: be liberal in what is accepted. */
function headersOf(fields: readonly HeaderField[]): Headers {
  const headers = new Headers();
  for (const { name, value } of fields) {
    try {
      headers.append(name, value);
    } catch {
      // skipped
    }
  }
  return headers;
}

/** A part as read: its Headers are built when first asked for (a class: an object literal with a getter is slow to make). */
class ReadPart implements BatchingResponsePart {
  readonly #fields: readonly HeaderField[];
  #headers: Headers | undefined;
  readonly contentType: string | null;

  constructor(
    readonly status: number,
    readonly statusText: string,
    fields: readonly HeaderField[],
    readonly text: string,
  ) {
    this.#fields = fields;
    this.contentType = contentTypeOf(fields);
  }

  get headers(): Headers {
    return (this.#headers ??= headersOf(this.#fields));
  }
}

/** The last single Content-Type field read and what Headers made of it: the parts of a batch mostly repeat it. */
let lastContentType: { readonly field: HeaderField; readonly read: string | null } | undefined;

/** What `headersOf(fields).get('content-type')` gives, without building Headers of every field. */
function contentTypeOf(fields: readonly HeaderField[]): string | null {
  const contentType = fields.filter((field) => field.name.toLowerCase() === 'content-type');
  const only = contentType.length === 1 ? contentType[0] : undefined;
  if (!only) return contentType.length === 0 ? null : headersOf(contentType).get('content-type');
  const last = lastContentType;
  if (last && last.field.name === only.name && last.field.value === only.value) return last.read;
  const read = headersOf(contentType).get('content-type');
  lastContentType = { field: only, read };
  return read;
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
  const lines = new Lines(text);
  let i = 0;
  const skipBlank = (): void => {
    for (let line = lines.at(i); line && stripBom(line.text).trim() === ''; line = lines.at(++i));
  };
  skipBlank();
  const first = lines.at(i);
  if (first && !STATUS_LINE.test(stripBom(first.text).trim())) {
    i = readHeaders(lines, i, undefined, true);
    skipBlank();
  }
  const statusLine = lines.at(i);
  const status = statusLine ? STATUS_LINE.exec(stripBom(statusLine.text).trim()) : null;
  if (!statusLine || !status) return left({ reason: 'no HTTP status line', excerpt: excerpt(text) });
  const fields: HeaderField[] = [];
  i = readHeaders(lines, i + 1, fields);
  const bodyStart = lines.at(i)?.start ?? text.length;
  return right(new ReadPart(Number(status[1]), (status[2] ?? '').trim(), fields, cleanBody(text.slice(bodyStart))));
}

/**
 * Parses a `multipart/batching` response body into its parts, in order. Liberal: CRLF, LF or
 * CR line ends, a BOM, trailing whitespace after delimiters, a missing closing delimiter, the
 * `?` line of the reference's sample before a body, `Name : value` headers. A part that
 * cannot be read is a Left in its place; the other parts are unaffected.
 */
export function parseBatchingResponse(text: string, boundary: string): ParsedBatchingPart[] {
  return splitParts(text.startsWith(BOM) ? stripBom(text) : text, boundary).map(parsePart);
}
