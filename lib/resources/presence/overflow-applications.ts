import { Observable, catchError, defer, finalize } from 'rxjs';
import type { UcwaClientOptions } from '../../client-options.js';
import { createClientContext, type ClientContext } from '../../client-context.js';
import { watchPageLifetime } from '../../identity/page-lifetime.js';
import { InvalidArgumentError } from '../../errors/argument-errors.js';
import { CapacityError } from '../../errors/capacity-error.js';
import { TooManyApplicationsError } from '../../errors/too-many-applications-error.js';
import { normaliseSipUri, sipKey } from '../sip-uri.js';
import { ContactDirectory } from './contact-directory.js';
import type { FacetKind } from './facet-kind.js';
import { PresenceReconciler, type PresenceReconcilerOptions } from './presence-reconciler.js';
import { PresenceStreams } from './presence-stream.js';

/** One application's presence machinery: its context (endpointId, session, event channel), directory, reconciler and streams. */
export interface PresenceCore {
  readonly context: ClientContext;
  readonly directory: ContactDirectory;
  readonly reconciler: PresenceReconciler;
  readonly streams: PresenceStreams;
}

/** Builds the presence machinery of application `application` (0: the client's own; see {@link createClientContext}). */
export function createPresenceCore(options: UcwaClientOptions, application: number, reconcilerOptions: PresenceReconcilerOptions): PresenceCore {
  const context = createClientContext(options, application);
  const directory = new ContactDirectory(context.send, context.fetcher, context.session);
  const reconciler = new PresenceReconciler(context, directory, reconcilerOptions);
  return { context, directory, reconciler, streams: new PresenceStreams(context, reconciler) };
}

/** Default of `presence.maxApplications`: the client's own and 3 overflow applications. */
export const DEFAULT_MAX_APPLICATIONS = 4;

/** Largest value accepted for `presence.maxApplications` (the simulator's, and a typical pool's, applications per user). */
const MAX_APPLICATIONS = 10;

/** Checks `presence.maxApplications` (an integer from 1 to 10) before anything is sent. */
export function checkMaxApplications(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_APPLICATIONS) {
    throw new InvalidArgumentError('presence.maxApplications', `an integer from 1 to ${MAX_APPLICATIONS}`, String(value));
  }
  return value;
}

/**
 * The client's watched contacts spread over applications of the user. Presence limits are per
 * application (its presenceSubscriptions collection, shared by its instances), so when the
 * client's own application refuses a contact (CapacityError), the contact goes to the first
 * overflow application, then the next: each its own {@link PresenceCore} with an endpointId
 * derived from the client's, created on first need. An overflow application lives while its
 * reconciler holds contacts (the application is deleted a grace period after the last leaves).
 * Further subscribers of a contact start where it is watched already. A contact that fits in
 * none, or meets a pool that refuses another application (409 TooManyApplications), ends with a
 * CapacityError naming the applications tried.
 */
export class OverflowApplications {
  private readonly all: PresenceCore[];
  /** Per contact (lower-case URI): its live streams on each application. */
  private readonly placed = new Map<string, Map<number, number>>();
  /** Remove the page-lifetime listeners of the overflow applications (as the client's own, they leave on pagehide). */
  private readonly stopWatchingPage: (() => void)[] = [];

  constructor(
    private readonly options: UcwaClientOptions,
    private readonly reconcilerOptions: PresenceReconcilerOptions,
    main: PresenceCore,
    /** Applications the client may use, its own included. */
    readonly max: number,
  ) {
    this.all = [main];
  }

  /** The cores created so far, the client's own first. */
  get cores(): readonly PresenceCore[] {
    return this.all;
  }

  /** The live value of `kind` of `uri`, on whichever application has room for the contact. */
  value$<T>(kind: FacetKind<T>, uri: string): Observable<T> {
    return defer(() => this.on(this.startOf(uri), kind, uri));
  }

  /** Closes the overflow cores (the caller closes the client's own). */
  async close(): Promise<void> {
    this.stopWatchingPage.forEach((stop) => stop());
    await Promise.all(
      this.all.slice(1).map(async ({ streams, context }) => {
        streams.close();
        await context.session.close();
        context.channel.close();
        context.clock.dispose();
      }),
    );
  }

  private on<T>(index: number, kind: FacetKind<T>, uri: string, previous?: CapacityError): Observable<T> {
    const key = keyOf(uri);
    return new Observable<T>((subscriber) => {
      const core = this.core(index);
      if (key !== undefined) this.count(key, index, 1);
      const inner = core.streams.value$(kind, uri).subscribe(subscriber);
      if (index > 0) {
        // The pool gives the user no further application: no room anywhere, not a wait.
        inner.add(core.context.applicationRefusals$.subscribe((refusal) => {
          subscriber.error(new CapacityError(uri, previous?.subscriptions ?? 0, previous?.contactsPerSubscription ?? 0, refusal, index + 1));
        }));
      }
      return inner;
    }).pipe(
      finalize(() => {
        if (key !== undefined) this.count(key, index, -1);
      }),
      catchError((error: unknown) => {
        // Refused with no retry left (eventChannel.retry): the same as a refusal retried.
        if (index > 0 && error instanceof TooManyApplicationsError) throw new CapacityError(uri, previous?.subscriptions ?? 0, previous?.contactsPerSubscription ?? 0, error, index + 1);
        if (!(error instanceof CapacityError) || error.applications > 1) throw error;
        if (index + 1 < this.max) return this.on(index + 1, kind, uri, error);
        throw index === 0 ? error : new CapacityError(error.uri, error.subscriptions, error.contactsPerSubscription, error.cause, index + 1);
      }),
    );
  }

  private core(index: number): PresenceCore {
    let core = this.all[index];
    while (!core) {
      const created = createPresenceCore(this.options, this.all.length, this.reconcilerOptions);
      this.stopWatchingPage.push(watchPageLifetime(created.context.session));
      this.all.push(created);
      core = this.all[index];
    }
    return core;
  }

  /** The lowest application the contact is watched on now, else the client's own. */
  private startOf(uri: string): number {
    const key = keyOf(uri);
    const on = key === undefined ? undefined : this.placed.get(key);
    return on && on.size > 0 ? Math.min(...on.keys()) : 0;
  }

  private count(key: string, index: number, delta: number): void {
    const on = this.placed.get(key) ?? new Map<number, number>();
    const streams = (on.get(index) ?? 0) + delta;
    if (streams > 0) on.set(index, streams);
    else on.delete(index);
    if (on.size > 0) this.placed.set(key, on);
    else this.placed.delete(key);
  }
}

/** The contact's lower-case URI, or undefined for a malformed one (its stream errors on its own). */
function keyOf(uri: string): string | undefined {
  try {
    return sipKey(normaliseSipUri(uri));
  } catch {
    return undefined;
  }
}
