import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/simulator/index.js';
import { createUcwaClient, type UcwaClient } from '../../lib/client.js';
import type { UcwaClientOptions } from '../../lib/client-options.js';

/** A simulator with events released within milliseconds, for client tests. */
export function startFastSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ aggregationScale: 0.002, ...options });
}

/** A client signed in as the default user of `sim`. */
export function clientFor(sim: Simulator, options: Partial<UcwaClientOptions> = {}): UcwaClient {
  return createUcwaClient({
    discoveryUrl: sim.discoveryUrl,
    credentials: { username: 'alice@contoso.com', password: 'password' },
    gracePeriodMs: 50,
    ...options,
  });
}

/** A fetch that counts the client's requests in flight (P-GETs excluded: they wait on the clock). */
export function trackingFetch(): { readonly fetch: typeof fetch; readonly busy: () => number } {
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

/**
 * A ManualClock settle that waits for both sides: the simulator idle and no client request
 * (other than a held P-GET) in flight.
 */
export function settleBoth(sim: Simulator, clientBusy: () => number): () => Promise<void> {
  return async () => {
    for (let round = 0; round < 1000; round++) {
      await sim.settle();
      if (clientBusy() === 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (clientBusy() === 0) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
}
