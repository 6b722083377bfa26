import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord, DirectoryChange } from '../directory/records.js';
import { applicationNotFound } from '../http/errors.js';
import { Application, type ApplicationContext, type ApplicationInput } from './application.js';

/** Outcome of POST applications. */
export type CreateResult =
  | { readonly ok: true; readonly app: Application; readonly created: boolean }
  | { readonly ok: false; readonly reason: 'TooManyApplications' };

/**
 * All applications of the simulated pool. It routes directory changes to the applications
 * that should hear about them: presence, note and location to those subscribed to the
 * contact; contact-list changes to the owner's applications with an active
 * contacts-and-groups subscription.
 */
export class ApplicationRegistry {
  private readonly apps = new Map<string, Application>();
  private nextId = 101;
  private readonly stopListening: () => void;
  /** How many applications expired from inactivity. */
  expiredCount = 0;

  /** @param context services shared by all applications (its onExpired is wrapped). */
  constructor(
    private readonly context: Omit<ApplicationContext, 'onExpired'>,
    directory: DirectoryStore,
  ) {
    this.stopListening = directory.onChange((change) => this.route(change));
  }

  /** Creates an application, or returns the user's existing one with the same endpointId (MultiTabSupport.md). */
  create(account: AccountRecord, input: ApplicationInput): CreateResult {
    const mine = this.forAccount(account.key);
    const existing = mine.find((app) => app.input.endpointId === input.endpointId);
    if (existing) return { ok: true, app: existing, created: false };
    if (mine.length >= this.context.limits.maxApplicationsPerUser) return { ok: false, reason: 'TooManyApplications' };
    const id = String(this.nextId++);
    const app = new Application(id, account, input, {
      ...this.context,
      onExpired: (expired) => {
        this.expiredCount++;
        this.delete(expired.id);
      },
    });
    this.apps.set(id, app);
    return { ok: true, app, created: true };
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
    return true;
  }

  /** Deletes everything and stops listening to the directory. */
  dispose(): void {
    for (const id of [...this.apps.keys()]) this.delete(id);
    this.stopListening();
  }

  private route(change: DirectoryChange): void {
    if (change.kind === 'contactList') {
      for (const app of this.forAccount(change.account)) {
        if (!app.contactsAndGroups.isActive) continue;
        app.enqueue(...change.changes.map((item) => app.events.contactListChange(item)));
      }
      return;
    }
    for (const app of this.all()) {
      if (!app.presence.isSubscribed(change.uri)) continue;
      if (change.kind === 'presence') app.enqueue(app.events.contactPresenceUpdated(change.uri));
      else if (change.kind === 'note') app.enqueue(app.events.contactNoteUpdated(change.uri));
      else app.enqueue(app.events.contactLocationUpdated(change.uri));
    }
  }
}
