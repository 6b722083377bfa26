import type { Application } from '../app/application.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import { DEFAULT_CHANNEL_SETTINGS, type ChannelSnapshot } from '../events/event-channel.js';
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

/** An application's availability (makeMeAvailable) as `state()` reports it. */
export interface AvailabilityState {
  /** The modalities it made itself available with. */
  readonly modalities: readonly string[];
  /** The message formats it supports. */
  readonly messageFormats: readonly string[];
  /** Its audio preference, if given. */
  readonly audioPreference?: string;
  /** Its phone number (`tel:` URI), if given. */
  readonly phoneNumber?: string;
  /** The endpoint's GRUU (me's endpointUri). */
  readonly endpointUri: string;
  /** Clock time of the last reported activity. */
  readonly lastActivityAt: number;
  /** When its user counts as idle unless it reports activity first. */
  readonly idleAt: number;
}

/** One instance of an application (MultiTabSupport) as `state()` reports it. */
export interface InstanceState {
  /** Its instanceId; absent for the instance created without one. */
  readonly instanceId?: string;
  /** Clock time of creation. */
  readonly createdAt: number;
  /** Clock time of its last P-GET or request naming it (or the end of its last held P-GET). */
  readonly lastActivityAt: number;
  /** When it expires from inactivity; absent while a P-GET is held. */
  readonly expiresAt?: number;
  /** Its event channel: held P-GET, next ack, unacknowledged responses, queued events, settings. */
  readonly eventChannel: ChannelSnapshot;
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
  /** The instanceId of its oldest instance, if that has one. */
  readonly instanceId?: string;
  /** Clock time of creation. */
  readonly createdAt: number;
  /** Clock time of the last request to it. */
  readonly lastActivityAt: number;
  /** When it expires from inactivity (with its last instance); absent while any instance holds a P-GET. */
  readonly expiresAt?: number;
  /** The event channel of its oldest instance (every instance's is in `instances`). */
  readonly eventChannel: ChannelSnapshot;
  /** Its instances, oldest first, each with its own event channel. */
  readonly instances: readonly InstanceState[];
  /** Its live presence subscriptions. */
  readonly presenceSubscriptions: readonly PresenceSubscriptionState[];
  /** URIs in subscribedContacts. */
  readonly subscribedContacts: readonly string[];
  /** Its availability, once makeMeAvailable succeeded; absent while in lurker mode. */
  readonly available?: AvailabilityState;
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

/** What `eventChannel` shows for an application being torn down (no instance left). */
const EMPTY_CHANNEL: ChannelSnapshot = { held: false, nextAck: 1, unacknowledged: [], pendingEvents: 0, settings: DEFAULT_CHANNEL_SETTINGS, resumePending: false };

/** The state of one application. */
export function applicationState(app: Application, directory: DirectoryStore): ApplicationState {
  const display = (key: string): string => directory.displayUri(key);
  const expiresAt = app.expiresAt();
  const instances = app.allInstances().map((instance): InstanceState => {
    const instanceExpiry = instance.expiresAt();
    return {
      ...(instance.instanceId === undefined ? {} : { instanceId: instance.instanceId }),
      createdAt: instance.createdAt,
      lastActivityAt: instance.lastActivityAt,
      ...(instanceExpiry === undefined ? {} : { expiresAt: instanceExpiry }),
      eventChannel: instance.channel.snapshot(),
    };
  });
  const cg = app.contactsAndGroups;
  const endpoint = app.available;
  const settings = endpoint?.settings;
  const available: AvailabilityState | undefined =
    endpoint && settings
      ? {
          modalities: [...settings.modalities],
          messageFormats: [...settings.messageFormats],
          ...(settings.audioPreference === undefined ? {} : { audioPreference: settings.audioPreference }),
          ...(settings.phoneNumber === undefined ? {} : { phoneNumber: settings.phoneNumber }),
          endpointUri: endpoint.endpointUri,
          lastActivityAt: endpoint.lastActivityAt,
          idleAt: endpoint.idleAt,
        }
      : undefined;
  return {
    id: app.id,
    user: app.account.uri,
    endpointId: app.input.endpointId,
    userAgent: app.input.userAgent,
    culture: app.input.culture,
    ...(instances[0]?.instanceId === undefined ? {} : { instanceId: instances[0].instanceId }),
    createdAt: app.createdAt,
    lastActivityAt: app.lastActivityAt,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    eventChannel: instances[0]?.eventChannel ?? EMPTY_CHANNEL,
    instances,
    presenceSubscriptions: app.presence.list().map((s) => ({
      id: s.id,
      members: s.members.map(display),
      expiresAt: s.expiresAt,
      ...(s.groupId === undefined ? {} : { groupId: s.groupId }),
    })),
    subscribedContacts: app.presence.subscribedContacts().map(display),
    ...(available === undefined ? {} : { available }),
    contactsAndGroupsSubscription: { state: cg.state, ...(cg.expiresAt === undefined ? {} : { expiresAt: cg.expiresAt }) },
  };
}

/** A signed-in user's own presence, note and location as the pool has them (`Simulator.userState`). */
export interface UserState {
  /** The user's SIP URI. */
  readonly uri: string;
  /** What her contacts see: availability, activity, device and last activity. */
  readonly presence: {
    /** The published availability. */
    readonly availability: string;
    /** The published activity token, if any. */
    readonly activity?: string;
    /** The device type contacts see. */
    readonly deviceType: string;
    /** Her last activity, ms since the epoch, if known. */
    readonly lastActive?: number;
  };
  /** What she asked for (POST me/presence or signInAs); absent for automatic presence or while signed out. */
  readonly preferredAvailability?: string;
  /** No available application of hers reported activity within its inactive timeout. */
  readonly idle: boolean;
  /** Ids of her applications that are available (makeMeAvailable). */
  readonly availableApplications: readonly string[];
  /** The note she shows, if any. */
  readonly note?: {
    /** The note text. */
    readonly message: string;
    /** Personal or OutOfOffice. */
    readonly type: string;
  };
  /** Her location, if set. */
  readonly location?: string;
  /** What she can do now (contactSupportedModalities). */
  readonly modalities: readonly string[];
}
