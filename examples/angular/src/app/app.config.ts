import { inject, provideZoneChangeDetection, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideUcwa } from 'ucwa-rx/angular';
import { EXAMPLE_SETTINGS, type ExampleSettings } from './example-settings';

/** The application's providers for `settings`. */
export function appConfig(settings: ExampleSettings): ApplicationConfig {
  return {
    providers: [
      settings.changeDetection === 'zone' ? provideZoneChangeDetection({ eventCoalescing: true }) : provideZonelessChangeDetection(),
      { provide: EXAMPLE_SETTINGS, useValue: settings },
      // The options factory runs in an injection context. The simulator's default user signs in
      // with a password; a real app passes `token: () => auth.getToken()` instead.
      provideUcwa(() => ({
        discoveryUrl: inject(EXAMPLE_SETTINGS).discoveryUrl,
        credentials: { username: 'alice@contoso.com', password: 'password' },
      })),
    ],
  };
}
