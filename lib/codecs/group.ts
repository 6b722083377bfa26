import * as t from 'io-ts';
import { ContactCodec } from './contact.js';
import { ResourceBaseCodec } from './link.js';

/** A group (group_ref.md, pinnedGroup_ref.md, defaultGroup_ref.md, distributionGroup_ref.md): id, name, links. */
export const GroupCodec = t.intersection(
  [ResourceBaseCodec, t.partial({ id: t.string, name: t.string, uri: t.string, _embedded: t.partial({ contact: t.array(ContactCodec) }) })],
  'Group',
);
/** A group as decoded. */
export type GroupResource = t.TypeOf<typeof GroupCodec>;

/** myGroups (myGroups_ref.md): links to every group, and embedded groups where the server includes them. */
export const MyGroupsCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      _embedded: t.partial({
        pinnedGroup: GroupCodec,
        defaultGroup: GroupCodec,
        group: t.array(GroupCodec),
        distributionGroup: t.array(GroupCodec),
      }),
    }),
  ],
  'MyGroups',
);
/** myGroups as decoded. */
export type MyGroupsResource = t.TypeOf<typeof MyGroupsCodec>;
