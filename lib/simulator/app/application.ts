import type { Clock } from '../../time/clock.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord } from '../directory/records.js';
import type { ChannelEvent } from '../events/channel-event.js';
import { EventChannel } from '../events/event-channel.js';
import type { Reply } from '../http/types.js';
import type { SimulatorLimits } from '../options.js';
import { ContactsAndGroupsSubscription } from '../subscriptions/contacts-and-groups.js';
import { PresenceSubscriptions } from '../subscriptions/presence-subscriptions.js';
import type { AvailableEndpoint } from './endpoint.js';
import { EventFactory } from './event-factory.js';
import { AppUrls } from './urls.js';

/** What an application was created with (applications_ref). */
export interface ApplicationInput {
  readonly userAgent: string;
  readonly endpointId: string;
  readonly culture: string;
  readonly instanceId?: string;
}

/** Shared services an application uses. */
export interface ApplicationContext {
  readonly clock: Clock;
  readonly directory: DirectoryStore;
  readonly limits: SimulatorLimits;
  readonly aggregationScale: number;
  readonly varyEventHrefs: boolean;
  /** Called when the application expires from inactivity. */
  readonly onExpired: (app: Application) => void;
  /** Called after the application lost its transient state (and with it its availability). */
  readonly onTransientStateDropped: (app: Application) => void;
}

/**
 * One application of a signed-in user: its event channel, presence subscriptions,
 * contacts-and-groups subscription and availability (makeMeAvailable), and the inactivity
 * timers that drop transient state (then `resume`) and finally expire it (application_ref,
 * EventsInUCWA). Transient state is also dropped when events pile up past
 * `limits.maxQueuedEventsPerApplication` with no P-GET held.
 */
export class Application {
  /** Resource paths. */
  readonly urls: AppUrls;
  /** Event builders. */
  readonly events: EventFactory;
  /** The event channel. */
  readonly channel: EventChannel;
  /** Presence subscriptions. */
  readonly presence: PresenceSubscriptions;
  /** myContactsAndGroupsSubscription. */
  readonly contactsAndGroups: ContactsAndGroupsSubscription;
  /** Creation time. */
  readonly createdAt: number;
  /** Time of the last request to the application. */
  lastActivityAt: number;
  private endpoint: AvailableEndpoint | undefined;
  private cancelExpiry: () => void = () => undefined;
  private cancelTransient: () => void = () => undefined;
  private disposed = false;

  /**
   * @param id application id
   * @param account the owner
   * @param input creation parameters
   * @param context shared services
   */
  constructor(
    readonly id: string,
    readonly account: AccountRecord,
    readonly input: ApplicationInput,
    private readonly context: ApplicationContext,
  ) {
    const { clock, limits } = context;
    this.urls = new AppUrls(id);
    this.events = new EventFactory(this.urls, context.directory, context.varyEventHrefs);
    this.channel = new EventChannel({
      clock,
      aggregationScale: context.aggregationScale,
      eventsHref: (ack) => this.urls.events(ack),
      onHeldChange: (held) => this.onHeldChange(held),
      onPgetReceived: () => {
        if (!this.channel.isHeld) this.onHeldChange(false);
      },
      maxQueuedEvents: limits.maxQueuedEventsPerApplication,
      // Nobody polls and the events pile up: drop transient state as a pool does, so the next
      // P-GET gets `resume`. Deferred to the end of the current operation, which may be halfway
      // through creating a subscription.
      onQueueOverflow: () => queueMicrotask(() => this.dropTransientState()),
    });
    this.presence = new PresenceSubscriptions({
      clock,
      events: this.events,
      enqueue: (...events) => this.enqueue(...events),
      removeQueued: (predicate) => this.channel.removeQueued(predicate),
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
    this.onHeldChange(false);
  }

  /** When the application expires if nothing happens, or undefined while a P-GET is held. */
  expiresAt(): number | undefined {
    return this.channel.isHeld ? undefined : this.lastActivityAt + this.context.limits.applicationInactivityMs;
  }

  /** Queues events on the channel (together, so a high one releases them all at once). */
  enqueue(...events: ChannelEvent[]): void {
    if (!this.disposed) this.channel.enqueue(...events);
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

  /** Any request to the application keeps it alive. */
  touch(): void {
    this.lastActivityAt = this.context.clock.now();
    if (!this.channel.isHeld) this.armExpiry();
  }

  /**
   * Drops transient state as after long inactivity: presence subscriptions and the
   * contacts-and-groups subscription go without events; the next response carries `resume`.
   */
  dropTransientState(): void {
    if (this.disposed) return;
    this.presence.dropAll();
    this.contactsAndGroups.drop();
    this.channel.removeQueued(() => true);
    this.channel.markResume();
    this.context.onTransientStateDropped(this);
  }

  /** Stops every timer; a held P-GET is answered with `reply`. */
  dispose(reply: Reply): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelExpiry();
    this.cancelTransient();
    this.presence.dropAll();
    this.contactsAndGroups.drop();
    this.channel.close(reply);
  }

  private onHeldChange(held: boolean): void {
    if (this.disposed) return;
    this.cancelTransient();
    this.cancelExpiry();
    if (held) return;
    this.lastActivityAt = this.context.clock.now();
    this.armExpiry();
    this.cancelTransient = this.context.clock.setTimer(() => this.dropTransientState(), this.context.limits.transientStateInactivityMs);
  }

  private armExpiry(): void {
    this.cancelExpiry();
    this.cancelExpiry = this.context.clock.setTimer(() => this.context.onExpired(this), this.context.limits.applicationInactivityMs);
  }
}
