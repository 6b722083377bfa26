import { EnvironmentInjector, Injector, NgZone, PLATFORM_ID, createEnvironmentInjector, type EnvironmentProviders, type Provider } from '@angular/core';
import type { ZoneRunner } from '../../../lib/angular/zone-runner.js';

/** Where the injector pretends to run: `browser` or `server` (the PLATFORM_ID values of `@angular/common`). */
export type TestPlatform = 'browser' | 'server';

/**
 * An environment injector like an application's: PLATFORM_ID and NgZone provided, then
 * `providers`. Destroy it to end the "application".
 */
export function testEnvironment(providers: (Provider | EnvironmentProviders)[], platform: TestPlatform, zone?: ZoneRunner): EnvironmentInjector {
  const root = Injector.create({
    providers: [{ provide: PLATFORM_ID, useValue: platform }, ...(zone ? [{ provide: NgZone, useValue: zone }] : [])],
  });
  if (!(root instanceof EnvironmentInjector)) throw new Error('Injector.create no longer makes an EnvironmentInjector');
  return createEnvironmentInjector(providers, root, 'test application');
}
