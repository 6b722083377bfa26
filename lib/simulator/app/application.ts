import type { Clock } from '../../time/clock.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord } from '../directory/records.js';
import type { ChannelEvent } from '../events/channel-event.js';
import { applicationNotFound } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import type { SimulatorLimits } from '../options.js';
import { ContactsAndGroupsSubscription } from '../subscriptions/contacts-and-groups.js';
import { PresenceSubscriptions } from '../subscriptions/presence-subscriptions.js';
import type { AvailableEndpoint } from './endpoint.js';
import { EventFactory } from './event-factory.js';
import { ApplicationInstance } from './instance.js';
import { AppUrls } from './urls.js';

/** What an application was created with (applications_ref); the instanceId is per instance. */
export interface ApplicationInput {
  readonly userAgent: string;
  readonly endpointId: string;
  readonly culture: string;
}

/** Shared services an application uses. */
export interface ApplicationContext {
  readonly clock: Clock;
  readonly directory: DirectoryStore;
  readonly limits: SimulatorLimits;
  readonly aggregationScale: number;
  readonly varyEventHrefs: boolean;
  /** Called when the application's last instance expired from inactivity. */
  readonly onExpired: (app: Application) => void;
  /** Called after the application lost its transient state (and with it its availability). */
  readonly onTransientStateDropped: (app: Application) => void;
}

/** What joining an application with an instanceId gave. */
export type JoinResult =
  | { readonly ok: true; readonly instance: ApplicationInstance; readonly created: boolean }
  | { readonly ok: false; readonly reason: 'TooManyInstances' };

/**
 * One application of a signed-in user (MultiTabSupport): the resource its instances share
 * (presence subscriptions, the contacts-and-groups subscription, availability) and its
 * instances, each with an event channel of its own that gets every event of the application.
 * An instance expires on its own inactivity, and the application goes with its last instance.
 * The shared transient state is dropped (then `resume` on every channel) when no instance is
 * listening any more: every channel reset after inactivity, or overflowed
 * (`limits.maxQueuedEventsPerApplication` with no P-GET held).
 */
export class Application {
  /** Resource paths. */
  readonly urls: AppUrls;
  /** Event builders. */
  readonly events: EventFactory;
  /** Presence subscriptions. */
  readonly presence: PresenceSubscriptions;
  /** myContactsAndGroupsSubscription. */
  readonly contactsAndGroups: ContactsAndGroupsSubscription;
  /** Creation time. */
  readonly createdAt: number;
  /** Time of the last request to the application (any instance, or none named). */
  lastActivityAt: number;
  private readonly instances = new Map<string | undefined, ApplicationInstance>();
  private endpoint: AvailableEndpoint | undefined;
  private disposed = false;

  /**
   * @param id application id
   * @param account the owner
   * @param input creation parameters
   * @param context shared services
   * @param instanceId the instanceId of its first instance (undefined: created without one)
   */
  constructor(
    readonly id: string,
    readonly account: AccountRecord,
    readonly input: ApplicationInput,
    private readonly context: ApplicationContext,
    instanceId: string | undefined,
  ) {
    const { clock, limits } = context;
    this.urls = new AppUrls(id);
    this.events = new EventFactory(this.urls, context.directory, context.varyEventHrefs);
    this.presence = new PresenceSubscriptions({
      clock,
      events: this.events,
      enqueue: (...events) => this.enqueue(...events),
      removeQueued: (predicate) => this.eachInstance((instance) => instance.channel.removeQueued(predicate)),
      warningMs: limits.expiryWarningMs,
      maxMembers: limits.maxContactsPerPresenceSubscription,
      maxSubscriptions: limits.maxPresenceSubscriptionsPerApplication,
    });
    this.contactsAndGroups = new ContactsAndGroupsSubscription({
      clock,
      warningMs: limits.expiryWarningMs,
      notifyUpdated: () => this.enqueue(this.events.contactsAndGroupsSubscriptionUpdated()),
    });
    this.createdAt = clock.now();
    this.lastActivityAt = this.createdAt;
    this.join(instanceId);
  }

  /** The instance with this instanceId (undefined: the one created without one), if it exists. */
  instance(instanceId: string | undefined): ApplicationInstance | undefined {
    return this.instances.get(instanceId);
  }

  /** Every live instance, oldest first. */
  allInstances(): ApplicationInstance[] {
    return [...this.instances.values()];
  }

