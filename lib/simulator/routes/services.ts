import type { Clock } from '../../time/clock.js';
import type { ApplicationRegistry } from '../app/application-registry.js';
import type { TokenStore } from '../auth/tokens.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { Reply, SimRequest } from '../http/types.js';
import type { ResolvedOptions } from '../options.js';

/** Counts each user's outstanding requests (BatchingRequests: a batch counts as its parts). */
export class OutstandingRequests {
  private readonly counts = new Map<string, number>();

  /** Adds `n` outstanding requests for a user. */
  add(user: string, n = 1): void {
    this.counts.set(user, (this.counts.get(user) ?? 0) + n);
  }

  /** Removes `n`. */
  remove(user: string, n = 1): void {
    const left = (this.counts.get(user) ?? 0) - n;
    if (left > 0) this.counts.set(user, left);
    else this.counts.delete(user);
  }

  /** The user's outstanding requests. */
  count(user: string): number {
    return this.counts.get(user) ?? 0;
  }
}

/** Shared services of the routes. */
export interface Services {
  readonly clock: Clock;
  readonly directory: DirectoryStore;
  readonly registry: ApplicationRegistry;
  readonly tokens: TokenStore;
  readonly options: ResolvedOptions;
  readonly outstanding: OutstandingRequests;
  /** The autodiscovery URL users are redirected to, if the pool redirects them. */
  redirectTarget(): string | undefined;
  /** Runs a request through the router (batch parts). */
  dispatch(request: SimRequest): Promise<Reply>;
}
