import { defer, forkJoin, map, of, switchMap, take, type Observable } from 'rxjs';
import type { ContactResource } from '../../codecs/contact.js';
import { GroupCodec, MyGroupsCodec, type GroupResource, type MyGroupsResource } from '../../codecs/group.js';
import { hrefOf, linksOf } from '../../codecs/link.js';
import { PresenceSubscriptionCodec } from '../../codecs/subscriptions.js';
import { DecodeError } from '../../errors/decode-error.js';
import type { ResourceFetcher } from '../../events/resource-fetcher.js';
import { decodeResponse, requestResource, type Located } from '../../http/read-resource.js';
import type { Requester } from '../../http/transport.js';
import type { ApplicationSession } from '../application-session.js';
import type { ContactIndex } from '../contacts-and-groups/contact-index.js';
import { contactsOfCollection, readContactCollection } from '../contacts-and-groups/contact-collection.js';
import { toContacts } from '../contacts-and-groups/contacts.js';
import type { Contact } from '../contacts-and-groups/contact.js';
import { PRESENCE_DURATION, checkDuration } from '../duration.js';
import { peopleLink$ } from '../people.js';
import type { PresenceSubscription } from '../presence-subscriptions.js';
import { linkTarget, selfKey, selfTarget } from '../resource-link.js';
import { routingKey } from '../../http/href.js';
import { toGroup, type Group, type GroupKind, type MyGroups } from './group.js';

/** The groups a user has exactly one of. */
export type SingleKind = 'pinnedGroup' | 'defaultGroup';
type ListKind = 'group' | 'distributionGroup';

/**
 * The groups family as plain readers and the group presence operation (myGroups_ref,
 * group_ref, pinnedGroup_ref, defaultGroup_ref, distributionGroup_ref,
 * groupContacts_ref, subscribeToGroupPresence_ref). Each returns a cold Observable that
 * sends on subscription and completes. Groups myGroups embeds are used as they are; groups it
 * only links to are fetched together (one batch). Contacts read are remembered, so that
 * `client.contacts` and `presence$` find them without another lookup.
 */
export class Groups {
  constructor(
    private readonly send: Requester,
    private readonly fetcher: ResourceFetcher,
    private readonly session: ApplicationSession,
    private readonly index: ContactIndex,
    /** How long the application is kept after a read (the session's default if omitted; live streams with a grace of their own pass 0). */
    private readonly graceMs?: number,
  ) {}

  /** GET myGroups: the pinned, default, personal and distribution groups. */
  myGroups(): Observable<MyGroups> {
    return this.readMyGroups().pipe(
      switchMap((myGroups) =>
        forkJoin({
          pinnedGroup: this.single(myGroups, 'pinnedGroup', false),
          defaultGroup: this.single(myGroups, 'defaultGroup', false),
          groups: this.list(myGroups, 'group'),
          distributionGroups: this.list(myGroups, 'distributionGroup'),
        }),
      ),
    );
  }

  /** The pinned group (from myGroups; fetched when myGroups only links it). */
  pinnedGroup(): Observable<Group> {
    return this.readMyGroups().pipe(switchMap((myGroups) => this.single(myGroups, 'pinnedGroup', true) as Observable<Group>));
  }

  /** The default group ("Other Contacts"). */
  defaultGroup(): Observable<Group> {
    return this.readMyGroups().pipe(switchMap((myGroups) => this.single(myGroups, 'defaultGroup', true) as Observable<Group>));
  }

  /** GET a group: again from a {@link Group} read before, or from an href (absolute, or relative to the application). */
  group(target: Group | string): Observable<Group> {
    return defer(() => {
      if (typeof target !== 'string') return this.read(selfTarget(target.resource), target.kind);
      return this.session.observe(this.graceMs).pipe(
        take(1),
        map((application) => ({ href: target, base: application.url })),
        switchMap((at) => this.read(at, 'group')),
      );
    });
  }

