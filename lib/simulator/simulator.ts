import type { Clock } from '../time/clock.js';
import type { ApplicationRegistry } from './app/application-registry.js';
import type { Application } from './app/application.js';
import { ROOT_PATH } from './app/urls.js';
import { assembleSimulator, type SimulatorParts } from './assembly.js';
import type { TokenStore } from './auth/tokens.js';
import { handleAdminRequest } from './control/admin.js';
import { Churn, type ChurnOptions } from './control/churn.js';
import type { FaultHandle, FaultInjector, FaultRule } from './control/faults.js';
import type { RequestLog } from './control/request-log.js';
import { applicationState, type SimulatorState, type UserState } from './control/state.js';
import type { DirectoryStore } from './directory/directory-store.js';
import type { ModalityType } from './directory/modalities.js';
import type { NoteSpec, PersonSpec, PhotoImage, PresenceUpdate } from './directory/types.js';
import type { SimulatorHttpServer } from './http/http-server.js';
import { uriKey } from './directory/uri.js';
import { resolveOptions, type RedirectTarget, type ResolvedOptions, type SimulatorOptions } from './options.js';

function redirectUrl(target: RedirectTarget | undefined): string | undefined {
  return target === undefined ? undefined : typeof target === 'string' ? target : target.discoveryUrl;
}

/**
 * A running UCWA 2.0 simulator: an HTTP server that behaves like a Skype for Business pool
 * for presence and contact subscriptions, with a control API for tests and demos.
 * Create it with {@link startSimulator}.
 */
export class Simulator {
  /** The autodiscovery root URL, where a client starts. */
  readonly discoveryUrl: string;
  /** `http://host:port` of the server. */
  readonly origin: string;
  /** The bound port. */
  readonly port: number;
  /** The clock every lifetime and timer runs on. */
  readonly clock: Clock;
  /** Every request (admin requests excluded) with its status; benchmarks count round trips with it. */
  readonly requests: RequestLog;
  /** The same request log as {@link requests} (a shorter name). */
  get log(): RequestLog {
    return this.requests;
  }
  /**
   * Resolves when no request is being worked on and none arrived for a short real-time quiet
   * period (held P-GETs do not count). Pass it to `ManualClock.advance(ms, sim.settle)`.
   */
  readonly settle: () => Promise<void>;
  private readonly churn: Churn;
  private readonly options: ResolvedOptions;
  private readonly directory: DirectoryStore;
  private readonly registry: ApplicationRegistry;
  private readonly tokens: TokenStore;
  private readonly server: SimulatorHttpServer;
  private readonly faults: FaultInjector;
  private redirect: string | undefined;
  private closed = false;

  /** Use {@link startSimulator}. */
  private constructor(parts: SimulatorParts) {
    this.options = parts.options;
    this.directory = parts.directory;
    this.registry = parts.registry;
    this.tokens = parts.tokens;
    this.server = parts.server;
    this.faults = parts.faults;
    this.clock = parts.options.clock;
    this.requests = parts.log;
    this.port = parts.port;
    const host = parts.options.host === '0.0.0.0' || parts.options.host === '::' ? '127.0.0.1' : parts.options.host;
    this.origin = `http://${host.includes(':') ? `[${host}]` : host}:${parts.port}`;
    this.discoveryUrl = `${this.origin}${ROOT_PATH}`;
    this.settle = () => parts.server.activity.settle();
    this.churn = new Churn(parts.options.clock, parts.directory);
    this.redirect = redirectUrl(parts.options.redirectTo);
  }

  /** @internal Starts a simulator; see {@link startSimulator}. */
  static async start(input: SimulatorOptions = {}): Promise<Simulator> {
    let simulator: Simulator | undefined;
    const parts = await assembleSimulator(resolveOptions(input), {
      redirectTarget: () => simulator?.redirect,
      admin: (request) => handleAdminRequest(request, simulator as Simulator),
    });
    simulator = new Simulator(parts);
    if (parts.options.churn) simulator.startChurn(parts.options.churn);
    return simulator;
  }

  /**
   * Sets a person's presence (anyone, even someone not in the directory); subscribed applications
   * get contactPresence updated. For a user with an available application this is what another
   * device of hers publishes: it stands until her own state next changes (idle, activity, a write).
   */
  setPresence(uri: string, presence: PresenceUpdate): void {
    this.directory.setPresence(uri, presence);
  }

  /**
   * Sets a person's personal note, or with type OutOfOffice her out-of-office note (shown while
   * set); undefined clears both. Subscribed applications get contactNote updated, her own
   * available applications note updated.
   */
  setNote(uri: string, note: NoteSpec | undefined): void {
    this.directory.setNote(uri, note);
  }

  /**
   * Sets (or clears) a person's location; subscribed applications get contactLocation updated,
   * her own available applications location updated.
   */
  setLocation(uri: string, location: string | undefined): void {
    this.directory.setLocation(uri, location);
  }

  /**
   * A signed-in user's own state as the pool has it: the presence her contacts see, what she
   * asked for, whether she is idle, her available applications, note, location and modalities.
   */
  userState(user: string): UserState {
    const account = this.account(user);
    const { directory, registry } = this;
    const presence = directory.presence(account.uri);
    const own = registry.self.state(account.key);
    const note = directory.note(account.uri);
    const location = directory.location(account.uri);
    return {
      uri: account.uri,
      presence: {
        availability: presence.availability,
        deviceType: presence.deviceType,
        ...(presence.activity === undefined ? {} : { activity: presence.activity }),
        ...(presence.lastActive === undefined ? {} : { lastActive: presence.lastActive }),
      },
      ...(own?.preferredAvailability === undefined ? {} : { preferredAvailability: own.preferredAvailability }),
      idle: own?.idle ?? false,
      availableApplications: registry.forAccount(account.key).filter((app) => app.available !== undefined).map((app) => app.id),
      ...(note === undefined ? {} : { note: { message: note.message, type: note.type } }),
      ...(location === undefined ? {} : { location }),
      modalities: registry.capabilities.of(account.key),
    };
  }

