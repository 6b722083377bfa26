import { Observable, defer, finalize, of, share, tap } from 'rxjs';
import type { UserResource } from '../codecs/discovery.js';
import type { Located } from '../http/read-resource.js';

/**
 * The user resource (the one with the `applications` link), found by autodiscovery and sign-in
 * once and shared by every application of a client: overflow applications
 * (docs/resources.md) create theirs from it without signing in again. Concurrent askers share one
 * discovery; {@link forget} makes the next one discover afresh (after a failed attempt).
 */
export class UserSource {
  private user: Located<UserResource> | undefined;
  private pending: Observable<Located<UserResource>> | undefined;

  constructor(private readonly discover: () => Observable<Located<UserResource>>) {}

  /** The user resource: the known one, else the discovery in flight, else a new discovery. */
  get(): Observable<Located<UserResource>> {
    return defer(() => {
      if (this.user) return of(this.user);
      this.pending ??= this.discover().pipe(
        tap((user) => (this.user = user)),
        finalize(() => (this.pending = undefined)),
        share(),
      );
      return this.pending;
    });
  }

  /** Forgets the user resource (a failed attempt: the next one signs in again). */
  forget(): void {
    this.user = undefined;
  }
}
