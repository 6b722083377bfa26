import { defer, type Observable } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { InvalidArgumentError } from '../../errors/argument-errors.js';
import { MeKeeper } from './me-keeper.js';
import { PREFERRED_AVAILABILITIES, type Me, type MeOptions, type MyLocation, type MyNote, type MyPresence, type PreferredAvailability } from './me-types.js';

/** The signed-in user's side of a client: who she is, her presence, note and location, live and writable. */
export interface MeResources {
  /** Who the user is (me_ref.md), kept current by its `updated` events. Does not make her available. */
  readonly me$: Observable<Me>;
  /** Her presence as her contacts see it, live; subscribing makes her available (makeMeAvailable). */
  readonly myPresence$: Observable<MyPresence>;
  /** Her note, live; subscribing makes her available. */
  readonly myNote$: Observable<MyNote>;
  /** Her location, live; subscribing makes her available. */
  readonly myLocation$: Observable<MyLocation>;
  /** Sets her availability; completes when the server accepted it. Set again after a resume or a new application. */
  setMyPresence(availability: PreferredAvailability): Observable<void>;
  /** Returns her presence to automatic (the server's choice from her activity and calendar). */
  resetMyPresence(): Observable<void>;
  /** Sets her personal note; completes when the server accepted it. */
  setMyNote(message: string): Observable<void>;
  /** Clears her personal note. */
  resetMyNote(): Observable<void>;
  /** Sets her location (at most 60 characters, location_ref.md); completes when the server accepted it. */
  setMyLocation(location: string): Observable<void>;
  /** Clears her location. */
  resetMyLocation(): Observable<void>;
  /** Completes the streams and errors pending writes (the application's deletion ends the rest). */
  close(): void;
}

/** The canonical spelling of an availability the user may ask for, or a typed error. */
export function preferredAvailability(value: unknown): PreferredAvailability {
  const wanted = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  const found = PREFERRED_AVAILABILITIES.find((candidate) => candidate.toLowerCase() === wanted);
  if (!found) throw new InvalidArgumentError('availability', PREFERRED_AVAILABILITIES.join(', '), JSON.stringify(String(value).slice(0, 40)));
  return found;
}

function text(value: unknown, argument: string): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(argument, 'a string', typeof value);
  return value;
}

/** Builds the signed-in user's resources of one client (see {@link MeKeeper}). */
export function createMeResources(context: ClientContext, options?: MeOptions | undefined): MeResources {
  const keeper = new MeKeeper(context, options);
  const write = (rel: 'presence' | 'note' | 'location', body: () => Readonly<Record<string, string>>): Observable<void> =>
    defer(() => keeper.write(rel, body()));
  return {
    me$: keeper.me$,
    myPresence$: keeper.value$('presence'),
    myNote$: keeper.value$('note'),
    myLocation$: keeper.value$('location'),
    setMyPresence: (availability) => write('presence', () => ({ availability: preferredAvailability(availability) })),
    // An empty body resets presence (presence_ref.md); a blank message or location clears them.
    resetMyPresence: () => write('presence', () => ({})),
    setMyNote: (message) => write('note', () => ({ message: text(message, 'message') })),
    resetMyNote: () => write('note', () => ({ message: '' })),
    setMyLocation: (location) => write('location', () => ({ location: text(location, 'location') })),
    resetMyLocation: () => write('location', () => ({ location: '' })),
    close: () => keeper.close(),
  };
}
