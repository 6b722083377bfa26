import { Prng } from './prng.js';

/** Statuses the proxy answers with a UCWA error body. */
export type FaultStatus = 410 | 429 | 500 | 502 | 503 | 504;

/**
 * What the chaos proxy does to one request. `keep` is the fraction of the response body that is
 * sent before the fault bites (0: none of it).
 */
export type Fault =
  /** Reset the connection before forwarding: the server never sees the request. */
  | { readonly kind: 'reset' }
  /** Forward, let the server act, then reset the connection: the outcome is unknown to the client. */
  | { readonly kind: 'dropResponse' }
  /** Forward, send the status, headers (true Content-Length) and part of the body, then reset. */
  | { readonly kind: 'cutBody'; readonly keep: number }
  /** Forward, send a shorter body with a matching Content-Length: valid HTTP, unreadable content. */
  | { readonly kind: 'truncate'; readonly keep: number }
  /** Forward, send the headers and part of the body, then nothing until the client gives up. */
  | { readonly kind: 'stall'; readonly keep: number }
  /** Answer `status` with a UCWA error body, without forwarding or (`afterForward`) after the server acted. */
  | { readonly kind: 'status'; readonly status: FaultStatus; readonly retryAfterS?: number; readonly afterForward: boolean }
  /** Answer an HTML error page (IIS or proxy style) with this status, 5xx or 200, without forwarding. */
  | { readonly kind: 'html'; readonly status: number }
  /** Hold the request for `ms` of clock time, then forward it normally. */
  | { readonly kind: 'latency'; readonly ms: number };

/** A short name per fault for counters and traces: `reset`, `status-503`, `html-200`, ... */
export function faultName(fault: Fault): string {
  switch (fault.kind) {
    case 'status':
      return `status-${fault.status}${fault.afterForward ? '-after' : ''}`;
    case 'html':
      return `html-${fault.status}`;
    case 'cutBody':
      return 'cut-body';
    case 'dropResponse':
      return 'drop-response';
    default:
      return fault.kind;
  }
}

/** The relative weight of each fault family in random draws. */
export interface FaultWeights {
  readonly reset: number;
  readonly dropResponse: number;
  readonly cutBody: number;
  readonly truncate: number;
  readonly stall: number;
  readonly status: number;
  readonly html: number;
  readonly latency: number;
}

/** Every fault family about equally likely, latency and the unknown-outcome faults a bit more. */
export const DEFAULT_FAULT_WEIGHTS: FaultWeights = {
  reset: 12,
  dropResponse: 12,
  cutBody: 10,
  truncate: 10,
  stall: 6,
  status: 30,
  html: 8,
  latency: 12,
};

/** A request as the fault plan sees it. */
export interface RequestInfo {
  readonly method: string;
  readonly path: string;
}

/** Decides the fault of one request, or none. */
export type FaultPlan = (request: RequestInfo) => Fault | undefined;

/**
 * Random faults at `rate` (0-1) of the requests: the soak's plan. Every request is eligible:
 * discovery, the token endpoint, P-GETs, batches. The draw of a request depends on the seed, the
 * request (method and path, server-made ids masked) and how many such requests came before, not
 * on the order in which concurrent requests arrive: a seed repeats its faults.
 */
export function randomFaults(seed: number, rate: number, weights: FaultWeights = DEFAULT_FAULT_WEIGHTS): FaultPlan {
  const occurrences = new Map<string, number>();
  return ({ method, path }) => {
    const key = `${method} ${maskIds(path)}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    const prng = new Prng(seed, `${key} #${n}`);
    return prng.chance(rate) ? drawFault(prng, weights) : undefined;
  };
}

/** A path with the simulator's random ids (eight hex digits) masked, so that a seed's draws do not depend on them. */
export function maskIds(path: string): string {
  return path.replace(/(\/|presenceSubscriptionId=)[0-9a-f]{8}(?=$|[/?&,])/gi, '$1*');
}

/** One fault drawn from `weights`, with its parameters. */
export function drawFault(prng: Prng, weights: FaultWeights = DEFAULT_FAULT_WEIGHTS): Fault {
  const family = prng.weighted<keyof FaultWeights>({ ...weights });
  switch (family) {
    case 'reset':
      return { kind: 'reset' };
    case 'dropResponse':
      return { kind: 'dropResponse' };
    case 'cutBody':
      return { kind: 'cutBody', keep: prng.between(0, 0.9) };
    case 'truncate':
      return { kind: 'truncate', keep: prng.between(0, 0.9) };
    case 'stall':
      return { kind: 'stall', keep: prng.chance(0.3) ? 0 : prng.between(0, 0.9) };
    case 'html':
      return { kind: 'html', status: prng.pick([200, 200, 500, 502, 503]) };
    case 'latency':
      // mostly short; now and then longer than the client's 30 s request timeout
      return { kind: 'latency', ms: prng.chance(0.8) ? prng.int(50, 5_000) : prng.int(20_000, 60_000) };
    case 'status': {
      const status = prng.pick<FaultStatus>([410, 429, 500, 502, 503, 504]);
      // a gateway may time out (504) or fail (502) after the server did the work
      const afterForward = (status === 502 || status === 504) && prng.chance(0.5);
      const retryAfter = (status === 429 || status === 503) && prng.chance(0.5);
      return { kind: 'status', status, afterForward, ...(retryAfter ? { retryAfterS: prng.int(1, 30) } : {}) };
    }
  }
}
