import { EMPTY, Observable, ReplaySubject, Subject, catchError, defer, distinctUntilChanged, filter, map, merge, mergeMap, of, retry, scan, share, switchMap, takeUntil, tap, throwError, timer } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { ContactCodec, type ContactResource } from '../../codecs/contact.js';
import { decodeOrThrow } from '../../codecs/decode.js';
import { GroupCodec } from '../../codecs/group.js';
import { isUcwaError } from '../../errors/guards.js';
import { backoffDelay } from '../../operators/backoff.js';
import { classifyFailure } from '../reconcile/failure-class.js';
import type { UcwaEvent } from '../../events/ucwa-event.js';
import { decodeResponse, type Located } from '../../http/read-resource.js';
import type { ContactIndex } from '../contacts-and-groups/contact-index.js';
import { toContact, type Contact } from '../contacts-and-groups/contact.js';
import { selfKey, selfTarget } from '../resource-link.js';
import type { GroupResource } from '../../codecs/group.js';
import { initialMembers, reduceMembers, type GroupMembers, type MemberChange } from './group-members.js';
import type { Groups } from './groups.js';

/** What `client.pinnedGroup$` emits: the pinned group and its contacts, kept up to date. */
export interface PinnedGroup {
  /** The group's id. */
  readonly id: string;
  /** The group's name, e.g. `Pinned Contacts`. */
  readonly name: string;
  /** The members, in list order; contacts added later come last. */
  readonly contacts: Contact[];
}

/**
 * The live pinned group, shared per client. It keeps the contacts-and-groups subscription
 * started (the one `myContactsAndGroupsSubscription$` shows) and, after every start of it and
 * every reset (when its events may have been missed), reads the pinned group from myGroups and
 * its groupContacts. Then `contact added` in the group fetches just that contact (batched with
 * others of the same events response), `contact deleted` drops it by its href, `pinnedGroup
 * updated` reads the group again. Any failure marks the group stale: it is read again after a
 * jittered backoff, while subscribers keep the last value; only a refusal of the group itself
 * (a 4xx that repeating cannot fix) errors the stream. Values are emitted only when something
 * changed; unchanged contacts keep their identity.
 */
export class PinnedGroupStream {
  /** The live pinned group. */
  readonly pinnedGroup$: Observable<PinnedGroup>;
  private readonly contactCache = new WeakMap<ContactResource, Contact | undefined>();
  private lastEmitted = new Map<string, Contact>();
  /** Asks for the group to be read again (it went stale after a failure). */
  private readonly reloads = new Subject<void>();
  /** Consecutive failed reads, for the backoff. */
  private failures = 0;
  private cancelReload: (() => void) | undefined;
  private readonly closing = new Subject<void>();

  constructor(
    private readonly context: ClientContext,
    generation$: Observable<number>,
    private readonly groups: Groups,
    private readonly index: ContactIndex,
  ) {
    const { graceMs, scheduler } = context;
    this.pinnedGroup$ = merge(generation$, this.reloads).pipe(
      switchMap(() =>
        this.load().pipe(
          tap(() => (this.failures = 0)),
          retry({ delay: (error: unknown) => this.retryDelay(error) }),
        ),
      ),
      distinctUntilChanged(samePinnedGroup),
      takeUntil(this.closing),
      share({ connector: () => new ReplaySubject<PinnedGroup>(1), resetOnRefCountZero: () => timer(graceMs, scheduler) }),
    );
  }

  /** Completes the stream (the client is closing). */
  close(): void {
    this.cancelReload?.();
    this.closing.next();
    this.closing.complete();
    this.reloads.complete();
  }

  /** The group read afresh, followed by its events. */
  private load(): Observable<PinnedGroup> {
    return this.groups.located('pinnedGroup').pipe(
      switchMap((group) => {
        const key = selfKey(group);
        const events$ = this.context.channel.on(key).pipe(share());
        let seq = 0;
        const memberEvents$ = events$.pipe(
          filter((event) => event.link.rel.toLowerCase() === 'contact' && event.inKey === key && (event.type === 'added' || event.type === 'deleted')),
          map((event) => ({ event, seq: seq++ })),
          mergeMap(({ event, seq: n }) => this.memberChange(event, n)),
        );
        const groupUpdates$ = events$.pipe(
          filter((event) => event.key === key && event.type === 'updated'),
          switchMap(() => this.rereadGroup(group)),
        );
        const changes$ = merge(memberEvents$, groupUpdates$, this.readContacts(group));
        return changes$.pipe(
          scan(reduceMembers, initialMembers(group)),
          filter((state) => state.loaded),
          map((state) => this.toPinnedGroup(state)),
        );
      }),
    );
  }

