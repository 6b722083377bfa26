import { Observable, type OperatorFunction } from 'rxjs';
import type { ConnectionState } from '../events/connection-state.js';

/**
 * One value of a live stream as a template shows it, all in one object (like Angular's
 * `resource` or Apollo's `{ data, loading, error }`), made by {@link liveState}:
 *
 * - `loading`: no value yet (signing in, subscribing, the first GET).
 * - `live`: `value` is the server's latest; the connection is up.
 * - `stale`: `value` is the last one received, but the connection is recovering (`connection` says
 *   how: `reconnecting` with its reason, or `connecting` while the application is created again),
 *   so it may be out of date. Nothing to do: it turns `live` again by itself.
 * - `error`: the stream ended with a permanent condition of its own (an unknown contact, a refusal,
 *   a refused sign-in, the client closed). Subscribing again (Angular: `reload()`) tries again.
 */
export type LiveState<T> =
  | {
      /** No value yet. */
      readonly status: 'loading';
      /** None yet. */
      readonly value?: undefined;
      /** None. */
      readonly error?: undefined;
    }
  | {
      /** The value is the server's latest. */
      readonly status: 'live';
      /** The latest value. */
      readonly value: T;
      /** None. */
      readonly error?: undefined;
    }
  | {
      /** The value may be out of date: the connection is recovering. */
      readonly status: 'stale';
      /** The last value received. */
      readonly value: T;
      /** None. */
      readonly error?: undefined;
      /** The connection meanwhile (`reconnecting` with its reason and attempt, or `connecting`). */
      readonly connection: ConnectionState;
    }
  | {
      /** The stream ended with an error. */
      readonly status: 'error';
      /** None. */
      readonly value?: undefined;
      /** Why: a typed `UcwaError` from the library (anything else thrown is wrapped in an `Error`). */
      readonly error: Error;
    };

/** The `status` of a {@link LiveState}. */
export type LiveStatus = LiveState<unknown>['status'];

/** What {@link liveState} reads the connection from: a client, or anything with its `connectionState$`. */
export interface ConnectionSource {
  /** The connection state, current value first (as `UcwaClient.connectionState$`). */
  readonly connectionState$: Observable<ConnectionState>;
}

/**
 * Turns a live stream of the client (`presence$(uri)`, `pinnedGroup$`, ...) into {@link LiveState}s:
 * `loading` until the first value, `live` while connected, `stale` while the connection recovers,
 * `error` if the stream errors (then it completes). Emits only when the state changes; a value
 * already known when subscribing (another subscriber has it) comes at once as `live`.
 *
 * ```ts
 * client.presence$('sip:bob@contoso.com').pipe(liveState(client)).subscribe((state) => {
 *   if (state.status === 'error') log.warn(`bob: ${state.error.message}`);
 *   else if (state.value) show(state.value.availability, state.status === 'stale');
 * });
 * ```
 */
export function liveState<T>(connection: ConnectionSource): OperatorFunction<T, LiveState<T>> {
  return (source) =>
    new Observable<LiveState<T>>((subscriber) => {
      let starting = true;
      let current: ConnectionState = { status: 'idle' };
      let latest: { readonly value: T } | undefined;
      let last: LiveState<T> | undefined;
      const emit = (state: LiveState<T>): void => {
        if (last && sameLiveState(last, state)) return;
        last = state;
        subscriber.next(state);
      };
      const update = (): void => {
        if (starting || subscriber.closed || last?.status === 'error') return;
        if (!latest) return emit({ status: 'loading' });
        if (current.status === 'connected') return emit({ status: 'live', value: latest.value });
        emit({ status: 'stale', value: latest.value, connection: current });
      };
      const connectionSubscription = connection.connectionState$.subscribe({
        next: (state) => {
          // `closed` ends the streams themselves (error or completion): the value does not go stale for it.
          if (state.status === 'closed' || state.status === 'idle') return;
          current = state;
          update();
        },
        error: () => undefined,
      });
      const sourceSubscription = source.subscribe({
        next: (value) => {
          latest = { value };
          // The stream delivers only while its server state is up: a value proves the connection for now.
          if (current.status === 'idle' || current.status === 'connecting') current = { status: 'connected' };
          update();
        },
        error: (error: unknown) => {
          emit({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
          subscriber.complete();
        },
        complete: () => {
          // A stream that ends without a value (an inert client on the server) still shows its loading state.
          if (!last) {
            starting = false;
            update();
          }
          subscriber.complete();
        },
      });
      starting = false;
      update();
      return () => {
        connectionSubscription.unsubscribe();
        sourceSubscription.unsubscribe();
      };
    });
}

function sameLiveState<T>(a: LiveState<T>, b: LiveState<T>): boolean {
  if (a.status !== b.status || a.value !== b.value || a.error !== b.error) return false;
  if (a.status === 'stale' && b.status === 'stale') return a.connection === b.connection;
  return true;
}
