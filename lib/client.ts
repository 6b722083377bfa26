import { defer, from, merge, switchMap, type Observable } from 'rxjs';
import type { UcwaClientOptions } from './client-options.js';
import { watchPageLifetime } from './identity/page-lifetime.js';
import type { UcwaError } from './errors/guards.js';
import type { ConnectionState, ResetSignal } from './events/connection-state.js';
import type { UcwaEvent } from './events/ucwa-event.js';
import { PRESENCE_DURATION, checkDuration } from './resources/duration.js';
import type { PresenceSubscriptions } from './resources/presence-subscriptions.js';
import { DEFAULT_MAX_APPLICATIONS, OverflowApplications, checkMaxApplications } from './resources/presence/overflow-applications.js';
import { createPresenceCore } from './resources/presence/presence-core.js';
import { PRESENCE } from './resources/presence/presence-value.js';
import type { FacetKind } from './resources/presence/facet-kind.js';
import { checkContactsPerSubscription } from './resources/presence/subscription-limits.js';
import { lazyContactsAndGroupsResources } from './resources/contacts-and-groups/lazy-contacts-and-groups.js';
import type { ContactsAndGroupsSubscriptionOperations } from './resources/contacts-and-groups/subscription-operations.js';
import type { ContactsAndGroupsSubscriptionStatus } from './resources/contacts-and-groups/subscription-status.js';
import type { Contacts } from './resources/contacts-and-groups/contacts.js';
import type { Groups } from './resources/groups/groups.js';
import type { PinnedGroup } from './resources/groups/pinned-group.js';
import type { ContactPresence } from './codecs/presence.js';
import type { ClientStatus } from './client-status.js';
import type { EventChannelParameters } from './events/channel-parameters.js';
import { lazyMeResources } from './resources/me/lazy-me.js';
import type { MeResources } from './resources/me/me-resources.js';
import type { ContactCapabilities } from './resources/presence/contact-facets.js';
import type { ContactLocation, ContactNote } from './resources/contacts-and-groups/contact.js';
import type { People } from './resources/search/people-search.js';
import type { Photos } from './resources/photos/photos.js';
import { lazyService, once } from './util/lazy-service.js';
import { canShareTabs, lazySharedClient } from './share/lazy-shared-client.js';

/** A UCWA client: every resource an Observable, one shared event channel, nothing running until subscribed. */
export interface UcwaClient extends Omit<MeResources, 'close'> {
  /** Every event in server order. Subscribing signs in, creates the application and starts the event channel. */
  readonly events$: Observable<UcwaEvent>;
  /** Connection state: idle, connecting, connected, reconnecting (with the reason), closed. */
  readonly connectionState$: Observable<ConnectionState>;
  /** Transient-state resets (resume, resync, application recreated): live subscriptions are recreated. */
  readonly resets$: Observable<ResetSignal>;
  /** Problems recovered from or skipped (malformed responses and events, failed refreshes), as typed errors. */
  readonly diagnostics$: Observable<UcwaError>;
  /**
   * The live presence of one contact (`sip:bob@contoso.com`): the current value first, then
   * every change. Subscribers share pooled server subscriptions, kept alive while subscribed.
   */
  presence$(uri: string): Observable<ContactPresence>;
  /** A contact's note, live (`contactNote updated` events), pooled in the same server subscriptions as `presence$`. */
  note$(uri: string): Observable<ContactNote>;
  /** A contact's location, live, pooled like `presence$`. */
  location$(uri: string): Observable<ContactLocation>;
  /** What a contact can do now (messaging, audio, video...), live, pooled like `presence$`: for enabling buttons. */
  capabilities$(uri: string): Observable<ContactCapabilities>;
  /** Search the organisation's address book (anyone, not only the contact list). */
  readonly people: People;
  /** Photos of the user and of anyone the server knows, as bytes, cached. */
  readonly photos: Photos;
  /** Presence subscriptions as plain operations (create, extend, delete, memberships, ...). */
  readonly presenceSubscriptions: PresenceSubscriptions;
  /**
   * The contacts-and-groups subscription: `{ state, expiresAt?, refreshes, starts }`, emitted whenever
   * it changes. Subscribing starts it, it is refreshed while subscribed and started again after
   * a reset; a grace period after the last subscriber leaves it is stopped.
   */
  readonly myContactsAndGroupsSubscription$: Observable<ContactsAndGroupsSubscriptionStatus>;
  /**
   * The pinned group `{ id, name, contacts }`, live: contacts added and removed show up as the
   * server reports them. Keeps the contacts-and-groups subscription started (the same one).
   */
  readonly pinnedGroup$: Observable<PinnedGroup>;
  /** Groups as plain readers: myGroups, pinnedGroup, defaultGroup, group, contacts, subscribeToGroupPresence. */
  readonly groups: Groups;
  /** Contacts as plain readers: myContacts, contact, note, location (by SIP URI). */
  readonly contacts: Contacts;
  /** The contacts-and-groups subscription as plain operations (get, startOrRefresh, stop). */
  readonly contactsAndGroupsSubscription: ContactsAndGroupsSubscriptionOperations;
  /**
   * Changes the event channel's `timeout`, `low` and `medium` (seconds, clamped to the documented
   * ranges). The P-GET in flight is replaced by one with the new values and a higher `priority`.
   */
  setEventChannelParameters(parameters: Partial<EventChannelParameters>): void;
  /** What the client is doing now: connection, server subscriptions, counters. */
  status(): ClientStatus;
  /** Stops the event channel and deletes the application (and with it every subscription). Streams complete. */
  close(): Promise<void>;
}

