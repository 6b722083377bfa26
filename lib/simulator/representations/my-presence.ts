import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord } from '../directory/records.js';
import { resource, type Resource } from '../format/resource.js';

/** The user's presence: availability and activity (presence_ref). */
export function myPresenceResource(urls: AppUrls, directory: DirectoryStore, account: AccountRecord): Resource {
  const presence = directory.presence(account.uri);
  return resource('presence', urls.mine('presence')).prop('availability', presence.availability).prop('activity', presence.activity).build();
}

/** The user's note: message and type, when she has one (note_ref). */
export function myNoteResource(urls: AppUrls, directory: DirectoryStore, account: AccountRecord): Resource {
  const note = directory.note(account.uri);
  return resource('note', urls.mine('note')).prop('message', note?.message).prop('type', note?.type).build();
}

/** The user's location, when set (location_ref). */
export function myLocationResource(urls: AppUrls, directory: DirectoryStore, account: AccountRecord): Resource {
  return resource('location', urls.mine('location')).prop('location', directory.location(account.uri)).build();
}
