import { Observable, ReplaySubject, catchError, defer, firstValueFrom, switchMap, type SchedulerLike, type Subscription } from 'rxjs';
import { endsTheConnection, refusesTheApplication } from '../events/connection-failure.js';
import { retryIf, type RetryOptions } from '../operators/retry-policy.js';
import type { Application, ApplicationInput } from '../codecs/application.js';
import type { UserResource } from '../codecs/discovery.js';
import { ClosedError } from '../errors/argument-errors.js';
import type { Authenticator } from '../http/auth/authenticator.js';
import type { Located } from '../http/read-resource.js';
import type { Requester } from '../http/transport.js';
import type { Clock } from '../time/clock.js';
import { createApplication, deleteApplication } from './application.js';
import { discoverUser } from './discovery.js';
import { randomId } from '../util/random-id.js';

/** What {@link ApplicationSession} needs. */
export interface ApplicationSessionOptions {
  readonly send: Requester;
  readonly auth: Authenticator;
  readonly discoveryUrl: string;
  readonly input: ApplicationInput;
  readonly clock: Clock;
  /** How long the application outlives its last user before it is deleted, ms (default of {@link ApplicationSession.observe}). */
  readonly graceMs: number;
  /** Told when an attempt to sign in and create the application starts (for connection state). */
  readonly onConnecting?: (() => void) | undefined;
  /** Scheduler for the waits between attempts. */
  readonly scheduler: SchedulerLike;
  /** How failed attempts are retried (default: forever, 1 s doubling to 30 s); a permanent refusal is never retried. */
  readonly retry?: RetryOptions | undefined;
  /** Told before each new attempt, with the failure and the wait (for connection state). */
  readonly onRetry?: ((error: unknown, attempt: number, delayMs: number) => void) | undefined;
  /** Told when the application is deleted after the grace period. */
  readonly onIdle?: (() => void) | undefined;
}

/**
 * The application resource, created on demand and shared: the first subscriber of
 * `application$` signs in and creates it, later ones get the same one, and the last one
 * leaving deletes it after a grace period (quick resubscribes do not thrash). `recreate`
 * replaces an application the server lost (404); subscribers receive the new one.
 */
export class ApplicationSession {
  private refs = 0;
  private current: Located<Application> | undefined;
  private user: Located<UserResource> | undefined;
  private channel = new ReplaySubject<Located<Application>>(1);
  private creating: Subscription | undefined;
  private cancelGrace: (() => void) | undefined;
  /** The application is kept until then at least (the latest grace promised to a subscriber that left). */
  private keepUntil = 0;
  private closed = false;
  private readonly pendingDeletes = new Set<Promise<void>>();
  /** The endpointId sent when creating the application; replaced by {@link moveToOwnApplication}. */
  private endpointId: string;

  constructor(private readonly options: ApplicationSessionOptions) {
    this.endpointId = options.input.endpointId;
    this.application$ = this.observe();
  }

  /** The current application; replays it to new subscribers and emits its replacement after a recreation. */
  readonly application$: Observable<Located<Application>>;

  /**
   * {@link application$} with its own grace: after this subscriber leaves, the application is
   * kept at least `graceMs` more for it. Internal users that already waited a grace period of
   * their own pass 0, so that teardown does not add grace periods up.
   */
  observe(graceMs: number = this.options.graceMs): Observable<Located<Application>> {
    return new Observable<Located<Application>>((subscriber) => {
      if (this.closed) {
        subscriber.error(new ClosedError());
        return undefined;
      }
      this.refs += 1;
      this.cancelGrace?.();
      this.cancelGrace = undefined;
      const inner = this.channel.subscribe(subscriber);
      if (!this.current && !this.creating) this.create();
      return () => {
        inner.unsubscribe();
        this.refs -= 1;
        this.keepUntil = Math.max(this.keepUntil, this.options.clock.now() + graceMs);
        if (this.refs === 0) this.scheduleRelease();
      };
    });
  }

  /** The application if one exists now. */
  get application(): Located<Application> | undefined {
    return this.current;
  }

  /** The server lost `stale` (404 ApplicationNotFound): create a new one unless that already happened. */
  recreate(stale: Located<Application>): void {
    if (this.closed || this.current !== stale) return;
    this.current = undefined;
    if (!this.creating) this.create();
  }

  /**
   * Another instance polls `stale`'s event channel (same endpointId: a second replica, a copy of
   * the app): leave `stale` to it (it is not deleted) and create an application of our own, with
   * a new random endpointId that this session keeps from now on. Subscribers receive the new one.
   */
  moveToOwnApplication(stale: Located<Application>): void {
    if (this.closed || this.current !== stale) return;
    this.endpointId = randomId();
    this.current = undefined;
    if (!this.creating) this.create();
  }

  /** The endpointId the application is created with (the configured one, until a move). */
  get currentEndpointId(): string {
    return this.endpointId;
  }

  /** Deletes the application now and refuses further use. Resolves when the server answered (or failed). */
  async close(): Promise<void> {
    if (this.closed) return Promise.all(this.pendingDeletes).then(() => undefined);
    this.closed = true;
    this.cancelGrace?.();
    this.creating?.unsubscribe();
    this.creating = undefined;
    this.release();
    this.channel.complete();
    await Promise.all(this.pendingDeletes);
  }

  private create(): void {
    const { send, auth, discoveryUrl, input } = this.options;
    const user$ = new Observable<Located<UserResource>>((subscriber) => {
      if (this.user) {
        subscriber.next(this.user);
        subscriber.complete();
        return undefined;
      }
      return discoverUser(send, auth, discoveryUrl).subscribe(subscriber);
    });
    const attempt$ = defer(() => {
      this.options.onConnecting?.();
      return user$;
    }).pipe(
      switchMap((user) => {
        this.user = user;
        return createApplication(send, user, { ...input, endpointId: this.endpointId });
      }),
      catchError((error: unknown) => {
        this.user = undefined;
        throw error;
      }),
    );
    this.creating = attempt$
      .pipe(
        // Unless sign-in or the application was refused for good, keep trying: subscribers wait and keep the application wanted.
        retryIf((error) => !endsTheConnection(error) && !refusesTheApplication(error), { maxRetries: Number.POSITIVE_INFINITY, baseDelayMs: 1000, maxDelayMs: 30_000, ...this.options.retry, scheduler: this.options.scheduler, onRetry: this.options.onRetry }),
      )
      .subscribe({
        next: (application) => {
          this.creating = undefined;
          this.current = application;
          this.channel.next(application);
        },
        error: (error: unknown) => {
          this.creating = undefined;
          this.user = undefined;
          const failed = this.channel;
          this.channel = new ReplaySubject<Located<Application>>(1);
          failed.error(error);
        },
      });
  }

  private scheduleRelease(): void {
    if (this.closed) return;
    this.cancelGrace = this.options.clock.setTimer(() => {
      this.cancelGrace = undefined;
      if (this.refs === 0) {
        this.creating?.unsubscribe();
        this.creating = undefined;
        this.release();
        this.channel = new ReplaySubject<Located<Application>>(1);
        this.options.onIdle?.();
      }
    }, Math.max(0, this.keepUntil - this.options.clock.now()));
  }

  private release(): void {
    const application = this.current;
    this.current = undefined;
    if (!application) return;
    const done = firstValueFrom(deleteApplication(this.options.send, application), { defaultValue: undefined })
      .catch(() => undefined)
      .finally(() => this.pendingDeletes.delete(done));
    this.pendingDeletes.add(done);
  }
}
