import type { DirectoryStore } from '../directory/directory-store.js';
import { sameModalities, type ModalityType } from '../directory/modalities.js';
import type { AccountRecord, DirectoryChange } from '../directory/records.js';
import { applicationNotFound } from '../http/errors.js';
import { Application, type ApplicationContext, type ApplicationInput } from './application.js';
import { Capabilities } from './capabilities.js';
import type { ApplicationInstance } from './instance.js';
import { SelfPresence } from './self-presence.js';

/** Outcome of POST applications. */
export type CreateResult =
  | {
      readonly ok: true;
      readonly app: Application;
      /** The instance the request named (or the one without an instanceId). */
      readonly instance: ApplicationInstance;
      /** A new event channel was made (a new application, or a new instance of an existing one): 201. */
      readonly created: boolean;
    }
  | { readonly ok: false; readonly reason: 'TooManyApplications' };

/**
 * All applications of the simulated pool. It routes directory changes to the applications
 * that should hear about them: presence, note, location and supported modalities to those
 * subscribed to the contact, and a user's own presence, note and location to her available
 * applications; contact-list changes to the owner's applications with an active
 * contacts-and-groups subscription.
 */
export class ApplicationRegistry {
  private readonly apps = new Map<string, Application>();
  private nextId = 101;
  private readonly stopListening: () => void;
  /** How many applications expired from inactivity. */
  expiredCount = 0;
  /** The presence users publish through their own applications. */
  readonly self: SelfPresence;
  /** What each person can do now. */
  readonly capabilities: Capabilities;

  /** @param context services shared by all applications (its hooks are added here). */
  constructor(
    private readonly context: Omit<ApplicationContext, 'onExpired' | 'onTransientStateDropped'>,
    directory: DirectoryStore,
  ) {
    this.capabilities = new Capabilities(directory, (key) => this.endpointModalities(key));
    this.self = new SelfPresence({
      clock: context.clock,
      directory,
      availableApplications: (key) => this.forAccount(key).filter((app) => app.available !== undefined),
      aroundCapabilities: (key, change) => this.aroundCapabilities(key, change),
    });
    this.stopListening = directory.onChange((change) => this.route(change));
  }

  /**
   * Creates an application, or joins the user's existing one with the same endpointId
   * (MultiTabSupport): the instance named by `instanceId` is created with an event channel of
   * its own unless it exists. The per-user limit counts applications, not instances.
   */
  create(account: AccountRecord, input: ApplicationInput, instanceId: string | undefined): CreateResult {
    const mine = this.forAccount(account.key);
    const existing = mine.find((app) => app.input.endpointId === input.endpointId);
    if (existing) {
      const joined = existing.join(instanceId);
      return joined.ok ? { ok: true, app: existing, instance: joined.instance, created: joined.created } : { ok: false, reason: 'TooManyApplications' };
    }
    if (mine.length >= this.context.limits.maxApplicationsPerUser) return { ok: false, reason: 'TooManyApplications' };
    const id = String(this.nextId++);
    const app = new Application(
      id,
      account,
      input,
      {
        ...this.context,
        onExpired: (expired) => {
          this.expiredCount++;
          this.delete(expired.id);
        },
        onTransientStateDropped: (dropped) => this.self.endpointGone(dropped),
      },
      instanceId,
    );
    this.apps.set(id, app);
    const instance = app.instance(instanceId) as ApplicationInstance;
    return { ok: true, app, instance, created: true };
  }

  /** Deletes one instance of an application (its held P-GET gets 404), and the application with its last instance. */
  deleteInstance(app: Application, instance: ApplicationInstance): void {
    app.removeInstance(instance, applicationNotFound());
    if (app.instanceCount === 0) this.delete(app.id);
  }

  /** The application `id` if it belongs to `account`. */
  find(account: AccountRecord, id: string): Application | undefined {
    const app = this.apps.get(id);
    return app && app.account.key === account.key ? app : undefined;
  }

  /** The application `id`. */
  get(id: string): Application | undefined {
    return this.apps.get(id);
  }

  /** Every application, oldest first. */
  all(): Application[] {
    return [...this.apps.values()];
  }

  /** The applications of one account. */
  forAccount(accountKey: string): Application[] {
    return this.all().filter((app) => app.account.key === accountKey);
  }

  /** Deletes an application; a held P-GET gets 404 ApplicationNotFound. */
  delete(id: string): boolean {
    const app = this.apps.get(id);
    if (!app) return false;
    this.apps.delete(id);
    app.dispose(applicationNotFound());
    this.self.endpointGone(app);
    return true;
  }

  /** Deletes everything and stops listening to the directory. */
  dispose(): void {
    for (const id of [...this.apps.keys()]) this.delete(id);
    this.self.dispose();
    this.stopListening();
  }

  /**
   * Runs `change`, then sends contactSupportedModalities updated to the applications subscribed
   * to `key` if it changed what the person can do.
   */
  aroundCapabilities(key: string, change: () => void): void {
    const before = this.capabilities.of(key);
    change();
    if (!sameModalities(before, this.capabilities.of(key))) this.modalitiesChanged(key);
  }

  /** The union of the modalities of `key`'s available applications, or undefined when none is available. */
  private endpointModalities(key: string): readonly ModalityType[] | undefined {
    const endpoints = this.forAccount(key).flatMap((app) => (app.available ? [app.available] : []));
    return endpoints.length === 0 ? undefined : [...new Set(endpoints.flatMap((endpoint) => endpoint.settings.modalities))];
  }

  private modalitiesChanged(key: string): void {
    for (const app of this.all()) if (app.presence.isSubscribed(key)) app.enqueue(app.events.contactSupportedModalitiesUpdated(key));
  }

  private route(change: DirectoryChange): void {
    if (change.kind === 'contactList') {
      for (const app of this.forAccount(change.account)) {
        if (!app.contactsAndGroups.isActive) continue;
        app.enqueue(...change.changes.map((item) => app.events.contactListChange(item)));
      }
      return;
    }
    for (const app of this.forAccount(change.uri)) if (app.available) app.enqueue(app.events.mine('updated', change.kind));
    for (const app of this.all()) {
      if (!app.presence.isSubscribed(change.uri)) continue;
      if (change.kind === 'presence') app.enqueue(app.events.contactPresenceUpdated(change.uri));
      else if (change.kind === 'note') app.enqueue(app.events.contactNoteUpdated(change.uri));
      else app.enqueue(app.events.contactLocationUpdated(change.uri));
    }
    if (change.kind === 'presence' && !sameModalities(this.capabilities.of(change.uri, change.previous), this.capabilities.of(change.uri))) {
      this.modalitiesChanged(change.uri);
    }
  }
}
