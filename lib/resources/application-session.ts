import { Observable, ReplaySubject, Subject, catchError, defer, finalize, firstValueFrom, switchMap, type SchedulerLike, type Subscription } from 'rxjs';
import { endsTheConnection, refusesTheApplication } from '../events/connection-failure.js';
import { retryIf, type RetryOptions } from '../operators/retry-policy.js';
import type { Application, ApplicationInput } from '../codecs/application.js';
import { ClosedError } from '../errors/argument-errors.js';
import { isHttpError } from '../errors/guards.js';
import { TooManyApplicationsError } from '../errors/too-many-applications-error.js';
import type { Authenticator } from '../http/auth/authenticator.js';
import type { Located } from '../http/read-resource.js';
import type { Requester } from '../http/transport.js';
import type { Clock } from '../time/clock.js';
import { createApplication, deleteApplication } from './application.js';
import { discoverUser } from './discovery.js';
import { UserSource } from './user-source.js';
import { randomId } from '../util/random-id.js';

/** What {@link ApplicationSession} needs. */
export interface ApplicationSessionOptions {
  readonly send: Requester;
  readonly auth: Authenticator;
  readonly discoveryUrl: string;
  /** Where the user resource comes from (default: its own discovery); shared by a client's applications. */
  readonly user?: UserSource | undefined;
  /** userAgent and culture (constant for an identity, MultiTabSupport.md). */
  readonly input: Pick<ApplicationInput, 'userAgent' | 'culture'>;
  /** The endpointId (asked once, before the first POST): the configured one, or the one stored for this user and profile. */
  readonly endpointId: () => Promise<string>;
  /** This client's instanceId (default: a random one); a new one replaces it after a take-over. */
  readonly instanceId?: string | undefined;
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
  private readonly user: UserSource;
  private channel = new ReplaySubject<Located<Application>>(1);
  private creating: Subscription | undefined;
  /** The POST that creates the application is on the wire. */
  private posting = false;
  /** Told when the POST that {@link close} left to answer has answered (and what it made is being deleted). */
  private answered: (() => void) | undefined;
  private cancelGrace: (() => void) | undefined;
  /** The application is kept until then at least (the latest grace promised to a subscriber that left). */
  private keepUntil = 0;
  private closed = false;
  private readonly pendingDeletes = new Set<Promise<void>>();
  /** The endpointId, once known (see {@link ApplicationSessionOptions.endpointId}). */
  private endpointId: string | undefined;
  /** This client's instance of the application; replaced by {@link moveToNewInstance}. */
  private instanceId: string;
  /** Set by {@link suspend}: nothing is created until {@link resume}. */
  private suspended = false;
  private readonly suspensions = new Subject<void>();

  /** Ticks when the session is suspended: the event channel stops polling the deleted instance. */
  readonly suspended$: Observable<void> = this.suspensions.asObservable();

  constructor(private readonly options: ApplicationSessionOptions) {
    this.instanceId = options.instanceId ?? randomId();
    this.user = options.user ?? new UserSource(() => discoverUser(options.send, options.auth, options.discoveryUrl));
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
      if (!this.current && !this.creating && !this.suspended) this.create();
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
    if (!this.creating && !this.suspended) this.create();
  }

  /**
   * Another client polls the event channel of our instance (409 PGetReplaced we did not cause:
   * the same instanceId elsewhere): leave that instance to it (it is not deleted) and join the
   * same application as a new instance, with a fresh instanceId kept from now on. Subscribers
   * receive the application as the new instance sees it.
   */
  moveToNewInstance(stale: Located<Application>): void {
    if (this.closed || this.current !== stale) return;
    this.instanceId = randomId();
    this.current = undefined;
    if (!this.creating && !this.suspended) this.create();
  }

  /** The endpointId the application is created with, once known. */
  get currentEndpointId(): string | undefined {
    return this.endpointId;
  }

  /** This client's instanceId (a new one after a take-over). */
  get currentInstanceId(): string {
    return this.instanceId;
  }

  /**
   * The page is going away (pagehide) or this client stops leading: deletes our instance with a
   * request that outlives the page (keepalive), and creates nothing until {@link resume}.
   * Subscribers keep waiting for the next application.
   */
  suspend(): void {
    if (this.closed || this.suspended) return;
    this.suspended = true;
    this.creating?.unsubscribe();
    this.creating = undefined;
    this.release(true);
    this.suspensions.next();
  }

  /** After {@link suspend}: joins the application again (a new instance, or the same one if it survived) if anything wants it. */
  resume(): void {
    if (this.closed || !this.suspended) return;
    this.suspended = false;
    if (this.refs > 0 && !this.current && !this.creating) this.create();
  }

  /**
   * Deletes the application now and refuses further use. Resolves when the server answered (or
   * failed). A POST creating the application that is on the wire is left to answer first, and
   * what it created is deleted too: nothing is left behind on the server.
   */
  async close(): Promise<void> {
    if (this.closed) return Promise.all(this.pendingDeletes).then(() => undefined);
    this.closed = true;
    this.cancelGrace?.();
    // A POST on the wire may create the application whatever the client does now: it is left to
    // answer (within its request timeout), and what it made is deleted; anything else stops here.
    const answered = this.creating && this.posting ? new Promise<void>((resolve) => (this.answered = resolve)) : undefined;
    if (!answered) {
      this.creating?.unsubscribe();
      this.creating = undefined;
    }
    this.release();
    this.channel.complete();
    this.suspensions.complete();
    await answered;
    await Promise.all(this.pendingDeletes);
  }

  private create(): void {
    const { send, input, endpointId } = this.options;
    const attempt$ = defer(() => {
      this.options.onConnecting?.();
      return this.user.get();
    }).pipe(
      switchMap(async (user) => {
        this.endpointId ??= await endpointId();
        return user;
      }),
      switchMap((user) =>
        defer(() => {
          this.posting = true;
          // 201 names a new instance (MultiTabSupport): the application may hold other instances' state, but nothing of this client's.
          return createApplication(send, user, { ...input, endpointId: this.endpointId ?? '', instanceId: this.instanceId });
        }).pipe(finalize(() => (this.posting = false))),
      ),
      catchError((error: unknown) => {
        throw isHttpError(error, 409, 'TooManyApplications') ? new TooManyApplicationsError(error) : error;
      }),
      catchError((error: unknown) => {
        this.user.forget();
        throw error;
      }),
    );
    this.creating = attempt$
      .pipe(
        // Unless sign-in or the application was refused for good, keep trying: subscribers wait and keep the application wanted.
        retryIf((error) => !this.closed && !endsTheConnection(error) && !refusesTheApplication(error), { maxRetries: Number.POSITIVE_INFINITY, baseDelayMs: 1000, maxDelayMs: 30_000, ...this.options.retry, scheduler: this.options.scheduler, onRetry: this.options.onRetry }),
      )
      .subscribe({
        next: (application) => {
          this.creating = undefined;
          this.current = application;
          if (this.closed) {
            // Answered after close(): what the POST made is deleted at once.
            this.release();
            this.answered?.();
            return;
          }
          this.channel.next(application);
        },
        error: (error: unknown) => {
          this.creating = undefined;
          if (this.closed) return this.answered?.();
          this.user.forget();
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

  private release(keepalive = false): void {
    const application = this.current;
    this.current = undefined;
    if (!application) return;
    const done = firstValueFrom(deleteApplication(this.options.send, application, this.instanceId, keepalive), { defaultValue: undefined })
      .catch(() => undefined)
      .finally(() => this.pendingDeletes.delete(done));
    this.pendingDeletes.add(done);
  }
}
