import { uriKey } from '../directory/uri.js';
import { resourceNotFound } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import {
  contactCollection,
  contactLocationResource,
  contactNoteResource,
  contactPresenceResource,
  contactResource,
} from '../representations/contacts.js';
import { groupResource, myGroupsResource } from '../representations/groups.js';
import { contactSupportedModalitiesResource } from '../representations/search.js';
import { subscribedContactsResource } from '../representations/subscriptions.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import type { Route, RouteContext } from './router.js';

const PEOPLE = `${APPLICATION_PATTERN}/people`;

function expandOf(context: RouteContext): boolean {
  return context.request.url.searchParams.get('expand')?.toLowerCase() !== 'false';
}

/** GET myContacts, or a group's contacts with `?groupId=` (myContacts_ref, groupContacts_ref). */
function contacts(context: RouteContext): Reply {
  const { app, account, services, request } = context;
  const groupId = request.url.searchParams.get('groupId');
  const lists = services.directory.contactLists;
  if (groupId === null) {
    const keys = lists.myContacts(account);
    return { kind: 'resource', status: 200, resource: contactCollection('myContacts', app.urls.myContacts, app.urls, services.directory, keys, expandOf(context)) };
  }
  const group = lists.group(account, groupId);
  if (!group) return resourceNotFound();
  const resource = contactCollection('groupContacts', app.urls.groupContacts(group.id), app.urls, services.directory, group.members, expandOf(context));
  return { kind: 'resource', status: 200, resource };
}

function groups(context: RouteContext): Reply {
  const { app, account, services } = context;
  return { kind: 'resource', status: 200, resource: myGroupsResource(app.urls, services.directory, account, expandOf(context)) };
}

function group(context: RouteContext): Reply {
  const { app, account, services, params } = context;
  const found = services.directory.contactLists.group(account, params.groupid ?? '');
  if (!found) return resourceNotFound();
  return { kind: 'resource', status: 200, resource: groupResource(app.urls, services.directory, found) };
}

function subscribedContacts(context: RouteContext): Reply {
  const { app, services } = context;
  const keys = app.presence.subscribedContacts();
  return { kind: 'resource', status: 200, resource: subscribedContactsResource(app.urls, services.directory, keys) };
}

type ContactView = typeof contactResource;

function contactPart(build: ContactView): (context: RouteContext) => Reply {
  return (context) => ({
    kind: 'resource',
    status: 200,
    resource: build(context.app.urls, context.services.directory, uriKey(context.params.contact ?? '')),
  });
}

/** contactSupportedModalities (`supportedMedia`): what the contact can do now. */
function supportedModalities(context: RouteContext): Reply {
  const key = uriKey(context.params.contact ?? '');
  const modalities = context.services.registry.capabilities.of(key);
  const resource = contactSupportedModalitiesResource(context.app.urls, context.services.directory.displayUri(key), modalities);
  return { kind: 'resource', status: 200, resource };
}

/** myContacts, groupContacts, myGroups and groups, subscribedContacts, contact and its presence, note, location and modalities. */
export const peopleRoutes: readonly Route[] = [
  { pattern: `${PEOPLE}/contacts`, scope: 'app', methods: { GET: contacts } },
  { pattern: `${PEOPLE}/groups`, scope: 'app', methods: { GET: groups } },
  { pattern: `${PEOPLE}/groups/:groupid`, scope: 'app', methods: { GET: group } },
  { pattern: `${PEOPLE}/subscribedcontacts`, scope: 'app', methods: { GET: subscribedContacts } },
  { pattern: `${PEOPLE}/:contact@`, scope: 'app', methods: { GET: contactPart(contactResource) } },
  { pattern: `${PEOPLE}/:contact@/presence`, scope: 'app', methods: { GET: contactPart(contactPresenceResource) } },
  { pattern: `${PEOPLE}/:contact@/note`, scope: 'app', methods: { GET: contactPart(contactNoteResource) } },
  { pattern: `${PEOPLE}/:contact@/location`, scope: 'app', methods: { GET: contactPart(contactLocationResource) } },
  { pattern: `${PEOPLE}/:contact@/supportedmedia`, scope: 'app', methods: { GET: supportedModalities } },
];
