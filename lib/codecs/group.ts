import * as t from 'io-ts';
import { ContactCodec } from './contact.js';
import { ResourceBaseCodec } from './link.js';

/** A group (group_ref, pinnedGroup_ref, defaultGroup_ref, distributionGroup_ref): id, name, links. */
export const GroupCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The group's id. */
      id: t.string,
      /** The group's name (at most 256 characters). */
      name: t.string,
      /** The SIP URI of a distribution group. */
      uri: t.string,
      /** Members included in the group resource. */
      _embedded: t.partial({
        /** The embedded contact resources. */
        contact: t.array(ContactCodec),
      }),
    }),
  ],
  'Group',
);
/** A group as decoded. */
export type GroupResource = t.TypeOf<typeof GroupCodec>;

/** myGroups (myGroups_ref): links to every group, and embedded groups where the server includes them. */
export const MyGroupsCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The groups the server includes. */
      _embedded: t.partial({
        /** Contacts the user pinned or works with most. */
        pinnedGroup: GroupCodec,
        /** Contacts in no other group ("Other Contacts"). */
        defaultGroup: GroupCodec,
        /** The user's own groups. */
        group: t.array(GroupCodec),
        /** Distribution groups on the user's list. */
        distributionGroup: t.array(GroupCodec),
      }),
    }),
  ],
  'MyGroups',
);
/** myGroups as decoded. */
export type MyGroupsResource = t.TypeOf<typeof MyGroupsCodec>;
