/**
 * `ucwa-rx`: a reactive client for UCWA 2.0 (Skype for Business Server). Browser-safe entry:
 * {@link createUcwaClient}, the types of what it gives, its typed errors and the RxJS
 * operators behind its retries. The io-ts codecs are in `ucwa-rx/codecs`, the simulator in
 * `ucwa-rx/simulator` (Node only), the Angular providers in `ucwa-rx/angular`.
 *
 * @module ucwa-rx
 */

/** The library's version. */
export const VERSION = '0.1.0';

export { createUcwaClient, type UcwaClient } from './client.js';
export type { UcwaClientOptions, PresenceOptions, EventChannelOptions } from './client-options.js';
export type { UcwaStorage } from './identity/storage.js';
export type { ClientStatus, PresenceSubscriptionStatus } from './client-status.js';

export * from './errors/index.js';

export type { ConnectionState, ResetReason, ResetSignal } from './events/connection-state.js';
export type { UcwaEvent } from './events/ucwa-event.js';
export type { EventChannelParameters } from './events/channel-parameters.js';
export type { ChannelRetryPolicy } from './events/channel-machine.js';

export type { ContactPresence, Availability, DeviceType } from './codecs/presence.js';
export type { SubscriptionState } from './codecs/subscriptions.js';
export type { EventType, RelLink } from './codecs/events.js';
export type { Link, Links } from './codecs/link.js';
export type { ErrorBody } from './codecs/error-body.js';
export type { OpenEnum } from './codecs/open-enum.js';

export type { TokenSource, TokenRequest, TokenRequestReason } from './http/auth/authenticator.js';
export type { PasswordCredentials } from './http/auth/password-authenticator.js';
export type { ExchangeRecord, HttpMethod } from './http/transport.js';
export type { RequestRetryOptions } from './http/requester.js';
export type { Located } from './http/read-resource.js';

export { autoRefresh, type AutoRefreshOptions } from './operators/auto-refresh.js';
export { retryOnCannotRedirect } from './operators/retry-on-cannot-redirect.js';
export { retryTransient, retryIf, isTransientFailure, type RetryOptions } from './operators/retry-policy.js';
export { backoffDelay, type BackoffOptions } from './operators/backoff.js';
export { liveState, type LiveState, type LiveStatus, type ConnectionSource } from './operators/live-state.js';

export type { PresenceSubscriptions, PresenceSubscription } from './resources/presence-subscriptions.js';
export type { ContactsAndGroupsSubscriptionStatus } from './resources/contacts-and-groups/subscription-status.js';
export type { ContactsAndGroupsSubscriptionOperations, ContactsAndGroupsSubscriptionRead } from './resources/contacts-and-groups/subscription-operations.js';
export type { Contact, ContactType, ContactNote, ContactLocation, NoteType } from './resources/contacts-and-groups/contact.js';
export type { Contacts } from './resources/contacts-and-groups/contacts.js';
export type { Group, GroupKind, MyGroups } from './resources/groups/group.js';
export type { Groups, SingleKind } from './resources/groups/groups.js';
export type { PinnedGroup } from './resources/groups/pinned-group.js';
export type { Me, MyPresence, MyNote, MyLocation, PreferredAvailability, MeOptions } from './resources/me/me-types.js';
export type { ContactCapabilities } from './resources/presence/contact-facets.js';
export type { ModalityType } from './codecs/me.js';
export type { People, SearchOptions, SearchResult } from './resources/search/people-search.js';
export type { Photos, Photo, PhotoOptions, PhotosOptions } from './resources/photos/photos.js';
export { toObjectUrl } from './resources/photos/to-object-url.js';

export { ManualClock } from './time/manual-clock.js';
export { systemClock, type Clock } from './time/clock.js';
export { clockScheduler } from './time/clock-scheduler.js';
