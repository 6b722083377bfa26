import { assertInInjectionContext, inject, type Injector } from '@angular/core';
import type { UcwaClient } from '../client.js';
import { UCWA_CLIENT } from './ucwa-client-token.js';

/** Options of {@link injectUcwa}. */
export interface InjectUcwaOptions {
  /** Read the client from this injector instead of the current injection context. */
  readonly injector?: Injector | undefined;
}

/**
 * The {@link UCWA_CLIENT} of the current injection context (a field initialiser, a constructor,
 * a factory), or of `options.injector` when called elsewhere.
 */
export function injectUcwa(options: InjectUcwaOptions = {}): UcwaClient {
  if (options.injector) return options.injector.get(UCWA_CLIENT);
  assertInInjectionContext(injectUcwa);
  return inject(UCWA_CLIENT);
}
