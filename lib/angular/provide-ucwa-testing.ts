import { makeEnvironmentProviders, type EnvironmentProviders } from '@angular/core';
import { FakeUcwaClient } from '../testing/fake-ucwa-client.js';
import { UCWA_CLIENT } from './ucwa-client-token.js';

/**
 * Providers for component and service tests, as `provideHttpClientTesting()` is for HttpClient:
 * {@link UCWA_CLIENT} is a {@link FakeUcwaClient} (from `ucwa-rx/testing`) whose values the test
 * sets, also injectable as `FakeUcwaClient`. Nothing is sent, no timer runs.
 *
 * ```ts
 * TestBed.configureTestingModule({ providers: [provideUcwaTesting()] });
 * const ucwa = TestBed.inject(FakeUcwaClient);
 * ucwa.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
 * ```
 *
 * Pass a client to start from one made beforehand (`provideUcwaTesting(new FakeUcwaClient({ groups }))`).
 */
export function provideUcwaTesting(client: FakeUcwaClient = new FakeUcwaClient()): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: FakeUcwaClient, useValue: client },
    { provide: UCWA_CLIENT, useValue: client },
  ]);
}
