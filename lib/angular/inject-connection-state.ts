import { DestroyRef, signal, type Signal } from '@angular/core';
import type { ConnectionState } from '../events/connection-state.js';
import { stateInjector, type InjectStateOptions } from './inject-presence.js';
import { UCWA_CLIENT } from './ucwa-client-token.js';

/**
 * The client's connection state as a signal (`idle`, `connecting`, `connected`, `reconnecting`
 * with its reason, `closed`), starting with the current one. Reading it subscribes to nothing on
 * the server: it shows what the other streams cause. Call it in an injection context.
 */
export function injectConnectionState(options: InjectStateOptions = {}): Signal<ConnectionState> {
  const injector = stateInjector(injectConnectionState, options);
  const client = injector.get(UCWA_CLIENT);
  const state = signal<ConnectionState>(client.status().connection);
  const subscription = client.connectionState$.subscribe((value) => state.set(value));
  injector.get(DestroyRef).onDestroy(() => subscription.unsubscribe());
  return state.asReadonly();
}
