import type { ManualClock, Simulator } from '../../lib/simulator/index.js';
import { eventually } from './test-server.js';

/**
 * Advances the clock shared by the simulator and the client in simulated half seconds until
 * `done`, at most `steps` times (simulated time is what it takes; real time does not matter),
 * then waits for `done` with {@link eventually}'s hang guard.
 */
export async function advanceUntil(clock: ManualClock, sim: Simulator, done: () => boolean, steps = 400): Promise<void> {
  for (let step = 0; step < steps && !done(); step++) {
    await clock.advance(500, sim.settle);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await eventually(done);
}
