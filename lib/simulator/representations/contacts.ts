import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import { uriAddress } from '../directory/uri.js';
import { resource, type Resource } from '../format/resource.js';

/**
 * The contact resource (contact_ref, GetAContactData, SearchForUsersContact). Self links
 * are lower case; the `uri` property keeps the directory's case. Someone not in the directory
 * gets a minimal contact with just the URI and type. contactPhoto appears when the person has a photo.
 */
export function contactResource(urls: AppUrls, directory: DirectoryStore, key: string): Resource {
  const person = directory.person(key);
  const uri = person?.uri ?? key;
  const spec = person?.spec;
  const builder = resource('contact', urls.contact(uri))
    .prop('uri', uri)
    .prop('name', spec?.name)
    .prop('company', spec?.company)
    .prop('department', spec?.department)
    .prop('title', spec?.title)
    .prop('office', spec?.office)
    .prop('emailAddresses', spec ? (spec.emailAddresses ?? [uriAddress(uri)]) : undefined)
    .prop('workPhoneNumber', spec?.workPhoneNumber)
    .prop('mobilePhoneNumber', spec?.mobilePhoneNumber)
    .prop('sourceNetwork', spec?.sourceNetwork ?? (spec ? 'SameEnterprise' : undefined))
    .prop('type', spec?.type ?? 'User')
    .link('contactPresence', urls.contactPresence(uri))
    .link('contactNote', urls.contactNote(uri))
    .link('contactLocation', urls.contactLocation(uri))
    .link('contactSupportedModalities', urls.contactSupportedModalities(uri));
  if (directory.hasPhoto(uri)) builder.link('contactPhoto', urls.photo(uri));
  return builder.build();
}

/** contactPresence: availability, activity, deviceType, lastActive (contactPresence_ref). */
export function contactPresenceResource(urls: AppUrls, directory: DirectoryStore, key: string): Resource {
  const presence = directory.presence(key);
  return resource('contactPresence', urls.contactPresence(directory.displayUri(key)))
    .prop('availability', presence.availability)
    .prop('activity', presence.activity)
    .prop('deviceType', presence.deviceType)
    .prop('lastActive', presence.lastActive === undefined ? undefined : { date: presence.lastActive })
    .build();
}

/** contactNote: message and type, when the contact has a note. */
export function contactNoteResource(urls: AppUrls, directory: DirectoryStore, key: string): Resource {
  const note = directory.note(key);
  return resource('contactNote', urls.contactNote(directory.displayUri(key)))
    .prop('message', note?.message)
    .prop('type', note?.type)
    .build();
}

/** contactLocation: location, when set. */
export function contactLocationResource(urls: AppUrls, directory: DirectoryStore, key: string): Resource {
  return resource('contactLocation', urls.contactLocation(directory.displayUri(key)))
    .prop('location', directory.location(key))
    .build();
}

/**
 * A collection of contacts (myContacts, groupContacts): embedded by default as the walkthroughs
 * show, or as links with `expand=false` (myContacts_ref).
 */
export function contactCollection(
  rel: 'myContacts' | 'groupContacts',
  href: string,
  urls: AppUrls,
  directory: DirectoryStore,
  keys: readonly string[],
  expand: boolean,
): Resource {
  const builder = resource(rel, href);
  if (!expand) return builder.links('contact', keys.map((key) => urls.contact(directory.displayUri(key)))).build();
  return builder.embed('contact', keys.map((key) => contactResource(urls, directory, key))).build();
}
