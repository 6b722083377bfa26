import { defer, from, switchMap, type Observable } from 'rxjs';
import type { UcwaClientOptions } from './client-options.js';
import { createClientContext } from './client-context.js';
import { watchPageLifetime } from './identity/page-lifetime.js';
import type { UcwaError } from './errors/guards.js';
import type { ConnectionState, ResetSignal } from './events/connection-state.js';
import type { UcwaEvent } from './events/ucwa-event.js';
import { PRESENCE_DURATION, checkDuration } from './resources/duration.js';
import type { PresenceSubscriptions } from './resources/presence-subscriptions.js';
import { ContactDirectory } from './resources/presence/contact-directory.js';
import { PresenceReconciler } from './resources/presence/presence-reconciler.js';
import { PresenceStreams } from './resources/presence/presence-stream.js';
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
  const context = createClientContext(options);
  const { channel, session } = context;
  const directory = new ContactDirectory(context.send, context.fetcher, session);
  const reconciler = new PresenceReconciler(context, directory, {
    durationMinutes: checkDuration(options.presence?.durationMinutes ?? PRESENCE_DURATION.max, PRESENCE_DURATION.min, PRESENCE_DURATION.max, 'presence.durationMinutes'),
    maxContactsPerSubscription: checkContactsPerSubscription(options.presence?.maxContactsPerSubscription ?? 250),
    refreshMarginMs: 60_000,
  });
  const presence = new PresenceStreams(context, reconciler);
  const contactList = lazyContactsAndGroupsResources(context, directory);
  const me = lazyMeResources(context, options.me);
  const people = once(async () => new (await import('./resources/search/people-search.js')).PeopleSearch(context.send, session, directory));
  const photos = once(async () => new (await import('./resources/photos/photos.js')).Photos(context, directory, await people(), options.photos));
  const facets = once(() => import('./resources/presence/contact-facets.js'));
  // In a browser page: leave the application on pagehide, join again on a bfcache restore.
  const stopWatchingPage = watchPageLifetime(session);
  // The kinds of values other than presence come with their readers, on first use.
  const facet$ = <T>(pick: (kinds: Awaited<ReturnType<typeof facets>>) => FacetKind<T>) => (uri: string): Observable<T> =>
    defer(() => from(facets())).pipe(switchMap((kinds) => presence.value$(pick(kinds), uri)));
  return {
    ...me,
    presence$: (uri) => presence.presence$(uri),
    note$: facet$((kinds) => kinds.NOTE),
    location$: facet$((kinds) => kinds.LOCATION),
    capabilities$: facet$((kinds) => kinds.CAPABILITIES),
    people: lazyService<People>(people),
    photos: lazyService(photos),
    setEventChannelParameters: (parameters) => channel.setParameters(parameters),
    status: () => ({
      connection: channel.state,
      presenceSubscriptions: reconciler.serverSubscriptions.map((s) => ({ id: s.id, members: s.members, expiresAt: new Date(s.expiresAt) })),
      watchedContacts: reconciler.serverSubscriptions.reduce((sum, s) => sum + s.members, 0),
      counters: { ...channel.counters, presenceExtensions: reconciler.extensions, requests: context.requestCount() },
    }),
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
    diagnostics$: channel.diagnostics$,
    close: async () => {
      stopWatchingPage();
      presence.close();
      contactList.close();
      me.close();
      await session.close();
      channel.close();
      context.clock.dispose();
    },
  };
}