  /** The oldest live instance (an application always has one until it is disposed). */
  get firstInstance(): ApplicationInstance | undefined {
    return this.instances.values().next().value;
  }

  /** The instance for `instanceId`, created with a new event channel if it does not exist (201 rather than 200). */
  join(instanceId: string | undefined): JoinResult {
    const existing = this.instances.get(instanceId);
    if (existing) {
      existing.touch();
      return { ok: true, instance: existing, created: false };
    }
    const { limits, clock } = this.context;
    if (this.instances.size >= limits.maxInstancesPerApplication) return { ok: false, reason: 'TooManyInstances' };
    const instance = new ApplicationInstance(instanceId, {
      clock,
      aggregationScale: this.context.aggregationScale,
      transientStateInactivityMs: limits.transientStateInactivityMs,
      inactivityMs: limits.applicationInactivityMs,
      maxQueuedEvents: limits.maxQueuedEventsPerApplication,
      eventsHref: (id, ack) => this.urls.events(ack, id),
      onChannelReset: () => {
        if (!this.allInstances().some((other) => other.listening)) this.dropSharedState();
      },
      onExpired: (expired) => {
        this.removeInstance(expired, applicationNotFound());
        if (this.instances.size === 0) this.context.onExpired(this);
      },
    });
    this.instances.set(instanceId, instance);
    return { ok: true, instance, created: true };
  }

  /** Removes one instance (its held P-GET gets `reply`); the caller deletes the application when none is left. */
  removeInstance(instance: ApplicationInstance, reply: Reply): void {
    if (this.instances.get(instance.instanceId) !== instance) return;
    this.instances.delete(instance.instanceId);
    instance.dispose(reply);
  }

  /** How many instances it has. */
  get instanceCount(): number {
    return this.instances.size;
  }

  /** When the application expires if nothing happens (with its last instance), or undefined while a P-GET is held. */
  expiresAt(): number | undefined {
    let latest: number | undefined;
    for (const instance of this.instances.values()) {
      const at = instance.expiresAt();
      if (at === undefined) return undefined;
      latest = Math.max(latest ?? at, at);
    }
    return latest;
  }

  /** Queues events on every instance's channel (together, so a high one releases them all at once). */
  enqueue(...events: ChannelEvent[]): void {
    if (!this.disposed) this.eachInstance((instance) => instance.enqueue(...events));
  }

  /** The application's availability, once makeMeAvailable succeeded (transient state). */
  get available(): AvailableEndpoint | undefined {
    return this.endpoint;
  }

  /**
   * The application leaves lurker mode: communication and me are updated, and my presence,
   * note and location are added (communication_ref, me_ref, presence_ref).
   */
  becomeAvailable(endpoint: AvailableEndpoint): void {
    this.endpoint = endpoint;
    const { events } = this;
    this.enqueue(
      events.communicationUpdated(),
      events.meUpdated(),
      events.mine('added', 'presence'),
      events.mine('added', 'note'),
      events.mine('added', 'location'),
    );
  }

  /** Forgets the availability (without events: it goes with transient state or the application). */
  leaveAvailability(): void {
    this.endpoint = undefined;
  }

  /** Any request to the application: it also keeps alive instances that never polled. */
  touch(): void {
    this.lastActivityAt = this.context.clock.now();
    this.eachInstance((instance) => instance.touch(true));
  }

  /**
   * Drops transient state as after long inactivity: presence subscriptions and the
   * contacts-and-groups subscription go without events; every channel's next response carries `resume`.
   */
  dropTransientState(): void {
    if (this.disposed) return;
    this.dropSharedState();
    this.eachInstance((instance) => instance.resetChannel());
  }

  /** Stops every timer; held P-GETs are answered with `reply`. */
  dispose(reply: Reply): void {
    if (this.disposed) return;
    this.disposed = true;
    this.presence.dropAll();
    this.contactsAndGroups.drop();
    for (const instance of [...this.instances.values()]) this.removeInstance(instance, reply);
  }

  private dropSharedState(): void {
    if (this.disposed) return;
    this.presence.dropAll();
    this.contactsAndGroups.drop();
    this.context.onTransientStateDropped(this);
  }

  private eachInstance(action: (instance: ApplicationInstance) => void): void {
    for (const instance of [...this.instances.values()]) action(instance);
  }
}
