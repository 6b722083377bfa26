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

export { settleBoth, trackingFetch } from '../../lib/simulator/index.js';
