/** Fault injection: rules that change how the next N matching requests are answered. */

/** What happens to a matching request. */
export type FaultAction =
  | {
      /** Answer with this status and a UCWA error body instead of handling the request. */
      readonly kind: 'status';
      /** HTTP status of the answer, e.g. 503. */
      readonly status: number;
      /** Error code; defaults from the status (e.g. 410 Gone, 503 ServiceUnavailable). */
      readonly code?: string;
      /** Error subcode, e.g. `CannotRedirect`. */
      readonly subcode?: string;
      /** Error message; defaults from the subcode or the code. */
      readonly message?: string;
      /** Seconds for a Retry-After header. */
      readonly retryAfter?: number;
      /** Extra response headers. */
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      /** Destroy the connection: `before` handling (the server never saw it) or `after` (the response is lost). */
      readonly kind: 'drop';
      /** When to drop it; default `before`. */
      readonly when?: 'before' | 'after';
    }
  | {
      /** Delay handling by `ms` of simulator-clock time. */
      readonly kind: 'latency';
      /** The delay, in milliseconds. */
      readonly ms: number;
    }
  | {
      /**
       * A broken body: `truncated-json` and `empty` handle the request and then cut the body;
       * `html` answers an IIS-style HTML error page (text/html) without handling it.
       */
      readonly kind: 'malformed';
      /** How the body is broken. */
      readonly body: 'truncated-json' | 'html' | 'empty';
      /** Status of the `html` page; default 500. */
      readonly status?: number;
    };

/** A fault rule. */
export interface FaultRule {
  /** Match this method only (any case); omitted matches all. */
  readonly method?: string;
  /**
   * Match the path: a string matches when the request's path and query contain it (any case),
   * a RegExp is tested against the path and query. Omitted matches all.
   */
  readonly path?: string | RegExp;
  /** How many matching requests it applies to; default 1 (Infinity for all). */
  readonly times?: number;
  /** What to do. */
  readonly fault: FaultAction;
}

/** A handle on an injected rule. */
export interface FaultHandle {
  /** Matching requests it still applies to. */
  readonly remaining: number;
  /** Removes the rule. */
  cancel(): void;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

/** Holds the active rules; the first matching rule with uses left applies. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** Adds a rule. */
  add(rule: FaultRule): FaultHandle {
    const active: ActiveRule = { rule, remaining: rule.times ?? 1 };
    this.rules.push(active);
    return {
      get remaining(): number {
        return active.remaining;
      },
      cancel: () => {
        this.rules = this.rules.filter((r) => r !== active);
      },
    };
  }

  /** Takes the fault for a request, using up one application of its rule. */
  take(method: string, pathAndQuery: string): FaultAction | undefined {
    const found = this.rules.find((r) => r.remaining > 0 && matches(r.rule, method, pathAndQuery));
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.rules = this.rules.filter((r) => r !== found);
    return found.rule.fault;
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The active rules and their remaining uses. */
  list(): Array<{ readonly rule: FaultRule; readonly remaining: number }> {
    return this.rules.map((r) => ({ rule: r.rule, remaining: r.remaining }));
  }
}

function matches(rule: FaultRule, method: string, pathAndQuery: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (typeof rule.path === 'string') return pathAndQuery.toLowerCase().includes(rule.path.toLowerCase());
  rule.path.lastIndex = 0;
  return rule.path.test(pathAndQuery);
}
