import { NgZone, createComponent, type ApplicationRef, type Type } from '@angular/core';

/**
 * Renders `component` in `host` the way a component test's `fixture.detectChanges()` does
 * (`ng test`): one change detection, then `checkNoChanges()`, which throws NG0100 when a binding
 * changed during the first pass. A thrown error is logged on the console; then the view is
 * attached to `appRef` and lives on as in any app.
 */
export function renderCheckedOnce(appRef: ApplicationRef, component: Type<unknown>, host: Element): void {
  appRef.injector.get(NgZone).run(() => {
    const ref = createComponent(component, { environmentInjector: appRef.injector, hostElement: host });
    try {
      ref.changeDetectorRef.detectChanges();
      ref.changeDetectorRef.checkNoChanges();
    } catch (error) {
      console.error(error);
    }
    appRef.attachView(ref.hostView);
  });
}
