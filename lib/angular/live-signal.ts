import { DestroyRef, computed, effect, signal, untracked, type Injector, type Signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import type { LiveState } from '../operators/live-state.js';

/**
 * A signal of a live stream's {@link LiveState} (`loading`, `live`, `stale`, `error`), as the
 * `inject*` functions of `ucwa-rx/angular` return it. Read it in a template
 * (`@switch (presence().status)`); `reload()` subscribes again, e.g. from an error branch's button.
 */
export interface LiveSignal<T> extends Signal<LiveState<T>> {
  /** Subscribes to the stream again, from `loading` (after an `error`, or whenever asked). */
  reload(): void;
}

const LOADING: LiveState<never> = { status: 'loading' };

/**
 * Subscribes `open(key)` for the life of `injector` (a component's, or an environment's) and
 * holds its last state. A `key` function is tracked: when it gives another key, the stream is
 * switched (from `loading`); a fixed key is subscribed at once.
 */
export function liveSignal<K, T>(key: K | (() => K), open: (key: K) => Observable<LiveState<T>>, injector: Injector): LiveSignal<T> {
  const state = signal<LiveState<T>>(LOADING);
  let subscription: Subscription | undefined;
  let opened: { readonly key: K } | undefined;
  const start = (next: K): void => {
    subscription?.unsubscribe();
    opened = { key: next };
    state.set(LOADING);
    subscription = open(next).subscribe((value) => state.set(value));
  };
  if (typeof key === 'function') {
    const read = key as () => K;
    effect(
      () => {
        const next = read();
        untracked(() => {
          if (!opened || !Object.is(opened.key, next)) start(next);
        });
      },
      { injector },
    );
  } else start(key);
  injector.get(DestroyRef).onDestroy(() => subscription?.unsubscribe());
  const read = computed(() => state());
  return Object.assign(read, { reload: () => (opened ? start(opened.key) : undefined) });
}
