import { STATUS_CODES } from 'node:http';

/**
 * The `multipart/batching` format of BatchingRequests: parts of type
 * `application/http; msgtype=request` holding a request line, headers and an optional body;
 * responses are `application/http; msgtype=response` parts in the same order.
 */

/** One request inside a batch. */
export interface BatchPartRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Request target: a path or an absolute URL. */
  readonly target: string;
  /** Headers of the inner request, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The inner body. */
  readonly body: string;
}

/** One response to put in a batch response. */
export interface BatchPartResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string;
}

/** The boundary parameter of a Content-Type, unquoted. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /;\s*boundary\s*=\s*("([^"]+)"|[^;\s]+)/i.exec(contentType ?? '');
  if (!match) return undefined;
  return match[2] ?? match[1];
}

function readHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Splits a message into its header lines and the rest, at the first empty line. */
function splitHead(text: string): { head: string[]; rest: string } {
  const match = /\r?\n\r?\n/.exec(text);
  if (!match) return { head: text.split(/\r?\n/), rest: '' };
  return { head: text.slice(0, match.index).split(/\r?\n/), rest: text.slice(match.index + match[0].length) };
}

/** Parses one part, or undefined when it is not an HTTP request. */
function parsePart(raw: string): BatchPartRequest | undefined {
  const part = splitHead(raw.replace(/^\r?\n/, ''));
  const partHeaders = readHeaders(part.head);
  const type = partHeaders['content-type'] ?? '';
  if (!/^application\/http/i.test(type) || /msgtype\s*=\s*response/i.test(type)) return undefined;
  const message = splitHead(part.rest.replace(/^(\r?\n)+/, ''));
  const requestLine = parseRequestLine(message.head[0] ?? '');
  if (!requestLine) return undefined;
  return { ...requestLine, headers: readHeaders(message.head.slice(1)), body: message.rest.replace(/\r?\n$/, '') };
}

/**
 * `METHOD target [HTTP/x.y]`, split on white space (linear time, whatever the line holds), or
 * undefined when it is not a request line.
 */
function parseRequestLine(line: string): { method: string; target: string } | undefined {
  const words = line.trim().split(/[ \t]+/);
  const [method = '', target = '', version, ...extra] = words;
  if (extra.length > 0 || target === '' || !/^[A-Za-z]+$/.test(method)) return undefined;
  if (version !== undefined && !/^HTTP\/\d\.\d$/.test(version)) return undefined;
  return { method: method.toUpperCase(), target };
}

/** Parses a batch body into its requests, or undefined when it is malformed. */
export function parseBatch(body: string, boundary: string): BatchPartRequest[] | undefined {
  const delimiter = `--${boundary}`;
  const end = body.indexOf(`${delimiter}--`);
  const usable = end >= 0 ? body.slice(0, end) : body;
  const chunks = usable.split(delimiter);
  if (chunks.length < 2) return undefined;
  const parts: BatchPartRequest[] = [];
  for (const chunk of chunks.slice(1)) {
    const parsed = parsePart(chunk.replace(/\r?\n$/, ''));
    if (!parsed) return undefined;
    parts.push(parsed);
  }
  return parts;
}

/** Serialises responses into a `multipart/batching` body. */
export function serializeBatch(parts: readonly BatchPartResponse[], boundary: string): string {
  let out = '';
  for (const part of parts) {
    out += `--${boundary}\r\nContent-Type: application/http; msgtype=response\r\n\r\n`;
    out += `HTTP/1.1 ${part.status} ${STATUS_CODES[part.status] ?? ''}\r\n`;
    for (const [name, value] of Object.entries(part.headers)) {
      const values: readonly string[] = typeof value === 'string' ? [value] : value;
      for (const v of values) out += `${name}: ${v}\r\n`;
    }
    out += `\r\n${part.body}\r\n`;
  }
  return `${out}--${boundary}--\r\n`;
}