  /**
   * Makes a user idle now, as if none of her available applications had reported activity for
   * their inactive timeout: her automatic presence turns Away (Busy turns IdleBusy) until one
   * reports activity again.
   */
  makeIdle(user: string): void {
    this.registry.self.makeIdle(this.account(user));
  }

  /**
   * Sets a person's photo: true for one generated from the initials, false for none (photo
   * requests get 404), or an image of your own.
   */
  setPhoto(uri: string, photo: boolean | PhotoImage): void {
    this.directory.setPhoto(uri, photo === false ? undefined : photo === true ? 'generated' : photo);
  }

  /**
   * Sets what a person can do now (contactSupportedModalities), or with undefined goes back to
   * what the simulator derives; subscribed applications get contactSupportedModalities updated.
   */
  setModalities(uri: string, modalities: readonly ModalityType[] | undefined): void {
    this.registry.aroundCapabilities(uriKey(uri), () => this.directory.setModalityOverride(uri, modalities));
  }

  /**
   * A person's presence as the pool has it now (anyone; someone unknown is Offline on an Unknown
   * device): availability, activity when set, deviceType, lastActive (ms) when known.
   */
  presenceOf(uri: string): PresenceUpdate {
    return { ...this.directory.presence(uri) };
  }

  /** The URIs (display case, list order) in a user's pinned group. */
  pinnedGroupOf(user: string): string[] {
    return this.directory.contactLists.groupOfKind(this.account(user), 'pinnedGroup').members.map((key) => this.directory.displayUri(key));
  }

  /** Adds a contact to a user's default group (or the named personal group). */
  addContact(user: string, contact: string | PersonSpec, options: { readonly group?: string } = {}): void {
    this.directory.contactLists.addContact(this.account(user), contact, options.group);
  }

  /** Removes a contact from all of a user's groups. */
  removeContact(user: string, contact: string): void {
    this.directory.contactLists.removeContact(this.account(user), contact);
  }

  /** Adds a contact to a user's pinned group. */
  addToPinnedGroup(user: string, contact: string | PersonSpec): void {
    this.directory.contactLists.pin(this.account(user), contact);
  }

  /** Removes a contact from a user's pinned group. */
  removeFromPinnedGroup(user: string, contact: string): void {
    this.directory.contactLists.unpin(this.account(user), contact);
  }

  /** Starts (or restarts) presence churn. */
  startChurn(options: ChurnOptions): void {
    this.churn.start(options);
  }

  /** Stops presence churn. */
  stopChurn(): void {
    this.churn.stop();
  }

  /** Applies a fault to the next matching requests. */
  injectFault(rule: FaultRule): FaultHandle {
    return this.faults.add(rule);
  }

  /** The active fault rules. */
  activeFaults(): Array<{
    /** The rule as injected. */
    readonly rule: FaultRule;
    /** Matching requests it still applies to. */
    readonly remaining: number;
  }> {
    return this.faults.list();
  }

  /** Removes every fault rule. */
  clearFaults(): void {
    this.faults.clear();
  }

  /** Drops transient state now, as after long inactivity: the next event response of every instance carries `resume`. */
  forceResume(applicationId?: string): void {
    for (const app of this.applications(applicationId)) app.dropTransientState();
  }

  /** The next (or the held) P-GET gets a `resync` response. */
  forceResync(applicationId?: string): void {
    for (const app of this.applications(applicationId)) for (const instance of app.allInstances()) instance.channel.forceResync();
  }

  /** Expires applications now: requests to them get 404 ApplicationNotFound. */
  expireApplication(applicationId?: string): void {
    for (const app of this.applications(applicationId)) this.registry.delete(app.id);
  }

  /** Makes a user's (or everyone's) tokens expire now: the next request gets the 401 challenge. */
  expireTokens(user?: string): void {
    this.tokens.expireAll(user === undefined ? undefined : this.account(user));
  }

  /** Redirects users to another pool (another simulator or an autodiscovery URL); undefined stops. */
  setRedirect(target: RedirectTarget | undefined): void {
    this.redirect = redirectUrl(target);
  }

  /** Applications, live subscriptions and their expiry, held P-GETs and counters. */
  state(): SimulatorState {
    const applications = this.registry.all().map((app) => applicationState(app, this.directory));
    return {
      now: this.clock.now(),
      applications,
      outstandingPgets: applications.reduce((sum, a) => sum + a.instances.filter((instance) => instance.eventChannel.held).length, 0),
      counters: {
        requests: this.requests.total,
        applicationsExpired: this.registry.expiredCount,
        churnChanges: this.churn.changes,
      },
    };
  }

  /** Stops churn, deletes every application, closes all connections and the server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.churn.stop();
    this.faults.clear();
    this.registry.dispose();
    await this.server.close();
  }

  private account(user: string): NonNullable<ReturnType<DirectoryStore['account']>> {
    const account = this.directory.account(user);
    if (!account) throw new Error(`no account ${user} in the simulator's directory`);
    return account;
  }

  private applications(id?: string): Application[] {
    if (id === undefined) return this.registry.all();
    const app = this.registry.get(id);
    if (!app) throw new Error(`no application ${id}`);
    return [app];
  }

  /** The options in effect. */
  get settings(): ResolvedOptions {
    return this.options;
  }
}

/** Starts a simulator (on 127.0.0.1 and an ephemeral port by default). */
export function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return Simulator.start(options);
}
