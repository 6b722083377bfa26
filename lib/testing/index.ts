/**
 * `ucwa-rx/testing`: a stand-in client for tests of code that uses one. {@link FakeUcwaClient}
 * implements `UcwaClient` with values the test sets; browser-safe, no server, no timers. To test
 * against a real protocol instead, start the simulator (`ucwa-rx/simulator`).
 *
 * @module ucwa-rx/testing
 */

export { FakeUcwaClient, type FakeUcwaClientOptions, type FakeWrite } from './fake-ucwa-client.js';