  /**
   * GET a group's contacts (its groupContacts link). A distribution group without that link
   * gives the contacts it embeds or links to.
   */
  contacts(group: Group): Observable<readonly Contact[]> {
    return this.contactResources(group.resource, group.kind).pipe(map(toContacts));
  }

  /** The located contact resources of a group (for following their links); see {@link contacts}. */
  contactResources(resource: Located<GroupResource>, kind: GroupKind = 'group'): Observable<readonly Located<ContactResource>[]> {
    return defer(() => {
      const contacts$ = hrefOf(resource.value, 'groupContacts')
        ? readContactCollection(this.send, this.fetcher, linkTarget(resource, 'groupContacts', kind), 'groupContacts')
        : contactsOfCollection(resource, this.fetcher);
      return contacts$.pipe(
        map((contacts) => {
          this.index.remember(contacts);
          return contacts;
        }),
      );
    });
  }

  /**
   * POST the group's subscribeToGroupPresence link with `?duration=` (10-30 minutes): a presence
   * subscription to every member (manage it with `client.presenceSubscriptions`). The group's id
   * is added as `groupId` when the link does not carry one.
   */
  subscribeToGroupPresence(group: Group, duration: number): Observable<PresenceSubscription> {
    return defer(() => {
      checkDuration(duration, PRESENCE_DURATION.min, PRESENCE_DURATION.max);
      const at = linkTarget(group.resource, 'subscribeToGroupPresence', group.kind);
      const hasGroupId = /[?&]groupId=/i.test(at.href);
      const query = { duration, groupId: hasGroupId || group.id === '' ? undefined : group.id };
      return requestResource(this.send, { method: 'POST', ...at, query }, PresenceSubscriptionCodec, 'presenceSubscription');
    });
  }

  /** The group resource of a kind (embedded or fetched), for the live pinned group. */
  located(kind: SingleKind): Observable<Located<GroupResource>> {
    return this.readMyGroups().pipe(
      switchMap((myGroups) => this.single(myGroups, kind, true)),
      map((group) => (group as Group).resource),
    );
  }

  private readMyGroups(): Observable<Located<MyGroupsResource>> {
    return peopleLink$(this.session, 'myGroups', this.graceMs).pipe(switchMap((at) => requestResource(this.send, { method: 'GET', ...at }, MyGroupsCodec, 'myGroups')));
  }

  private read(at: { href: string; base: string }, kind: GroupKind): Observable<Group> {
    return this.fetcher.get(at.href, at.base).pipe(map((response) => this.remember(toGroup(decodeResponse(response, GroupCodec, 'group'), kind))));
  }

  private single(myGroups: Located<MyGroupsResource>, kind: SingleKind, required: boolean): Observable<Group | undefined> {
    const embedded = myGroups.value._embedded?.[kind];
    if (embedded) return of(this.remember(toGroup({ value: embedded, url: myGroups.url }, kind)));
    const href = hrefOf(myGroups.value, kind);
    if (href) return this.read({ href, base: myGroups.url }, kind);
    if (required) throw new DecodeError('myGroups', [{ path: `_links.${kind}`, expected: 'Link', actual: 'undefined' }]);
    return of(undefined);
  }

  private list(myGroups: Located<MyGroupsResource>, kind: ListKind): Observable<readonly Group[]> {
    const embedded = (myGroups.value._embedded?.[kind] ?? []).map((value) => this.remember(toGroup({ value, url: myGroups.url }, kind)));
    const known = new Set(embedded.map((group) => selfKey(group.resource)));
    const linked = linksOf(myGroups.value, kind).filter((link) => !known.has(routingKey(link.href, myGroups.url)));
    if (linked.length === 0) return of(embedded);
    return forkJoin(linked.map((link) => this.read({ href: link.href, base: myGroups.url }, kind))).pipe(map((fetched) => [...embedded, ...fetched]));
  }

  /** Remembers the contacts a group embeds (distribution groups). */
  private remember(group: Group): Group {
    const contacts = group.resource.value._embedded?.contact;
    if (contacts) this.index.remember(contacts.map((value) => ({ value, url: group.resource.url })));
    return group;
  }
}
