/** What the page's lifetime acts on: the client's application session. */
export interface PageLifetimeTarget {
  /** The page is going away: stop the channel and delete this client's instance (keepalive). */
  suspend(): void;
  /** The page came back from the back/forward cache: join the application again. */
  resume(): void;
}

/** The part of `PageTransitionEvent` read here. */
interface PageTransition {
  readonly persisted?: boolean;
}

/**
 * In a browser page, leaves the application when the page goes away and comes back with it:
 * on `pagehide` the client's instance is deleted with a request that outlives the page and the
 * event channel stops; on `pageshow` from the back/forward cache (`persisted`) the client joins
 * again and reconciliation re-establishes its state. No `unload` or `beforeunload` handler (they
 * keep a page out of the back/forward cache). Does nothing outside a page (Node, workers, the
 * Angular server platform). Returns what removes the listeners.
 */
export function watchPageLifetime(target: PageLifetimeTarget): () => void {
  if (typeof addEventListener !== 'function' || typeof removeEventListener !== 'function' || typeof document === 'undefined') return () => undefined;
  const hidden = (): void => target.suspend();
  const shown = (event: Event): void => {
    if ((event as PageTransition).persisted === true) target.resume();
  };
  addEventListener('pagehide', hidden);
  addEventListener('pageshow', shown);
  return () => {
    removeEventListener('pagehide', hidden);
    removeEventListener('pageshow', shown);
  };
}
