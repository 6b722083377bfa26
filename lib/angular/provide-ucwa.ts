import { DestroyRef, NgZone, PLATFORM_ID, inject, makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import { createUcwaClient, type UcwaClient } from '../client.js';
import type { UcwaClientOptions } from '../client-options.js';
import { inertClient } from './inert-client.js';
import { outsideAngularClient } from './outside-angular-client.js';
import { UCWA_CLIENT } from './ucwa-client-token.js';

/**
 * What the client does on the server platform (SSR, prerendering): `inert` (the default) provides
 * a client that sends nothing and whose streams complete without a value; `connect` a real client
 * (its work stays outside the Angular zone, so it does not hold the render open).
 */
export type UcwaServerMode = 'inert' | 'connect';

/** Angular settings of {@link provideUcwa}. */
export interface UcwaProviderSettings {
  /** On the server platform: `inert` (default) or `connect`; see {@link UcwaServerMode}. */
  readonly server?: UcwaServerMode | undefined;
}

/**
 * Provides {@link UCWA_CLIENT} in an environment injector (`bootstrapApplication`'s or a route's
 * `providers`). The client is made when first injected and closed (event channel stopped,
 * application deleted) when that injector is destroyed.
 *
 * `options` may be a function: it is called in an injection context when the client is made, so
 * it can `inject()` configuration; on the server in `inert` mode it is not called at all.
 *
 * In the browser every Observable of the client is subscribed outside the Angular zone and
 * delivers inside it, so the event channel's long poll never keeps the app from becoming stable.
 */
export function provideUcwa(options: UcwaClientOptions | (() => UcwaClientOptions), settings: UcwaProviderSettings = {}): EnvironmentProviders {
  return makeEnvironmentProviders([{ provide: UCWA_CLIENT, useFactory: () => makeClient(options, settings) }]);
}

/** The platform id of the server platform (`isPlatformServer` in `@angular/common` compares with it). */
const SERVER_PLATFORM_ID = 'server';

function makeClient(options: UcwaClientOptions | (() => UcwaClientOptions), settings: UcwaProviderSettings): UcwaClient {
  const onServer = inject(PLATFORM_ID, { optional: true }) === SERVER_PLATFORM_ID;
  if (onServer && (settings.server ?? 'inert') === 'inert') return inertClient();
  const resolved = typeof options === 'function' ? options() : options;
  const zone = inject(NgZone, { optional: true });
  const client = zone ? outsideAngularClient(zone.runOutsideAngular(() => createUcwaClient(resolved)), zone) : createUcwaClient(resolved);
  inject(DestroyRef).onDestroy(() => {
    // Best effort: the injector is going away and nobody is left to tell of a failed DELETE.
    client.close().catch(() => undefined);
  });
  return client;
}