  /** A failed read is tried again after a jittered backoff; a refusal of the group ends the stream. */
  private retryDelay(error: unknown): Observable<unknown> {
    const failure = classifyFailure(error);
    if (failure === 'refused' || failure === 'limit') return throwError(() => error);
    if (isUcwaError(error)) this.context.channel.diagnose(error);
    this.failures += 1;
    return timer(backoffDelay(this.failures, this.context.requeueBackoff), this.context.scheduler);
  }

  /** Something the group is built from could not be read: read it all again after a backoff. */
  private stale(error: unknown): Observable<never> {
    if (isUcwaError(error)) this.context.channel.diagnose(error);
    if (!this.cancelReload) {
      this.failures += 1;
      this.cancelReload = this.context.clock.setTimer(() => {
        this.cancelReload = undefined;
        this.reloads.next();
      }, backoffDelay(this.failures, this.context.requeueBackoff));
    }
    return EMPTY;
  }

  private readContacts(group: Located<GroupResource>): Observable<MemberChange> {
    return this.groups.contactResources(group, 'pinnedGroup').pipe(map((contacts): MemberChange => ({ kind: 'loaded', contacts })));
  }

  private memberChange(event: UcwaEvent, seq: number): Observable<MemberChange> {
    if (event.type === 'deleted') return of({ kind: 'deleted', seq, key: event.key });
    // An embedded contact saves the GET; otherwise a fresh one (batched with the other fetches of this events response).
    const contact$ = defer(() =>
      event.resource !== undefined
        ? of<Located<ContactResource>>({ value: decodeOrThrow(ContactCodec, event.resource, 'contact'), url: event.base })
        : this.context.fetcher.get(event.link.href, event.base, true).pipe(map((response) => decodeResponse(response, ContactCodec, 'contact'))),
    );
    return contact$.pipe(
      map((contact): MemberChange => {
        this.index.remember([contact]);
        return { kind: 'added', seq, key: event.key, contact };
      }),
      catchError((error: unknown) => this.stale(error)),
    );
  }

  private rereadGroup(group: Located<GroupResource>): Observable<MemberChange> {
    const at = selfTarget(group);
    return this.context.fetcher.get(at.href, at.base, true).pipe(
      map((response): MemberChange => ({ kind: 'group', group: decodeResponse(response, GroupCodec, 'pinnedGroup') })),
      catchError((error: unknown) => this.stale(error)),
    );
  }

  /** The public value; a contact equal to the one emitted before under the same href is that same object. */
  private toPinnedGroup(state: GroupMembers): PinnedGroup {
    const emitted = new Map<string, Contact>();
    const contacts = [...state.contacts].flatMap(([key, resource]) => {
      let contact = this.contactCache.get(resource.value);
      if (!this.contactCache.has(resource.value)) {
        contact = toContact(resource.value);
        const previous = this.lastEmitted.get(key);
        if (contact && previous && sameContact(previous, contact)) contact = previous;
        this.contactCache.set(resource.value, contact);
      }
      if (!contact) return [];
      emitted.set(key, contact);
      return [contact];
    });
    this.lastEmitted = emitted;
    return { id: state.group.value.id ?? '', name: state.group.value.name ?? '', contacts };
  }

}

function sameContact(a: Contact, b: Contact): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Contact)[]);
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) && Array.isArray(y) ? x.length !== y.length || x.some((v, i) => v !== y[i]) : x !== y) return false;
  }
  return true;
}

function samePinnedGroup(a: PinnedGroup, b: PinnedGroup): boolean {
  return a.id === b.id && a.name === b.name && a.contacts.length === b.contacts.length && a.contacts.every((contact, i) => contact === b.contacts[i]);
}
