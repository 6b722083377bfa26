import { Injector, assertInInjectionContext, inject } from '@angular/core';
import type { ContactPresence } from '../codecs/presence.js';
import { liveState } from '../operators/live-state.js';
import { liveSignal, type LiveSignal } from './live-signal.js';
import { UCWA_CLIENT } from './ucwa-client-token.js';

/** Options of the `inject*` state functions ({@link injectPresence}, {@link injectPinnedGroup}, {@link injectConnectionState}). */
export interface InjectStateOptions {
  /** Subscribe for the life of this injector instead of the current injection context's. */
  readonly injector?: Injector | undefined;
}

/** The injector the `inject*` functions subscribe for: `options.injector`, or the current injection context's. */
export function stateInjector(caller: (...args: never[]) => unknown, options: InjectStateOptions): Injector {
  if (options.injector) return options.injector;
  assertInInjectionContext(caller);
  return inject(Injector);
}

/**
 * A contact's live presence as a {@link LiveSignal}: `loading`, then `live` with the
 * {@link ContactPresence}, `stale` (the last value) while the connection recovers, `error` for a
 * permanent condition of that contact (an unknown person, a refusal). Call it in an injection
 * context (a field initialiser); the subscription lasts as long as the component (or `options.injector`).
 * `uri` may be a function, e.g. of an input: `injectPresence(() => this.uri())`; it is tracked.
 */
export function injectPresence(uri: string | (() => string), options: InjectStateOptions = {}): LiveSignal<ContactPresence> {
  const injector = stateInjector(injectPresence, options);
  const client = injector.get(UCWA_CLIENT);
  return liveSignal(uri, (at) => client.presence$(at).pipe(liveState(client)), injector);
}
