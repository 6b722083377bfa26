import { EMPTY, Observable, catchError, combineLatest, concat, debounceTime, defer, filter, map, merge, share, switchMap } from 'rxjs';
import type { Contact, ContactNote, ContactPresence, UcwaClient } from '../index.js';
import { sipKey } from '../resources/sip-uri.js';
import { mergeByKey } from './merge-by-key.js';

/** Which part of the list a contact belongs to. */
export type RosterSection = 'pinned' | 'contacts' | 'selected';

/** One contact to watch. */
export interface RosterEntry {
  readonly uri: string;
  /** Lower-case SIP URI: rows and presence values meet on it. */
  readonly key: string;
  readonly name?: string | undefined;
  readonly section: RosterSection;
}

/** What {@link watchContacts} emits: the list to show, or a presence value or note of one of its contacts. */
export type WatchUpdate =
  | { readonly kind: 'roster'; readonly entries: readonly RosterEntry[]; readonly pinnedGroupName?: string | undefined }
  | { readonly kind: 'presence'; readonly key: string; readonly presence: ContactPresence }
  | { readonly kind: 'note'; readonly key: string; readonly note: ContactNote };

/** Debounce of contact-list re-reads after contacts were added or removed. */
const REREAD_DEBOUNCE_MS = 100;

/**
 * The contacts to show, their live presence and their notes. Without `uris`: the pinned group (live), then
 * the other contacts of myContacts by name (read again after contacts are added or removed and
 * after a reset). With `uris`: just those, named when they are in the user's contacts.
 * A roster always comes before the presence of its contacts; errors are the client's typed errors.
 */
export function watchContacts(client: UcwaClient, uris: readonly string[] = []): Observable<WatchUpdate> {
  return defer(() => {
    const roster$ = (uris.length > 0 ? selectedRoster$(client, uris) : contactListRoster$(client)).pipe(share());
    const presence$ = roster$.pipe(
      map((update) => update.entries),
      mergeByKey(
        (entry) => entry.key,
        (entry) =>
          merge(
            client.presence$(entry.uri).pipe(map((presence): WatchUpdate => ({ kind: 'presence', key: entry.key, presence }))),
            client.note$(entry.uri).pipe(map((note): WatchUpdate => ({ kind: 'note', key: entry.key, note }))),
          ),
      ),
    );
    return merge(roster$, presence$);
  });
}

function selectedRoster$(client: UcwaClient, uris: readonly string[]): Observable<WatchUpdate & { kind: 'roster' }> {
  const entries = uris.map((uri): RosterEntry => ({ uri, key: sipKey(uri), section: 'selected' }));
  // Names are a nicety: a contact outside the user's list is shown by URI.
  const named$ = client.contacts.myContacts().pipe(
    map((contacts) => {
      const names = new Map(contacts.map((c) => [safeKey(c.uri), c.name] as const));
      return entries.map((entry) => ({ ...entry, name: names.get(entry.key) }));
    }),
    catchError(() => EMPTY),
  );
  return concat(defer(() => [entries]), named$).pipe(map((list) => ({ kind: 'roster' as const, entries: list })));
}

function contactListRoster$(client: UcwaClient): Observable<WatchUpdate & { kind: 'roster' }> {
  const listChanged$ = merge(
    client.resets$,
    client.events$.pipe(filter((event) => event.link.rel === 'contact' && event.in?.rel === 'myContacts' && (event.type === 'added' || event.type === 'deleted'))),
  ).pipe(debounceTime(REREAD_DEBOUNCE_MS));
  // The first read must succeed; later re-reads keep the list shown so far when they fail.
  const myContacts$ = concat(
    client.contacts.myContacts(),
    listChanged$.pipe(switchMap(() => client.contacts.myContacts().pipe(catchError(() => EMPTY)))),
  );
  return combineLatest([client.pinnedGroup$, myContacts$]).pipe(
    map(([pinned, contacts]) => ({ kind: 'roster' as const, entries: orderRoster(pinned.contacts, contacts), pinnedGroupName: pinned.name })),
  );
}

/** The pinned contacts in group order, then the other contacts by name (URI when unnamed). */
export function orderRoster(pinned: readonly Contact[], contacts: readonly Contact[]): RosterEntry[] {
  const seen = new Set<string>();
  const entry = (contact: Contact, section: RosterSection): RosterEntry[] => {
    const key = safeKey(contact.uri);
    if (key === undefined || seen.has(key)) return [];
    seen.add(key);
    return [{ uri: contact.uri, key, name: contact.name, section }];
  };
  const first = pinned.flatMap((c) => entry(c, 'pinned'));
  const label = (c: Contact): string => (c.name ?? c.uri.replace(/^sip:/i, '')).toLowerCase();
  const rest = [...contacts].sort((a, b) => label(a).localeCompare(label(b))).flatMap((c) => entry(c, 'contacts'));
  return [...first, ...rest];
}

/** The lower-case SIP URI, or undefined for an address presence cannot be asked for (e.g. `tel:`). */
function safeKey(uri: string): string | undefined {
  try {
    return sipKey(uri);
  } catch {
    return undefined;
  }
}
