import { BehaviorSubject, Observable, Subject, distinctUntilChanged, ignoreElements, merge, share, timer, type SchedulerLike, type Subscription } from 'rxjs';
import type { Application } from '../codecs/application.js';
import { hrefOf } from '../codecs/link.js';
import { isUcwaError, type UcwaError } from '../errors/guards.js';
import type { Located } from '../http/read-resource.js';
import type { Requester } from '../http/transport.js';
import type { ApplicationSession } from '../resources/application-session.js';
import type { Clock } from '../time/clock.js';
import { HELD_PGET_CONNECTED_MS, PGET_TIMEOUT_SLACK_MS, normaliseChannelParameters, type EventChannelParameters } from './channel-parameters.js';
import { sameConnectionState } from './same-connection-state.js';
import { changesAfterTheTurn } from './changes-after-the-turn.js';
import { MOVE_MEMORY_MS, decideAfterReread, decideNextStep, moveDelay, type ChannelRetryPolicy, type LoopState, type LoopStep, type PollOutcome } from './channel-machine.js';
import { readApplication } from '../resources/application.js';
import type { ConnectionState, ResetReason, ResetSignal } from './connection-state.js';
import { EventRouter } from './event-router.js';
import { parseEventsResponse } from './parse-events-response.js';
import type { UcwaEvent } from './ucwa-event.js';

/** What {@link EventChannel} needs. */
export interface EventChannelOptions {
  readonly session: ApplicationSession;
  /** The raw transport: the loop owns every retry of its P-GETs. */
  readonly send: Requester;
  readonly clock: Clock;
  readonly scheduler: SchedulerLike;
  readonly parameters?: Partial<EventChannelParameters> | undefined;
  readonly retry?: ChannelRetryPolicy | undefined;
  /** How long the loop outlives its last subscriber, ms. */
  readonly graceMs: number;
}

/**
 * One event channel per application: a single P-GET loop, started by the first subscriber of
 * anything that needs events and stopped (the request in flight aborted) a grace period after
 * the last one leaves. Events go out in server order on `events$` and through a keyed router
 * to per-resource observers. Protocol conditions are handled by {@link decideNextStep}.
 */
export class EventChannel {
  private readonly router = new EventRouter();
  private readonly stateSubject = new BehaviorSubject<ConnectionState>({ status: 'idle' });
  private readonly resetSubject = new Subject<ResetSignal>();
  private readonly diagnosticSubject = new Subject<UcwaError>();
  private readonly responseSubject = new Subject<void>();
  private responses = 0;
  private delivered = 0;
  private resetCount = 0;
  private parameters: EventChannelParameters;
  private priority = 0;
  private parametersChanged = false;
  /** Set by close(): the state stays `closed` from then on. */
  private terminated = false;
  private replace: (() => void) | undefined;
  /** Moves to an application of our own within {@link MOVE_MEMORY_MS} of each other, and when the last one was. */
  private recentMoves = 0;
  private lastMoveAt = Number.NEGATIVE_INFINITY;

  /** Every event in server order; subscribing keeps the loop running, and it runs a grace period longer. */
  readonly events$: Observable<UcwaEvent>;
  /** The same events without the grace period: for internal users that apply their own. */
  readonly running$: Observable<UcwaEvent>;
  /** The connection state; see {@link ConnectionState}. The current one on subscription, each change in a microtask after it. */
  readonly state$: Observable<ConnectionState>;
  /** Transient-state resets: every live subscription must be recreated. */
  readonly resets$: Observable<ResetSignal> = this.resetSubject.asObservable();
  /** Ticks after each P-GET response the server released, once its events were delivered. */
  readonly responses$: Observable<void> = this.responseSubject.asObservable();
  /** Problems the library recovered from or skipped: malformed responses and events, failed refreshes. */
  readonly diagnostics$: Observable<UcwaError> = this.diagnosticSubject.asObservable();

  constructor(private readonly options: EventChannelOptions) {
    this.parameters = normaliseChannelParameters(options.parameters);
    // The current state at once, changes after the turn that made them: subscribing to a stream (which
    // may start the sign-in or the loop) never changes this one synchronously.
    this.state$ = this.stateSubject.pipe(distinctUntilChanged(sameConnectionState), changesAfterTheTurn());
    this.running$ = this.loop().pipe(share());
    this.events$ = this.running$.pipe(share({ resetOnRefCountZero: () => timer(options.graceMs, options.scheduler) }));
  }

