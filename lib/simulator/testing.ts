/** Helpers for tests that drive a client and the simulator with one ManualClock. */
import type { Simulator } from './simulator.js';

/** A fetch that knows how many of the client's requests are in flight, held P-GETs excluded (they wait on the clock). */
export interface TrackingFetch {
  /** Pass it as the client's `fetch` option. */
  readonly fetch: typeof fetch;
  /** The client's requests in flight now, held P-GETs excluded. */
  readonly busy: () => number;
}

/** Wraps the global fetch and counts requests in flight, except P-GETs. */
export function trackingFetch(): TrackingFetch {
  let inFlight = 0;
  const tracked: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const counted = !url.includes('/events');
    if (counted) inFlight += 1;
    try {
      return await fetch(input, init);
    } finally {
      if (counted) inFlight -= 1;
    }
  };
  return { fetch: tracked, busy: () => inFlight };
}

/** One real macrotask turn of at least `ms`. */
const turn = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A settle function for `ManualClock.advance` when simulator and client share the clock: waits
 * until the simulator is idle and the client has no request (other than a held P-GET) out, so
 * that a timer's work (a renewal, a retry) completes before the next timer fires.
 *
 * ```ts
 * const clock = new ManualClock();
 * const sim = await startSimulator({ clock });
 * const tracking = trackingFetch();
 * const client = createUcwaClient({ discoveryUrl: sim.discoveryUrl, credentials, clock, fetch: tracking.fetch });
 * await clock.advance(2 * 60 * 60_000, settleBoth(sim, tracking)); // two hours
 * ```
 */
export function settleBoth(sim: Simulator, client: Pick<TrackingFetch, 'busy'>): () => Promise<void> {
  return async () => {
    for (let round = 0; round < 2000; round++) {
      await sim.settle();
      if (client.busy() === 0) {
        await turn(0);
        if (client.busy() === 0) return;
      }
      await turn(1);
    }
  };
}
