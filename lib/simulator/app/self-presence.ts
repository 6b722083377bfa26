import type { Clock } from '../../time/clock.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import { publishedPresence, type PreferredAvailability } from '../directory/own-presence.js';
import type { AccountRecord } from '../directory/records.js';
import type { Application } from './application.js';
import { AvailableEndpoint, type EndpointSettings } from './endpoint.js';

/** What {@link SelfPresence} needs from the pool. */
export interface SelfPresenceHost {
  readonly clock: Clock;
  readonly directory: DirectoryStore;
  /** The user's applications that are available (makeMeAvailable), oldest first. */
  availableApplications(accountKey: string): Application[];
  /** Runs `change`, then tells watchers of `key` if that changed what the person can do. */
  aroundCapabilities(key: string, change: () => void): void;
}

/** One signed-in user's own state. */
interface UserState {
  /** What she asked for; undefined is automatic presence. */
  preferred: PreferredAvailability | undefined;
  /** No available application reported activity within its inactive timeout. */
  idle: boolean;
  /** Cancels the timer that turns her idle. */
  cancelIdle: () => void;
}

/** A user's own presence as the pool holds it. */
export interface SelfPresenceState {
  /** What she asked for (POST me/presence or makeMeAvailable's signInAs); absent for automatic presence. */
  readonly preferredAvailability?: PreferredAvailability;
  /** No available application of hers reported activity within its inactive timeout. */
  readonly idle: boolean;
}

/**
 * The presence signed-in users publish through their own applications. While a user has an
 * available application (makeMeAvailable), her published presence follows what she asked for
 * and whether she is idle (see `publishedPresence`); activity reported by any of those
 * applications keeps her active. When the last of them goes (deleted, expired, or its
 * transient state dropped) she is signed out: Offline, and what she asked for is forgotten.
 */
export class SelfPresence {
  private readonly users = new Map<string, UserState>();

  /** @param host the pool's services. */
  constructor(private readonly host: SelfPresenceHost) {}

  /**
   * Makes `app` available (makeMeAvailable): publishes the user's presence (with `signInAs`
   * as her choice, if given) to her watchers and her other applications, then the application
   * leaves lurker mode with its own events.
   */
  makeAvailable(app: Application, settings: EndpointSettings, signInAs: PreferredAvailability | undefined): void {
    const { account } = app;
    this.host.aroundCapabilities(account.key, () => {
      const user = this.user(account.key);
      if (signInAs !== undefined) user.preferred = signInAs;
      const now = this.host.clock.now();
      user.idle = false;
      this.publish(account, user, now);
      const gruu = `${account.uri};opaque=user:epid:${Buffer.from(`ucwa-rx-${app.id}`).toString('base64url')};gruu`;
      app.becomeAvailable(new AvailableEndpoint(settings, gruu, now));
      this.armIdle(account, user);
    });
  }

  /** Sets (or with undefined resets to automatic) what the user asks for, as a POST on me/presence from `app`. */
  setPreferred(app: Application, preferred: PreferredAvailability | undefined): void {
    const user = this.users.get(app.account.key);
    if (!user) return;
    user.preferred = preferred;
    this.reportActivity(app);
  }

  /** The user is active on `app` (reportMyActivity, or one of her own writes). */
  reportActivity(app: Application): void {
    const user = this.users.get(app.account.key);
    const endpoint = app.available;
    if (!user || !endpoint) return;
    endpoint.lastActivityAt = this.host.clock.now();
    user.idle = false;
    this.publish(app.account, user);
    this.armIdle(app.account, user);
  }

  /** `app` is no longer available (resume, deletion, expiry); the last one signs the user out. */
  endpointGone(app: Application): void {
    if (!app.available) return;
    const { account } = app;
    this.host.aroundCapabilities(account.key, () => {
      app.leaveAvailability();
      const user = this.users.get(account.key);
      if (!user) return;
      if (this.host.availableApplications(account.key).length > 0) {
        this.evaluate(account);
        return;
      }
      user.cancelIdle();
      this.users.delete(account.key);
      const current = this.host.directory.presence(account.uri);
      if (current.availability !== 'Offline' || current.activity !== undefined) this.host.directory.setPresence(account.uri, { availability: 'Offline' });
    });
  }

  /** Makes the user idle at once, as if none of her applications had reported activity for a long time. */
  makeIdle(account: AccountRecord): void {
    for (const app of this.host.availableApplications(account.key)) {
      const endpoint = app.available;
      if (endpoint) endpoint.lastActivityAt = Math.min(endpoint.lastActivityAt, this.host.clock.now() - endpoint.settings.inactiveTimeoutMs);
    }
    this.evaluate(account);
  }

  /** The user's own state, or undefined while she has no available application. */
  state(accountKey: string): SelfPresenceState | undefined {
    const user = this.users.get(accountKey);
    if (!user) return undefined;
    return { idle: user.idle, ...(user.preferred === undefined ? {} : { preferredAvailability: user.preferred }) };
  }

  /** Stops every timer. */
  dispose(): void {
    for (const user of this.users.values()) user.cancelIdle();
    this.users.clear();
  }

  private user(key: string): UserState {
    let user = this.users.get(key);
    if (!user) {
      user = { preferred: undefined, idle: false, cancelIdle: () => undefined };
      this.users.set(key, user);
    }
    return user;
  }

  /** When the user turns idle: the latest idle time of her available applications. */
  private idleAt(accountKey: string): number | undefined {
    const times = this.host.availableApplications(accountKey).flatMap((app) => (app.available ? [app.available.idleAt] : []));
    return times.length === 0 ? undefined : Math.max(...times);
  }

  private evaluate(account: AccountRecord): void {
    const user = this.users.get(account.key);
    const idleAt = this.idleAt(account.key);
    if (!user || idleAt === undefined) return;
    user.idle = this.host.clock.now() >= idleAt;
    this.publish(account, user);
    this.armIdle(account, user);
  }

  private armIdle(account: AccountRecord, user: UserState): void {
    user.cancelIdle();
    user.cancelIdle = () => undefined;
    const idleAt = this.idleAt(account.key);
    if (idleAt === undefined || user.idle) return;
    user.cancelIdle = this.host.clock.setTimer(() => this.evaluate(account), Math.max(0, idleAt - this.host.clock.now()));
  }

  /**
   * Publishes what the user's state gives, when it differs from what contacts see now;
   * `lastActive` is her latest reported activity.
   */
  private publish(account: AccountRecord, user: UserState, lastActive?: number): void {
    const next = publishedPresence(user.preferred, user.idle);
    const current = this.host.directory.presence(account.uri);
    if (current.availability === next.availability && current.activity === next.activity) return;
    const times = this.host.availableApplications(account.key).flatMap((app) => (app.available ? [app.available.lastActivityAt] : []));
    const latest = Math.max(lastActive ?? -Infinity, ...times);
    this.host.directory.setPresence(account.uri, { ...next, ...(Number.isFinite(latest) ? { lastActive: latest } : {}) });
  }
}
