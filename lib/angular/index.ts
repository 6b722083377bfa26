/**
 * ucwa-rx/angular: Angular providers for a {@link UcwaClient}. Imports only `@angular/core`,
 * `rxjs` and the browser-safe library; see `docs/angular.md`.
 */

export { provideUcwa, type UcwaProviderSettings, type UcwaServerMode } from './provide-ucwa.js';
export { UCWA_CLIENT } from './ucwa-client-token.js';
export { injectUcwa, type InjectUcwaOptions } from './inject-ucwa.js';
export { injectPresence, type InjectStateOptions } from './inject-presence.js';
export { injectPinnedGroup } from './inject-pinned-group.js';
export { injectConnectionState } from './inject-connection-state.js';
export type { LiveSignal } from './live-signal.js';
export { provideUcwaTesting } from './provide-ucwa-testing.js';
export type { LiveState, LiveStatus } from '../operators/live-state.js';
export type { UcwaClient } from '../client.js';
export type { UcwaClientOptions } from '../client-options.js';
