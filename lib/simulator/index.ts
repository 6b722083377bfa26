/**
 * `ucwa-rx/simulator`: an embedded UCWA 2.0 server for demos and tests (Node only).
 *
 * ```ts
 * import { startSimulator, ManualClock } from 'ucwa-rx/simulator';
 * const sim = await startSimulator({ port: 0 });
 * sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
 * await sim.close();
 * ```
 */
export { startSimulator, Simulator } from './simulator.js';
export { trackingFetch, settleBoth, type TrackingFetch } from './testing.js';
export {
  DEFAULT_LIMITS,
  type SimulatorOptions,
  type SimulatorLimits,
  type ResolvedOptions,
  type CorsOptions,
  type RedirectTarget,
} from './options.js';
export type { CorsPolicy, OriginPolicy } from './http/cors.js';
export { defaultDirectory, DEFAULT_PASSWORD, DEFAULT_USER } from './directory/default-directory.js';
export type {
  AccountSpec,
  Availability,
  ContactDeviceType,
  ContactType,
  DirectorySpec,
  DistributionGroupSpec,
  GroupSpec,
  NoteSpec,
  NoteType,
  PersonSpec,
  PhotoImage,
  PresenceUpdate,
} from './directory/types.js';
export type { ModalityType } from './directory/modalities.js';
export type { PreferredAvailability } from './directory/own-presence.js';
export type { ChurnOptions } from './control/churn.js';
export type { FaultAction, FaultHandle, FaultRule } from './control/faults.js';
export type { RequestLog, RequestLogEntry, RequestLogFilter } from './control/request-log.js';
export type {
  ApplicationState,
  AvailabilityState,
  InstanceState,
  PresenceSubscriptionState,
  SimulatorCounters,
  SimulatorState,
  UserState,
} from './control/state.js';
export type { ChannelSettings, ChannelSnapshot } from './events/event-channel.js';
export type { SubscriptionState } from './subscriptions/contacts-and-groups.js';
export { ManualClock, type Settle } from '../time/manual-clock.js';
export { systemClock, type Clock } from '../time/clock.js';