  /** How many P-GET responses have been received (and their events delivered) so far. */
  get responseCount(): number {
    return this.responses;
  }

  /** The current connection state. */
  get state(): ConnectionState {
    return this.stateSubject.value;
  }

  /** Sets the connection state (the session reports `connecting` and `idle` through this). */
  report(state: ConnectionState): void {
    if (this.terminated) return;
    this.stateSubject.next(state);
  }

  /** Reports a problem that was recovered from or skipped (shown on `diagnostics$`). */
  diagnose(error: UcwaError): void {
    this.diagnosticSubject.next(error);
  }

  /** Events for the resource with this routing key (its target or its `in` collection); keeps the loop running (no grace). */
  on(key: string): Observable<UcwaEvent> {
    return merge(this.running$.pipe(ignoreElements()), this.router.route(key));
  }

  /** Events whose target has this rel; keeps the loop running. */
  onRel(rel: string): Observable<UcwaEvent> {
    return merge(this.running$.pipe(ignoreElements()), this.router.routeRel(rel));
  }

  /** The parameters in use. */
  get currentParameters(): EventChannelParameters {
    return this.parameters;
  }

  /**
   * Changes timeout/low/medium. The P-GET in flight is replaced at once by one carrying the
   * new values and a higher `priority`, so that the server keeps the newer one.
   */
  setParameters(parameters: Partial<EventChannelParameters>): void {
    this.parameters = normaliseChannelParameters({ ...this.parameters, ...parameters });
    this.priority += 1;
    this.parametersChanged = true;
    this.replace?.();
  }

  /** How many resources have routed listeners. */
  get routes(): { readonly keys: number; readonly rels: number } {
    return this.router.size;
  }

  /** Marks the channel closed: the state goes to `closed` and stays there. */
  close(): void {
    this.terminated = true;
    this.stateSubject.next({ status: 'closed' });
    this.stateSubject.complete();
    this.resetSubject.complete();
    this.diagnosticSubject.complete();
    this.responseSubject.complete();
  }

  /** Events delivered and resets signalled so far. */
  get counters(): { readonly events: number; readonly resets: number } {
    return { events: this.delivered, resets: this.resetCount };
  }

  private signalReset(reason: ResetReason): void {
    this.resetCount += 1;
    this.resetSubject.next({ reason, at: this.options.clock.now() });
  }

