/** One request through the chaos proxy, as a violation's trace shows it. No header or body is kept: no secret can leak. */
export interface TraceEntry {
  /** Sequence number of the request through the proxy, from 1. */
  readonly seq: number;
  /** Clock time it arrived. */
  readonly at: number;
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** The fault applied (`outage` for a request refused during an outage), or undefined. */
  fault: string | undefined;
  /** What the client got: a status, `reset`, `stalled`, or `aborted` when the client left first; undefined while open. */
  outcome: string | undefined;
}

/** The last `size` requests through the proxy, oldest first. */
export class RequestTrace {
  private readonly ring: TraceEntry[] = [];

  constructor(private readonly size = 200) {}

  /** Adds a request; the entry can be completed later (fault, outcome). */
  add(entry: TraceEntry): TraceEntry {
    this.ring.push(entry);
    if (this.ring.length > this.size) this.ring.shift();
    return entry;
  }

  /** The last `n` entries, oldest first (copies: later outcomes do not change them). */
  last(n: number): TraceEntry[] {
    return n <= 0 ? [] : this.ring.slice(-n).map((entry) => ({ ...entry }));
  }
}

/** One line per entry: `#12 +01:02:03.450 GET /ucwa/...events?ack=4 [stall] -> stalled`. */
export function formatTrace(entries: readonly TraceEntry[], startMs: number): string[] {
  return entries.map(
    (e) => `#${e.seq} ${formatOffset(e.at - startMs)} ${e.method} ${e.path}${e.fault ? ` [${e.fault}]` : ''} -> ${e.outcome ?? 'open'}`,
  );
}

/** `+hh:mm:ss.mmm` of a clock offset. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const milli = Math.floor(abs % 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${sign}${two(h)}:${two(m)}:${two(s)}.${String(milli).padStart(3, '0')}`;
}

/** `hh:mm:ss` of a clock offset. */
export function formatClock(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
