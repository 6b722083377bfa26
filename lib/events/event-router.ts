import { Observable } from 'rxjs';
import type { UcwaEvent } from './ucwa-event.js';

type Listener = (event: UcwaEvent) => void;

function add(map: Map<string, Set<Listener>>, key: string, listener: Listener): () => void {
  let listeners = map.get(key);
  if (!listeners) {
    listeners = new Set();
    map.set(key, listeners);
  }
  listeners.add(listener);
  return () => {
    const current = map.get(key);
    if (!current) return;
    current.delete(listener);
    if (current.size === 0) map.delete(key);
  };
}

function notify(listeners: Set<Listener> | undefined, event: UcwaEvent): void {
  if (!listeners) return;
  if (listeners.size === 1) {
    for (const listener of listeners) listener(event);
    return;
  }
  for (const listener of [...listeners]) listener(event);
}

/**
 * Splits the event stream by resource: a keyed map from routing key (see routingKey) to the
 * listeners of that resource, and from rel to the listeners of every resource of a kind.
 * Dispatch costs a few map lookups per event, whatever the number of listeners.
 * An event reaches the listeners of its target, of its `in` collection and of its rel.
 */
export class EventRouter {
  private readonly byKey = new Map<string, Set<Listener>>();
  private readonly byRel = new Map<string, Set<Listener>>();

  /** Delivers one event to everyone listening to its target, its collection or its rel. */
  dispatch(event: UcwaEvent): void {
    notify(this.byKey.get(event.key), event);
    if (event.inKey !== undefined && event.inKey !== event.key) notify(this.byKey.get(event.inKey), event);
    notify(this.byRel.get(event.link.rel.toLowerCase()), event);
  }

  /** Events whose target or `in` collection has this routing key (hot: only while subscribed). */
  route(key: string): Observable<UcwaEvent> {
    return new Observable<UcwaEvent>((subscriber) => add(this.byKey, key, (event) => subscriber.next(event)));
  }

  /** Events whose target has this rel, e.g. `contactPresence` (hot: only while subscribed). */
  routeRel(rel: string): Observable<UcwaEvent> {
    return new Observable<UcwaEvent>((subscriber) => add(this.byRel, rel.toLowerCase(), (event) => subscriber.next(event)));
  }

  /** How many resources and rels have listeners (for diagnostics and leak tests). */
  get size(): { readonly keys: number; readonly rels: number } {
    return { keys: this.byKey.size, rels: this.byRel.size };
  }
}