  private loop(): Observable<UcwaEvent> {
    return new Observable<UcwaEvent>((subscriber) => {
      const { session, send, clock } = this.options;
      const policy = this.options.retry;
      let application: Located<Application> | undefined;
      let state: LoopState | undefined;
      let inflight: Subscription | undefined;
      let cancelDelay: (() => void) | undefined;
      let cancelHeld: (() => void) | undefined;
      /** The reset to signal once the next application arrives (it was recreated, or we moved). */
      let pendingReset: ResetReason | undefined;

      const fail = (error: unknown): void => {
        stop();
        if (isUcwaError(error)) this.report({ status: 'closed', error });
        subscriber.error(error);
      };

      const stop = (): void => {
        this.replace = undefined;
        inflight?.unsubscribe();
        inflight = undefined;
        cancelDelay?.();
        cancelDelay = undefined;
        cancelHeld?.();
        cancelHeld = undefined;
      };

      /** Runs `action` after `delayMs` on the client clock (at once for 0). */
      const after = (delayMs: number, action: () => void): void => {
        if (delayMs <= 0) {
          action();
          return;
        }
        cancelDelay = clock.setTimer(() => {
          cancelDelay = undefined;
          action();
        }, delayMs);
      };

      const poll = (): void => {
        if (!state || !application) return;
        if (this.parametersChanged) {
          this.parametersChanged = false;
          state = { ...state, sendParameters: true };
        }
        const current = state;
        const query = current.sendParameters
          ? { ...this.parameters, ...(this.priority > 0 ? { priority: this.priority } : {}) }
          : undefined;
        if (current.failures === 0) this.report({ status: 'connected' });
        const request = send({
          method: 'GET',
          href: current.href,
          base: current.base,
          query,
          timeoutMs: this.parameters.timeout * 1000 + PGET_TIMEOUT_SLACK_MS,
        });
        this.replace = () => {
          inflight?.unsubscribe();
          poll();
        };
        inflight = request.subscribe({
          next: (response) => handle({ kind: 'response', parsed: parseEventsResponse(response.json, response.url), url: response.url }),
          error: (error: unknown) => handle({ kind: 'error', error }),
        });
        if (current.failures > 0 && inflight && !inflight.closed) {
          // A retry that is still held after a while reaches the server: connected, before its response.
          cancelHeld?.();
          cancelHeld = clock.setTimer(() => {
            cancelHeld = undefined;
            this.report({ status: 'connected' });
          }, HELD_PGET_CONNECTED_MS);
        }
      };

      /** Reads the application again and goes on from its events link ({@link decideAfterReread}). */
      const reread = (): void => {
        if (!state || !application) return;
        let read: Located<Application> | undefined;
        inflight = readApplication(send, application).subscribe({
          next: (fresh) => (read = fresh),
          error: (error: unknown) => {
            inflight = undefined;
            if (state) apply(decideAfterReread(state, { kind: 'error', error }, policy), false);
          },
          complete: () => {
            inflight = undefined;
            if (state && read) apply(decideAfterReread(state, { kind: 'application', value: read.value, url: read.url }, policy), false);
          },
        });
      };

      const handle = (outcome: PollOutcome): void => {
        inflight = undefined;
        this.replace = undefined;
        cancelHeld?.();
        cancelHeld = undefined;
        if (!state || !application) return;
        if (outcome.kind === 'response') for (const problem of outcome.parsed.problems) this.diagnosticSubject.next(problem);
        else if (isUcwaError(outcome.error) && outcome.error.kind === 'decode') this.diagnosticSubject.next(outcome.error);
        apply(decideNextStep(state, outcome, policy), outcome.kind === 'response');
      };

      /** Carries out a step; `released` when it follows a response the server released. */
      const apply = (step: LoopStep, released: boolean): void => {
        if (!state || !application) return;
        const current = application;
        switch (step.kind) {
          case 'fail':
            fail(step.error);
            return;
          case 'recreate':
            this.report({ status: 'reconnecting', reason: step.failure, attempt: state.failures + 1, retryInMs: 0 });
            state = undefined;
            pendingReset = 'applicationRecreated';
            session.recreate(current);
            return;
          case 'move': {
            const now = clock.now();
            this.recentMoves = now - this.lastMoveAt < MOVE_MEMORY_MS ? this.recentMoves + 1 : 1;
            this.lastMoveAt = now;
            const delayMs = moveDelay(this.recentMoves, policy);
            this.diagnosticSubject.next(step.failure);
            this.report({ status: 'reconnecting', reason: step.failure, attempt: this.recentMoves, retryInMs: delayMs });
            state = undefined;
            pendingReset = 'channelTakenOver';
            after(delayMs, () => session.moveToNewInstance(current));
            return;
          }
          case 'reread':
            state = step.state;
            this.diagnosticSubject.next(step.failure);
            this.report({ status: 'reconnecting', reason: step.failure, attempt: step.state.failures, retryInMs: step.delayMs });
            after(step.delayMs, reread);
            return;
          case 'poll': {
            state = step.state;
            if (step.failure) {
              this.report({ status: 'reconnecting', reason: step.failure, attempt: step.state.failures, retryInMs: step.delayMs });
            }
            after(step.delayMs, poll);
            for (const event of step.events) {
              if (subscriber.closed) return;
              this.delivered += 1;
              this.router.dispatch(event);
              subscriber.next(event);
            }
            if (step.reset) this.signalReset(step.reset);
            if (released && !step.failure) {
              this.responses += 1;
              this.responseSubject.next();
            }
          }
        }
      };

      const applications = session.observe(0).subscribe({
        next: (next) => {
          stop();
          const events = hrefOf(next.value, 'events');
          application = next;
          state = { href: events ?? '', base: next.url, failures: 0, resyncs: 0, sendParameters: true };
          poll();
          const reset = pendingReset;
          pendingReset = undefined;
          if (reset) this.signalReset(reset);
        },
        // The session keeps trying unless sign-in was refused for good: what reaches here is final.
        error: (error: unknown) => fail(error),
        complete: () => {
          stop();
          subscriber.complete();
        },
      });

      // The page went away (pagehide) and our instance was deleted: stop polling it; when the
      // session resumes, the next application starts the loop again and everything is re-established.
      applications.add(
        session.suspended$.subscribe(() => {
          stop();
          state = undefined;
          pendingReset = 'resumed';
        }),
      );

      return () => {
        stop();
        applications.unsubscribe();
        if (this.stateSubject.value.status !== 'closed') this.report({ status: 'idle' });
      };
    });
  }
}
