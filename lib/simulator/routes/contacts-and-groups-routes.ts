import { parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { contactsAndGroupsSubscriptionResource } from '../representations/subscriptions.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import { integerParameter, rangeReason, readInput } from './input.js';
import type { Route, RouteContext } from './router.js';

const SUBSCRIPTION = `${APPLICATION_PATTERN}/people/contactsandgroupssubscription`;

function get(context: RouteContext): Reply {
  const resource = contactsAndGroupsSubscriptionResource(context.app.urls, context.app.contactsAndGroups.state);
  return { kind: 'resource', status: 200, resource };
}

/**
 * POST startOrRefreshSubscriptionToContactsAndGroups `?duration=` (10-60). A new subscription
 * answers 201 with state Connecting as the reference page startOrRefreshSubscriptionToContactsAndGroups_ref shows and is Connected from then on; a
 * refresh answers 200 with state Connected.
 */
function startOrRefresh(context: RouteContext): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const minutes = integerParameter(read.input.get('duration'), 10, 60);
  if (typeof minutes !== 'number') return parameterValidationFailure({ duration: rangeReason('duration', 10, 60, minutes) });
  const created = context.app.contactsAndGroups.startOrRefresh(minutes);
  const resource = contactsAndGroupsSubscriptionResource(context.app.urls, created ? 'Connecting' : 'Connected');
  return { kind: 'resource', status: created ? 201 : 200, resource };
}

function stop(context: RouteContext): Reply {
  context.app.contactsAndGroups.stop();
  return { kind: 'empty', status: 204 };
}

/** myContactsAndGroupsSubscription and its start/refresh and stop operations. */
export const contactsAndGroupsRoutes: readonly Route[] = [
  { pattern: SUBSCRIPTION, scope: 'app', methods: { GET: get } },
  { pattern: `${SUBSCRIPTION}/startorrefreshsubscriptiontocontactsandgroups`, scope: 'app', methods: { POST: startOrRefresh } },
  { pattern: `${SUBSCRIPTION}/stopsubscriptiontocontactsandgroups`, scope: 'app', methods: { POST: stop } },
];
