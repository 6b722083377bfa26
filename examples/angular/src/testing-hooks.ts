import { NgZone, type ApplicationRef } from '@angular/core';

/** What the example exposes on `window.ucwaExample` for browser tests. */
export interface ExampleTestingHooks {
  /** `zone` or `zoneless`: how this page runs change detection. */
  readonly changeDetection: 'zone' | 'zoneless';
  /** The last value of `ApplicationRef.isStable`. */
  isStable(): boolean;
  /** `ApplicationRef.whenStable()`. */
  whenStable(): Promise<void>;
  /** Runs `work` inside the Angular zone (for a test's control: work the zone does track). */
  runInAngularZone<T>(work: () => T): T;
  /** `ApplicationRef.destroy()`: destroys the application and its environment injector. */
  destroy(): void;
}

declare global {
  interface Window {
    /** Set once the example has bootstrapped. */
    ucwaExample?: ExampleTestingHooks;
  }
}

/** Publishes {@link ExampleTestingHooks} for `appRef` on `window.ucwaExample`. */
export function exposeTestingHooks(appRef: ApplicationRef, changeDetection: 'zone' | 'zoneless'): void {
  let stable = false;
  appRef.isStable.subscribe((value) => (stable = value));
  const zone = appRef.injector.get(NgZone);
  window.ucwaExample = {
    changeDetection,
    isStable: () => stable,
    whenStable: () => appRef.whenStable(),
    runInAngularZone: (work) => zone.run(work),
    destroy: () => appRef.destroy(),
  };
}
