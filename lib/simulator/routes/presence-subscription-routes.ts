import { parseInputUri, uriKey } from '../directory/uri.js';
import { errorReply, parameterValidationFailure, resourceNotFound } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import {
  membershipResource,
  membershipsResource,
  presenceSubscriptionResource,
  presenceSubscriptionsResource,
} from '../representations/subscriptions.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import { describeValues, integerParameter, rangeReason, readInput, type Input } from './input.js';
import type { Route, RouteContext } from './router.js';

const PEOPLE = `${APPLICATION_PATTERN}/people`;

/** What ExtendAPresenceSubscription shows for an extension of an expired subscription. */
const EXPIRED_SUBSCRIPTION: Reply = {
  kind: 'error',
  status: 404,
  error: {
    code: 'NotFound',
    subcode: 'ApplicationNotFound',
    message: 'An error occurred. Please retry. If the problem persists, contact your support team.',
  },
};

/** Reads `duration` (10-30 minutes). */
function duration(input: Input): number | Reply {
  const value = integerParameter(input.get('duration'), 10, 30);
  return typeof value === 'number' ? value : parameterValidationFailure({ duration: rangeReason('duration', 10, 30, value) });
}

/** Reads a non-empty array of SIP URIs. */
function uriList(input: Input, name: string): string[] | Reply {
  const value = input.get(name);
  if (!Array.isArray(value) || value.length === 0) return parameterValidationFailure({ [name]: `${name} is required: a non-empty array of SIP URIs.` });
  const uris = value.map(parseInputUri);
  const bad = value.filter((_, i) => uris[i] === undefined);
  if (bad.length > 0) return parameterValidationFailure({ [name]: `Not valid SIP URIs: ${describeValues(bad)}.` });
  return uris.map((uri) => uriKey(uri ?? ''));
}

const limitExceeded = (): Reply => errorReply(403, 'LimitExceeded');

/**
 * POST presenceSubscriptions `{duration, uris}`, or `?groupId=&duration=` as the group's
 * subscribeToGroupPresence link (SubscribeToThePresenceOfAGroupOfContacts). URIs not in the
 * directory are subscribed too and report Offline.
 */
function createSubscription(context: RouteContext): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const { input } = read;
  const minutes = duration(input);
  if (typeof minutes !== 'number') return minutes;
  const groupId = input.get('groupId');
  let keys: string[];
  if (groupId !== undefined) {
    const group = typeof groupId === 'string' ? context.services.directory.contactLists.group(context.account, groupId) : undefined;
    if (!group) return parameterValidationFailure({ groupId: 'The group does not exist.' });
    keys = [...group.members];
  } else {
    const uris = uriList(input, 'uris');
    if (!Array.isArray(uris)) return uris;
    keys = uris;
  }
  const created = context.app.presence.create(keys, minutes, typeof groupId === 'string' ? groupId : undefined);
  if (!created.ok) return limitExceeded();
  return { kind: 'resource', status: 201, resource: presenceSubscriptionResource(context.app.urls, created.value.id) };
}

function getSubscription(context: RouteContext): Reply {
  const subscription = context.app.presence.get(context.params.id ?? '');
  if (!subscription) return resourceNotFound();
  return { kind: 'resource', status: 200, resource: presenceSubscriptionResource(context.app.urls, subscription.id) };
}

/** POST presenceSubscription `?duration=` extends: remaining + duration, at most 30 minutes. */
function extendSubscription(context: RouteContext): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const minutes = duration(read.input);
  if (typeof minutes !== 'number') return minutes;
  const subscription = context.app.presence.extend(context.params.id ?? '', minutes);
  if (!subscription) return EXPIRED_SUBSCRIPTION;
  return { kind: 'resource', status: 200, resource: presenceSubscriptionResource(context.app.urls, subscription.id) };
}

function deleteSubscription(context: RouteContext): Reply {
  return context.app.presence.delete(context.params.id ?? '') ? { kind: 'empty', status: 204 } : resourceNotFound();
}

/** GET presenceSubscriptionMemberships, all or `?presenceSubscriptionId=`. */
function listMemberships(context: RouteContext): Reply {
  const { app, services } = context;
  const filter = context.request.url.searchParams.get('presenceSubscriptionId');
  const subscriptions = filter === null ? app.presence.list() : [app.presence.get(filter)].filter((s) => s !== undefined);
  if (filter !== null && subscriptions.length === 0) return resourceNotFound();
  return { kind: 'resource', status: 200, resource: membershipsResource(app.urls, services.directory, subscriptions, filter ?? undefined) };
}

/** POST presenceSubscriptionMemberships `?presenceSubscriptionId=` `{contactUris}` (addToPresenceSubscription). */
function addMemberships(context: RouteContext): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const id = read.input.get('presenceSubscriptionId');
  if (typeof id !== 'string' || id === '') return parameterValidationFailure({ presenceSubscriptionId: 'presenceSubscriptionId is required.' });
  const keys = uriList(read.input, 'contactUris');
  if (!Array.isArray(keys)) return keys;
  const result = context.app.presence.addMembers(id, keys);
  if (!result) return resourceNotFound();
  if (!result.ok) return limitExceeded();
  const resource = membershipsResource(context.app.urls, context.services.directory, [result.value], result.value.id);
  return { kind: 'resource', status: 201, resource };
}

function parseMembership(context: RouteContext): { id: string; key: string } | undefined {
  const raw = context.params.membership ?? '';
  const comma = raw.indexOf(',');
  if (comma < 0) return undefined;
  const id = raw.slice(0, comma);
  const key = uriKey(raw.slice(comma + 1));
  return context.app.presence.get(id)?.members.includes(key) ? { id, key } : undefined;
}

function getMembership(context: RouteContext): Reply {
  const found = parseMembership(context);
  if (!found) return resourceNotFound();
  return { kind: 'resource', status: 200, resource: membershipResource(context.app.urls, context.services.directory, found.id, found.key) };
}

function deleteMembership(context: RouteContext): Reply {
  const found = parseMembership(context);
  if (!found) return resourceNotFound();
  context.app.presence.removeMember(found.id, found.key);
  return { kind: 'empty', status: 204 };
}

/** presenceSubscriptions, presenceSubscription, presenceSubscriptionMemberships and presenceSubscriptionMembership. */
export const presenceSubscriptionRoutes: readonly Route[] = [
  {
    pattern: `${PEOPLE}/presencesubscriptions`,
    scope: 'app',
    methods: {
      GET: (c) => ({ kind: 'resource', status: 200, resource: presenceSubscriptionsResource(c.app.urls, c.app.presence.list()) }),
      POST: createSubscription,
    },
  },
  {
    pattern: `${PEOPLE}/presencesubscriptions/:id`,
    scope: 'app',
    methods: { GET: getSubscription, POST: extendSubscription, DELETE: deleteSubscription },
  },
  { pattern: `${PEOPLE}/presencesubscriptionmemberships`, scope: 'app', methods: { GET: listMemberships, POST: addMemberships } },
  {
    pattern: `${PEOPLE}/presencesubscriptionmemberships/:membership`,
    scope: 'app',
    methods: { GET: getMembership, DELETE: deleteMembership },
  },
];
