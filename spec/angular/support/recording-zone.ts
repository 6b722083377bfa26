import type { ZoneRunner } from '../../../lib/angular/zone-runner.js';

/**
 * A stand-in for NgZone that knows, synchronously, whether code runs inside the Angular zone.
 * It starts inside, as an app's code does. (Real zone.js also follows async continuations; this
 * only checks what outsideAngular promises: where subscribe, teardown and delivery happen.)
 */
export class RecordingZone implements ZoneRunner {
  inside = true;
  runs = 0;
  outsideRuns = 0;

  run<T>(fn: () => T): T {
    this.runs += 1;
    return this.within(true, fn);
  }

  runOutsideAngular<T>(fn: () => T): T {
    this.outsideRuns += 1;
    return this.within(false, fn);
  }

  private within<T>(inside: boolean, fn: () => T): T {
    const before = this.inside;
    this.inside = inside;
    try {
      return fn();
    } finally {
      this.inside = before;
    }
  }
}
