import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseBatchingResponse, type UnreadablePart } from '../../lib/http/multipart-batching.js';
import type { Either } from '../../lib/util/either.js';
import { checkProperty } from '../support/fuzz.js';
import { parseBatchingResponseByLines } from './multipart-by-lines.js';

const BOUNDARY = '77f2569d-c005-442b-b856-782305305e5f';

/** Pieces multipart bodies are made of, and the ways they go wrong: delimiters (with BOMs, blanks, dashes), line ends of every kind, headers, status lines, bodies. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(`--${BOUNDARY}`, `--${BOUNDARY}--`, '\r\n', '\n', '\r', '\r\n\r\n') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\uFEFF', ' ', '\t', '  \t', '\u00a0', '-', '--', `x--${BOUNDARY}`, `--${BOUNDARY}x`, `--${BOUNDARY} `, `--${BOUNDARY}--\t`,
      'Content-Type: application/http; msgtype=response', 'HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found', 'http/1.0 503', 'HTTP/2 204',
      'Content-Type: application/json; charset=utf-8', 'Cache-Control: no-cache', 'X-Folded: a', ' continued', 'Name : value', 'bad name: v', ':no name', 'x: \u0000',
      '?', '\uFFFD', '{"availability":"Online"}', '[1]', '<a/>', '{',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
);
const soup = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

const lineEnd = fc.constantFrom('\r\n', '\n', '\r');
const blank = fc.constantFrom('', ' ', '\t ', '\u00a0');
const bom = fc.constantFrom('', '', '\uFEFF', '\uFEFF\uFEFF');
/** One response part, its lines ended by `end`; `?` or BOM lines before a body, folded headers, blank lines before the status line. */
const part = fc
  .record({
    bom,
    trailing: blank,
    mime: fc.boolean(),
    blankLines: fc.nat({ max: 2 }),
    status: fc.constantFrom('HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found', '\uFEFFHTTP/1.0 503', 'HTTP/2 204 ', 'HTTP/1.1 20 OK', 'no status'),
    headers: fc.array(fc.constantFrom('Content-Type: application/json', 'Cache-Control: no-cache', ' folded', '\tfolded', 'Name : value', 'bad name: v', ':x', 'Empty:'), { maxLength: 4 }),
    before: fc.constantFrom('', '?', '\uFFFD', '\uFEFF', '? '),
    body: fc.constantFrom('', '{"availability":"Online"}', '[1]', '<a/>', 'text', ' {"a":1} '),
  })
  .map((p) => (end: string) =>
    [`${p.bom}--${BOUNDARY}${p.trailing}`, ...(p.mime ? ['Content-Type: application/http; msgtype=response', ''] : []), ...Array<string>(p.blankLines).fill(''), p.status, ...p.headers, '', ...(p.before ? [p.before] : []), p.body].join(end) + end,
  );
/** Whole bodies of such parts, with a preamble, an epilogue or no closing delimiter, and sometimes a piece of junk put in anywhere. */
const multipart = fc
  .record({ end: lineEnd, parts: fc.array(part, { maxLength: 5 }), preamble: fc.constantFrom('', 'preamble\r\n', '\uFEFF'), close: fc.constantFrom(`--${BOUNDARY}--`, `--${BOUNDARY}-- \t`, '', `\uFEFF--${BOUNDARY}--`), junk: fc.option(fc.tuple(fc.nat(), piece)) })
  .map(({ end, parts, preamble, close, junk }) => {
    const text = preamble + parts.map((p) => p(end)).join('') + close + end + 'epilogue';
    if (!junk) return text;
    const at = junk[0] % (text.length + 1);
    return text.slice(0, at) + junk[1] + text.slice(at);
  });
const body = fc.oneof(soup, multipart);

/** A parsed part as plain data (Headers as their entries), for a deep comparison. */
function plain(part: Either<UnreadablePart, { readonly status: number; readonly statusText: string; readonly headers: Headers; readonly text: string }>): unknown {
  if (part._tag === 'Left') return part;
  const { status, statusText, headers, text } = part.right;
  return { status, statusText, headers: [...headers], contentType: headers.get('content-type'), text };
}

describe('multipart/batching: the indexOf reader against the line-by-line reader it replaced', () => {
  it('reads arbitrary well-formed and broken bodies exactly as the line-by-line reader did', () => {
    checkProperty(
      fc.property(body, fc.constantFrom(BOUNDARY, 'b', ''), (text, boundary) => {
        const parts = parseBatchingResponse(text, boundary);
        expect(parts.map(plain)).toEqual(parseBatchingResponseByLines(text, boundary).map(plain));
        // The Content-Type read without the Headers is the one the Headers give.
        for (const part of parts) if (part._tag === 'Right') expect(part.right.contentType).toBe(part.right.headers.get('content-type'));
      }),
      1000,
    );
  });

  it('reads a well-formed body of 100 parts as the line-by-line reader did', () => {
    const part = (i: number, end: string): string =>
      `--${BOUNDARY}${end}Content-Type: application/http; msgtype=response${end}${end}HTTP/1.1 200 OK${end}Content-Type: application/json${end}${end}{"n":${i}}${end}`;
    for (const end of ['\r\n', '\n', '\r']) {
      const text = `${Array.from({ length: 100 }, (_, i) => part(i, end)).join('')}--${BOUNDARY}--${end}`;
      const parts = parseBatchingResponse(text, BOUNDARY);
      expect(parts).toHaveLength(100);
      expect(parts.map(plain)).toEqual(parseBatchingResponseByLines(text, BOUNDARY).map(plain));
    }
  });
});
