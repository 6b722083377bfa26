import type { GroupResource } from '../../codecs/group.js';
import type { OpenEnum } from '../../codecs/open-enum.js';
import type { Located } from '../../http/read-resource.js';

/** The kinds of group myGroups lists (myGroups_ref); others are kept as the server names them. */
export type GroupKind = OpenEnum<'pinnedGroup' | 'defaultGroup' | 'group' | 'distributionGroup'>;

/** A group of the user's contact list (group_ref, pinnedGroup_ref, defaultGroup_ref, distributionGroup_ref). */
export interface Group {
  /** pinnedGroup, defaultGroup, group (a personal group) or distributionGroup. */
  readonly kind: GroupKind;
  /** The group's id (empty when the server gave none). */
  readonly id: string;
  /** The group's name, e.g. `Pinned Contacts`. */
  readonly name: string;
  /** A distribution group's address, e.g. `sip:leadership@contoso.com`. */
  readonly uri?: string | undefined;
  /** The group resource as read: `client.groups` follows its links (groupContacts, subscribeToGroupPresence). */
  readonly resource: Located<GroupResource>;
}

/** The user's groups (myGroups_ref), each read in full. */
export interface MyGroups {
  /** The system group of pinned or frequent contacts. */
  readonly pinnedGroup?: Group | undefined;
  /** The system group contacts land in by default ("Other Contacts"). */
  readonly defaultGroup?: Group | undefined;
  /** The user's personal groups. */
  readonly groups: readonly Group[];
  /** Distribution groups added to the list. */
  readonly distributionGroups: readonly Group[];
}

/** The public {@link Group} of a group resource; `kind` is the rel it was found under unless the resource names its own. */
export function toGroup(resource: Located<GroupResource>, kind: GroupKind): Group {
  const value = resource.value;
  return { kind: value.rel ?? kind, id: value.id ?? '', name: value.name ?? '', uri: value.uri, resource };
}
