/** The request log: what reached the simulator and how it was answered. */

/**
 * One logged HTTP request (admin requests are not logged; a batch is one entry). Entries are
 * logged when the request arrives, so a held P-GET is visible while it is held.
 */
export interface RequestLogEntry {
  /** Upper-case method. */
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** Response status; absent while the request is in flight, 0 when the connection was dropped or the client went away. */
  readonly status?: number;
  /** Simulator-clock time the request arrived. */
  readonly at: number;
  /** Real time spent, in milliseconds; absent while in flight. */
  readonly durationMs?: number;
}

/** A filter for {@link RequestLog.count} and {@link RequestLog.entries}. */
export interface RequestLogFilter {
  /** Method, any case. */
  readonly method?: string;
  /** Substring of the path and query (any case), or a RegExp tested against it. */
  readonly path?: string | RegExp;
  /** Exact status (entries still in flight never match a status). */
  readonly status?: number;
}

/**
 * Records requests; benchmarks count round trips with it. It keeps the newest `maxEntries`
 * entries (a simulator may run for days); {@link total} counts every request.
 */
export class RequestLog {
  private log: RequestLogEntry[] = [];
  private recorded = 0;

  /** @param maxEntries how many entries are kept; the oldest go first. */
  constructor(private readonly maxEntries = Infinity) {}

  /** Logs a request on arrival; the returned function records how it ended. */
  begin(method: string, path: string, at: number): (status: number, durationMs: number) => void {
    const entry: { method: string; path: string; at: number; status?: number; durationMs?: number } = { method, path, at };
    this.log.push(entry);
    this.recorded++;
    // Trim in steps of a tenth, so that dropping the oldest costs constant time per request.
    if (this.log.length > this.maxEntries) this.log.splice(0, Math.max(this.log.length - this.maxEntries, Math.floor(this.maxEntries / 10)));
    return (status, durationMs) => {
      entry.status = status;
      entry.durationMs = durationMs;
    };
  }

  /** Requests recorded since the simulator started ({@link reset} does not change it). */
  get total(): number {
    return this.recorded;
  }

  /** Entries matching `filter`, oldest first. */
  entries(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.log.filter((entry) => matches(entry, filter)).map((entry) => ({ ...entry }));
  }

  /** How many entries match `filter`. */
  count(filter: RequestLogFilter = {}): number {
    return this.entries(filter).length;
  }

  /** Counts by `METHOD path-without-query`. */
  countsByRoute(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.log) {
      const key = `${entry.method} ${entry.path.split('?')[0] ?? ''}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Forgets every entry. */
  reset(): void {
    this.log = [];
  }
}

function matches(entry: RequestLogEntry, filter: RequestLogFilter): boolean {
  if (filter.method !== undefined && filter.method.toUpperCase() !== entry.method) return false;
  if (filter.status !== undefined && filter.status !== entry.status) return false;
  if (filter.path === undefined) return true;
  if (typeof filter.path === 'string') return entry.path.toLowerCase().includes(filter.path.toLowerCase());
  filter.path.lastIndex = 0;
  return filter.path.test(entry.path);
}
