import { Observable, Subject } from 'rxjs';
import type { Leadership, ShareTransport } from './share-transport.js';

/** What the tabs transport uses of `document` (absent in workers). */
interface PageEvents {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** Page lifecycle events after which a tab gives up its lease, and those after which it stands again. */
const LEAVE = ['freeze', 'pagehide'] as const;
const RETURN = ['resume', 'pageshow'] as const;

/**
 * The browser transport: the tabs (and workers) of one profile and origin that use the same
 * `name` elect a leader with a Web Lock of that name and talk over a BroadcastChannel of that
 * name. The lock is released when the leader's tab closes or crashes (the browser does it), when
 * it is frozen, or when it goes into the back/forward cache; the next tab waiting gets it. The
 * fencing token is the time the lock was granted (the shared client raises it above every term
 * it has seen).
 */
export function tabsTransport(name: string): ShareTransport {
  const channel = new BroadcastChannel(name);
  const incoming = new Subject<unknown>();
  channel.onmessage = (event: MessageEvent<unknown>) => incoming.next(event.data);
  const page = (globalThis as { document?: PageEvents }).document;

  const leadership$ = new Observable<Leadership>((subscriber) => {
    let waiting: AbortController | undefined;
    let release: (() => void) | undefined;
    const stand = (): void => {
      if (waiting || release) return;
      const controller = (waiting = new AbortController());
      navigator.locks
        .request(name, { signal: controller.signal }, () => {
          waiting = undefined;
          // Held until this promise resolves: on withdrawal, or when the page goes away.
          return new Promise<void>((resolve) => {
            release = resolve;
            subscriber.next({ leading: true, token: Date.now() });
          });
        })
        .catch(() => undefined); // aborted while waiting
    };
    const withdraw = (): void => {
      waiting?.abort();
      waiting = undefined;
      if (!release) return;
      release();
      release = undefined;
      subscriber.next({ leading: false, token: 0 });
    };
    const leave = (event: Event): void => {
      // A tab that unloads for good releases the lock by itself; one kept in the cache must let go.
      if (event.type === 'freeze' || (event as PageTransitionEvent).persisted) withdraw();
    };
    const comeBack = (): void => stand();
    for (const type of LEAVE) page?.addEventListener(type, leave);
    for (const type of RETURN) page?.addEventListener(type, comeBack);
    stand();
    return () => {
      for (const type of LEAVE) page?.removeEventListener(type, leave);
      for (const type of RETURN) page?.removeEventListener(type, comeBack);
      waiting?.abort();
      release?.();
    };
  });

  return {
    messages$: incoming.asObservable(),
    publish: (message) => {
      channel.postMessage(message);
      // BroadcastChannel does not deliver to its sender: this participant gets its own copy too.
      const copy = structuredClone(message);
      queueMicrotask(() => incoming.next(copy));
    },
    leadership$,
    close: () => {
      channel.close();
      incoming.complete();
    },
  };
}
