import { describe, expect, it } from '@jest/globals';
import { violationLines } from './soak-report.js';
import { runSoak } from './soak-run.js';

/** A safety net against hangs only: a short soak takes a few seconds of real time on an idle machine. */
const HANG_GUARD_MS = 180_000;

describe('the chaos soak (issue 11)', () => {
  it(
    'control: with no fault, outage or server event the checks find nothing (the tool itself is sound)',
    async () => {
      const result = await runSoak({ seed: 2, hours: 2, calm: true, listStreams: ['contactsAndGroups'] });
      expect(result.valuesChecked).toBeGreaterThan(20);
      expect(violationLines(result.violations)).toEqual([]);
    },
    HANG_GUARD_MS,
  );

  // Seed 1 runs the small-limits profile (5 contacts per subscription, 20+ watched), seed 2 the default one.
  for (const seed of [1, 2]) {
    it(
      `seed ${seed}: two simulated hours at 12% faults, with outages and forced server events, converge without a violation`,
      async () => {
        const result = await runSoak({ seed, hours: 2 });
        expect(violationLines(result.violations)).toEqual([]);
      },
      HANG_GUARD_MS,
    );
  }

  it(
    'seed 3, overflow profile (2 subscriptions of 5 per application, 20+ watched): contacts spread over applications and packed back converge without a violation',
    async () => {
      const result = await runSoak({ seed: 3, hours: 2, profile: 'overflow' });
      expect(violationLines(result.violations)).toEqual([]);
    },
    HANG_GUARD_MS,
  );
});
