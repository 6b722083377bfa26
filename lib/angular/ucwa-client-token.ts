import { InjectionToken } from '@angular/core';
import type { UcwaClient } from '../client.js';

/**
 * The application's {@link UcwaClient}, as {@link provideUcwa} provides it: in the browser a client
 * whose work runs outside the Angular zone, on the server an inert one (see `docs/angular.md`).
 * Provide it yourself (`{ provide: UCWA_CLIENT, useValue: fake }`) to hand components a stand-in.
 */
export const UCWA_CLIENT = new InjectionToken<UcwaClient>('UCWA_CLIENT');
