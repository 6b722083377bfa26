import type { Application } from '../app/application.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { ChannelSnapshot } from '../events/event-channel.js';
import type { SubscriptionState } from '../subscriptions/contacts-and-groups.js';

/** A live presence subscription as `state()` reports it. */
export interface PresenceSubscriptionState {
  /** The subscription's id, the last segment of its path. */
  readonly id: string;
  /** Member URIs in display case. */
  readonly members: readonly string[];
  /** Clock time of expiry. */
  readonly expiresAt: number;
  /** The group it was created from, if any. */
  readonly groupId?: string;
}

/** One application as `state()` reports it. */
export interface ApplicationState {
  /** The application's id, the last segment of its path. */
  readonly id: string;
  /** The owner's SIP URI. */
  readonly user: string;
  /** The endpointId it was created with. */
  readonly endpointId: string;
  /** The userAgent it was created with. */
  readonly userAgent: string;
  /** The culture it was created with. */
  readonly culture: string;
  /** The instanceId it was created with, if any. */
  readonly instanceId?: string;
  /** Clock time of creation. */
  readonly createdAt: number;
  /** Clock time of the last request to it, or of the end of the last held P-GET. */
  readonly lastActivityAt: number;
  /** When it expires from inactivity; absent while a P-GET is held. */
  readonly expiresAt?: number;
  /** The event channel: held P-GET, next ack, unacknowledged responses, queued events, settings. */
  readonly eventChannel: ChannelSnapshot;
  /** Its live presence subscriptions. */
  readonly presenceSubscriptions: readonly PresenceSubscriptionState[];
  /** URIs in subscribedContacts. */
  readonly subscribedContacts: readonly string[];
  /** myContactsAndGroupsSubscription. */
  readonly contactsAndGroupsSubscription: {
    /** `Connected` while started, else `Disconnected`. */
    readonly state: SubscriptionState;
    /** Clock time of expiry, while connected. */
    readonly expiresAt?: number;
  };
}

/** Running totals. */
export interface SimulatorCounters {
  /** HTTP requests handled (admin requests excluded). */
  readonly requests: number;
  /** Applications that expired from inactivity. */
  readonly applicationsExpired: number;
  /** Presence changes made by churn. */
  readonly churnChanges: number;
}

/** What `Simulator.state()` returns. */
export interface SimulatorState {
  /** Simulator-clock time. */
  readonly now: number;
  /** Every live application, of every user. */
  readonly applications: readonly ApplicationState[];
  /** P-GETs currently held. */
  readonly outstandingPgets: number;
  /** Running totals since the simulator started. */
  readonly counters: SimulatorCounters;
}

/** The state of one application. */
export function applicationState(app: Application, directory: DirectoryStore): ApplicationState {
  const display = (key: string): string => directory.displayUri(key);
  const expiresAt = app.expiresAt();
  const cg = app.contactsAndGroups;
  return {
    id: app.id,
    user: app.account.uri,
    endpointId: app.input.endpointId,
    userAgent: app.input.userAgent,
    culture: app.input.culture,
    ...(app.input.instanceId === undefined ? {} : { instanceId: app.input.instanceId }),
    createdAt: app.createdAt,
    lastActivityAt: app.lastActivityAt,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    eventChannel: app.channel.snapshot(),
    presenceSubscriptions: app.presence.list().map((s) => ({
      id: s.id,
      members: s.members.map(display),
      expiresAt: s.expiresAt,
      ...(s.groupId === undefined ? {} : { groupId: s.groupId }),
    })),
    subscribedContacts: app.presence.subscribedContacts().map(display),
    contactsAndGroupsSubscription: { state: cg.state, ...(cg.expiresAt === undefined ? {} : { expiresAt: cg.expiresAt }) },
  };
}