/**
 * Creates a client. Nothing is sent until something is subscribed: the first subscriber
 * signs in and creates the application, the last one leaving deletes it after a grace period.
 * In a browser, the tabs of one profile share one client (docs/tabs.md) unless `share` is false.
 */
export function createUcwaClient(options: UcwaClientOptions): UcwaClient {
  return options.share !== false && canShareTabs() ? lazySharedClient(options, createOwnClient) : createOwnClient(options);
}

/** The client of this tab or process alone. */
function createOwnClient(options: UcwaClientOptions): UcwaClient {
  const reconcilerOptions = {
    durationMinutes: checkDuration(options.presence?.durationMinutes ?? PRESENCE_DURATION.max, PRESENCE_DURATION.min, PRESENCE_DURATION.max, 'presence.durationMinutes'),
    maxContactsPerSubscription: checkContactsPerSubscription(options.presence?.maxContactsPerSubscription ?? 250),
    refreshMarginMs: 60_000,
  };
  const maxApplications = checkMaxApplications(options.presence?.maxApplications ?? DEFAULT_MAX_APPLICATIONS);
  const main = createPresenceCore(options, 0, reconcilerOptions);
  const { context, directory, streams: presence } = main;
  const { channel, session } = context;
  // Contacts the client's own application has no room for go to overflow applications of the user.
  const applications = new OverflowApplications(options, reconcilerOptions, main, maxApplications);
  const contactList = lazyContactsAndGroupsResources(context, directory);
  const me = lazyMeResources(context, options.me);
  const people = once(async () => new (await import('./resources/search/people-search.js')).PeopleSearch(context.send, session, directory));
  const photos = once(async () => new (await import('./resources/photos/photos.js')).Photos(context, directory, await people(), options.photos));
  const facets = once(() => import('./resources/presence/contact-facets.js'));
  // In a browser page: leave the application on pagehide, join again on a bfcache restore.
  const stopWatchingPage = watchPageLifetime(session);
  // The kinds of values other than presence come with their readers, on first use.
  const facet$ = <T>(pick: (kinds: Awaited<ReturnType<typeof facets>>) => FacetKind<T>) => (uri: string): Observable<T> =>
    defer(() => from(facets())).pipe(switchMap((kinds) => applications.value$(pick(kinds), uri)));
  return {
    ...me,
    presence$: (uri) => applications.value$(PRESENCE, uri),
    note$: facet$((kinds) => kinds.NOTE),
    location$: facet$((kinds) => kinds.LOCATION),
    capabilities$: facet$((kinds) => kinds.CAPABILITIES),
    people: lazyService<People>(people),
    photos: lazyService(photos),
    setEventChannelParameters: (parameters) => channel.setParameters(parameters),
    status: () => {
      const cores = applications.cores;
      const subscriptions = cores.flatMap((core) => core.reconciler.serverSubscriptions);
      return {
        connection: channel.state,
        presenceSubscriptions: subscriptions.map((s) => ({ id: s.id, members: s.members, expiresAt: new Date(s.expiresAt) })),
        watchedContacts: subscriptions.reduce((sum, s) => sum + s.members, 0),
        counters: {
          ...channel.counters,
          presenceExtensions: cores.reduce((sum, core) => sum + core.reconciler.extensions, 0),
          requests: cores.reduce((sum, core) => sum + core.context.requestCount(), 0),
        },
      };
    },
    // Plain operations few apps use: loaded on first use.
    presenceSubscriptions: lazyService(async () => new (await import('./resources/presence-subscriptions.js')).PresenceSubscriptions(context.send, session)),
    myContactsAndGroupsSubscription$: contactList.myContactsAndGroupsSubscription$,
    pinnedGroup$: contactList.pinnedGroup$,
    groups: contactList.groups,
    contacts: contactList.contacts,
    contactsAndGroupsSubscription: contactList.contactsAndGroupsSubscription,
    events$: channel.events$,
    connectionState$: channel.state$,
    resets$: channel.resets$,
    diagnostics$: merge(channel.diagnostics$, applications.diagnostics$),
    close: async () => {
      stopWatchingPage();
      presence.close();
      const overflow = applications.close();
      contactList.close();
      me.close();
      await Promise.all([session.close(), overflow]);
      channel.close();
      context.clock.dispose();
    },
  };
}
