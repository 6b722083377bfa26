import type { AppUrls } from '../app/urls.js';
import type { DirectoryStore } from '../directory/directory-store.js';
import type { AccountRecord, GroupRecord } from '../directory/records.js';
import { resource, type Resource } from '../format/resource.js';
import { contactResource } from './contacts.js';

/**
 * A group resource: pinnedGroup, defaultGroup and group have id, name and the groupContacts and
 * subscribeToGroupPresence links (pinnedGroup_ref, group_ref); a distributionGroup also
 * has its uri and embeds its member contacts (distributionGroup_ref).
 */
export function groupResource(urls: AppUrls, directory: DirectoryStore, group: GroupRecord): Resource {
  const builder = resource(group.kind, urls.group(group.id)).prop('uri', group.uri).prop('id', group.id).prop('name', group.name);
  if (group.kind === 'distributionGroup') {
    return builder
      .link('subscribeToGroupPresence', urls.subscribeToGroupPresence(group.id))
      .embed('contact', group.members.map((key) => contactResource(urls, directory, key)))
      .build();
  }
  return builder
    .link('groupContacts', urls.groupContacts(group.id))
    .link('subscribeToGroupPresence', urls.subscribeToGroupPresence(group.id))
    .build();
}

/**
 * myGroups: by default every group embedded (pinnedGroup and defaultGroup as objects, group and
 * distributionGroup as arrays, as SubscribeToThePresenceOfAGroupOfContacts shows); with
 * `expand=false` the same as links (myGroups_ref).
 */
export function myGroupsResource(urls: AppUrls, directory: DirectoryStore, account: AccountRecord, expand: boolean): Resource {
  const builder = resource('myGroups', urls.myGroups);
  const ofKind = (kind: GroupRecord['kind']): GroupRecord[] => account.groups.filter((g) => g.kind === kind);
  const single = (kind: 'pinnedGroup' | 'defaultGroup'): GroupRecord | undefined => ofKind(kind)[0];
  if (!expand) {
    for (const kind of ['pinnedGroup', 'defaultGroup'] as const) {
      const group = single(kind);
      if (group) builder.link(kind, urls.group(group.id));
    }
    builder.links('group', ofKind('group').map((g) => urls.group(g.id)));
    builder.links('distributionGroup', ofKind('distributionGroup').map((g) => urls.group(g.id)));
    return builder.build();
  }
  for (const kind of ['pinnedGroup', 'defaultGroup'] as const) {
    const group = single(kind);
    if (group) builder.embed(kind, groupResource(urls, directory, group));
  }
  builder.embed('group', ofKind('group').map((g) => groupResource(urls, directory, g)));
  builder.embed('distributionGroup', ofKind('distributionGroup').map((g) => groupResource(urls, directory, g)));
  return builder.build();
}
