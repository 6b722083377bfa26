/* Test helper: raw bytes over a TCP socket (node:net), for requests fetch cannot or will not send. */
import { connect } from 'node:net';

/** What came back on a raw connection. */
export interface RawExchange {
  /** Every byte the server sent, as latin1 text (one char per byte). */
  readonly text: string;
  /** The status of the first response, or undefined when none came. */
  readonly status: number | undefined;
  /** The headers of the first response, by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body of the first response (up to the end of what was received). */
  readonly body: string;
  /** True when the server closed the connection (rather than the safety timeout ending it). */
  readonly closedByServer: boolean;
}

/** Options of {@link rawExchange}. */
export interface RawOptions {
  /** Resolve as soon as a complete response (by Content-Length) has arrived, without waiting for the close. */
  readonly untilResponse?: boolean;
  /** Destroy the socket right after writing (a client that goes away). */
  readonly destroyAfterWrite?: boolean;
  /** Half-close the socket after writing (the client has nothing more to send). */
  readonly endAfterWrite?: boolean;
  /** A safety net against hangs only (real time); default 10 s. */
  readonly safetyMs?: number;
}

function parseResponse(text: string): Pick<RawExchange, 'status' | 'headers' | 'body'> & { complete: boolean } {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { status: undefined, headers: {}, body: '', complete: false };
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  const rest = text.slice(end + 4);
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  const body = length === undefined ? rest : rest.slice(0, length);
  return { status: Number.isInteger(status) ? status : undefined, headers, body, complete: length !== undefined && rest.length >= length };
}

/**
 * Writes `chunks` (strings are latin1, one byte per char) to 127.0.0.1:`port` and collects the
 * answer until the server closes the connection (or a complete response, with `untilResponse`).
 */
export function rawExchange(port: number, chunks: ReadonlyArray<string | Buffer>, options: RawOptions = {}): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const received: Buffer[] = [];
    let settled = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (closedByServer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(safety);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      resolve({ text, closedByServer, ...parseResponse(text) });
    };
    const safety = setTimeout(() => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new Error(`no answer in time; received so far: ${JSON.stringify(Buffer.concat(received).toString('latin1').slice(0, 300))}`));
    }, options.safetyMs ?? 10_000);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
      if (options.destroyAfterWrite) {
        socket.destroy();
        finish(false);
      } else if (options.endAfterWrite) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (options.untilResponse && parseResponse(Buffer.concat(received).toString('latin1')).complete) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    // A reset after the server answered and closed (it stopped reading our body) still counts as its close.
    socket.on('error', () => finish(true));
  });
}
