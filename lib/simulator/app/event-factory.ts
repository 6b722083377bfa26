import type { DirectoryStore } from '../directory/directory-store.js';
import type { ContactListChange } from '../directory/records.js';
import type { ChannelEvent, EventLink, EventType } from '../events/channel-event.js';
import { presenceSubscriptionResource } from '../representations/subscriptions.js';
import type { AppUrls } from './urls.js';

/** The user's own resources that send events as `me` (presence_ref, note_ref, location_ref). */
export type MyResource = 'presence' | 'note' | 'location';

/**
 * Builds an application's events with the priorities the reference pages give: contact
 * presence/note/location/supportedModalities updated Medium (merged per contact),
 * presenceSubscription and subscribedContacts Medium, group and contact-list changes High, the
 * contacts-and-groups subscription updated Medium, all sent by `people`; me, and my presence,
 * note and location Medium, sent by `me`; communication updated Medium, sent by `communication`.
 */
export class EventFactory {
  private readonly sender: EventLink;
  private readonly meSender: EventLink;

  /**
   * @param urls the application's paths
   * @param directory for the display case of URIs
   * @param displayCase keep the directory's case of contact URIs in event links
   */
  constructor(
    private readonly urls: AppUrls,
    private readonly directory: DirectoryStore,
    private readonly displayCase: boolean,
  ) {
    this.sender = { rel: 'people', href: urls.people };
    this.meSender = { rel: 'me', href: urls.me };
  }

  private uri(key: string): string {
    return this.directory.displayUri(key);
  }

  private contactLink(key: string): EventLink {
    return { rel: 'contact', href: this.urls.contact(this.uri(key), this.displayCase) };
  }

  /** contactPresence updated (contactPresence_ref); no embedded content, clients fetch. */
  contactPresenceUpdated(key: string): ChannelEvent {
    const href = this.urls.contactPresence(this.uri(key), this.displayCase);
    return this.contactPart('contactPresence', href, key);
  }

  /** contactNote updated. */
  contactNoteUpdated(key: string): ChannelEvent {
    return this.contactPart('contactNote', this.urls.contactNote(this.uri(key), this.displayCase), key);
  }

  /** contactLocation updated. */
  contactLocationUpdated(key: string): ChannelEvent {
    return this.contactPart('contactLocation', this.urls.contactLocation(this.uri(key), this.displayCase), key);
  }

  /** contactSupportedModalities updated (contactSupportedModalities_ref). */
  contactSupportedModalitiesUpdated(key: string): ChannelEvent {
    return this.contactPart('contactSupportedModalities', this.urls.contactSupportedModalities(this.uri(key), this.displayCase), key);
  }

  /** me updated: the application left lurker mode (me_ref). */
  meUpdated(): ChannelEvent {
    return { type: 'updated', priority: 'medium', sender: this.meSender, link: { rel: 'me', href: this.urls.me } };
  }

  /** My presence, note or location added (after makeMeAvailable) or updated (merged per resource). */
  mine(type: 'added' | 'updated', rel: MyResource): ChannelEvent {
    const event: ChannelEvent = { type, priority: 'medium', sender: this.meSender, link: { rel, href: this.urls.mine(rel) } };
    return type === 'updated' ? { ...event, mergeKey: `me:${rel}` } : event;
  }

  /** communication updated, e.g. after makeMeAvailable (communication_ref). */
  communicationUpdated(): ChannelEvent {
    const link = { rel: 'communication', href: this.urls.communication };
    return { type: 'updated', priority: 'medium', sender: link, link };
  }

  private contactPart(rel: string, href: string, key: string): ChannelEvent {
    return {
      type: 'updated',
      priority: 'medium',
      sender: this.sender,
      link: { rel, href },
      in: this.contactLink(key),
      mergeKey: `${rel}:${key}`,
    };
  }

  /** contact added to / deleted from subscribedContacts. */
  subscribedContact(type: 'added' | 'deleted', key: string): ChannelEvent {
    return {
      type,
      priority: 'medium',
      sender: this.sender,
      link: this.contactLink(key),
      in: { rel: 'subscribedContacts', href: this.urls.subscribedContacts },
    };
  }

  /** presenceSubscription added/updated/deleted; `updated` embeds the resource (ExtendAPresenceSubscription). */
  presenceSubscription(type: EventType, id: string): ChannelEvent {
    const event: ChannelEvent = {
      type,
      priority: 'medium',
      sender: this.sender,
      link: { rel: 'presenceSubscription', href: this.urls.presenceSubscription(id) },
    };
    return type === 'updated' ? { ...event, embedded: presenceSubscriptionResource(this.urls, id) } : event;
  }

  /** myContactsAndGroupsSubscription updated (about to expire, or disconnected). */
  contactsAndGroupsSubscriptionUpdated(): ChannelEvent {
    return {
      type: 'updated',
      priority: 'medium',
      sender: this.sender,
      link: { rel: 'myContactsAndGroupsSubscription', href: this.urls.contactsAndGroupsSubscription },
    };
  }

  /** A contact-list change: contact added/deleted in myContacts or a group, or a group updated (High). */
  contactListChange(change: ContactListChange): ChannelEvent {
    if (change.type === 'updated') {
      return {
        type: 'updated',
        priority: 'high',
        sender: this.sender,
        link: { rel: change.group.kind, href: this.urls.group(change.group.id) },
      };
    }
    const collection = change.in;
    const inLink: EventLink =
      collection.kind === 'myContacts'
        ? { rel: 'myContacts', href: this.urls.myContacts }
        : { rel: collection.kind, href: this.urls.group(collection.id) };
    return { type: change.type, priority: 'high', sender: this.sender, link: this.contactLink(change.contact), in: inLink };
  }
}
