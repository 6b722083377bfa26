import type { Application } from '../app/application.js';
import type { ApplicationInstance } from '../app/instance.js';
import { APPLICATIONS_PATH } from '../app/urls.js';
import { photoCookie } from '../auth/photo-cookie.js';
import { applicationNotFound, errorReply, parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { applicationResource, communicationResource, peopleResource, policiesResource } from '../representations/application.js';
import { meResource } from '../representations/me.js';
import { optionsMetadataReply } from '../representations/options-metadata.js';
import { readInput } from './input.js';
import type { Route, RouteContext } from './router.js';

const APP = `${APPLICATIONS_PATH}/:appid`;

function applicationReply(context: RouteContext, app: Application, instance: ApplicationInstance, status: number): Reply {
  const resource = applicationResource(
    {
      id: app.id,
      urls: app.urls,
      account: app.account,
      culture: app.input.culture,
      userAgent: app.input.userAgent,
      endpointId: app.input.endpointId,
      ...(instance.instanceId === undefined ? {} : { instanceId: instance.instanceId }),
      firstAck: instance.channel.firstUnacknowledged,
      ...(app.available === undefined ? {} : { endpoint: app.available }),
    },
    context.services.directory,
  );
  // The cookie that lets <img src> load photos without an Authorization header (GetMyPresenceInformation).
  const cookie = photoCookie(context.request.headers.authorization, `${app.urls.app}/photos`, context.request.origin.startsWith('https:'));
  return cookie === undefined ? { kind: 'resource', status, resource } : { kind: 'resource', status, resource, headers: { 'Set-Cookie': cookie } };
}

/**
 * POST applications (applications_ref, MultiTabSupport): userAgent, endpointId and culture
 * are required non-empty strings of at most 100 characters (any letter case of the names);
 * instanceId is optional. The same endpointId is the same application; the instanceId names an
 * instance of it with its own event channel: 201 when that channel is new (a new application, or
 * a new instance of the existing one), 200 when it exists. 409 Conflict TooManyApplications over
 * the per-user limit of applications (or of instances of one application).
 */
function createApplication(context: RouteContext): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const values: Record<string, string> = {};
  const invalid: Record<string, string> = {};
  for (const name of ['userAgent', 'endpointId', 'culture', 'instanceId']) {
    const value = read.input.get(name);
    const optional = name === 'instanceId';
    if (value === undefined && optional) continue;
    if (typeof value !== 'string' || value.trim() === '') invalid[name] = `${name} is required and cannot be null or empty.`;
    else if (value.length > 100) invalid[name] = `The maximum length of ${name} is 100 characters.`;
    else values[name] = value;
  }
  if (Object.keys(invalid).length > 0) return parameterValidationFailure(invalid);
  const result = context.services.registry.create(
    context.account,
    { userAgent: values.userAgent ?? '', endpointId: values.endpointId ?? '', culture: values.culture ?? '' },
    values.instanceId,
  );
  if (!result.ok) return errorReply(409, 'TooManyApplications');
  return applicationReply(context, result.app, result.instance, result.created ? 201 : 200);
}

/** GET the application as the named instance sees it (its events link), or as the one created without an instanceId. */
function readApplication(context: RouteContext): Reply {
  const instance = context.instance ?? context.app.instance(undefined) ?? context.app.firstInstance;
  if (!instance) return applicationNotFound();
  return applicationReply(context, context.app, instance, 200);
}

/**
 * DELETE the application: with `?instanceId=` only that instance (its event channel) goes, and
 * the application with its last instance (MultiTabSupport); without it, the whole application.
 */
function deleteApplication(context: RouteContext): Reply {
  const { registry } = context.services;
  if (context.instance) registry.deleteInstance(context.app, context.instance);
  else registry.delete(context.app.id);
  return { kind: 'empty', status: 204 };
}

/** OPTIONS applications: the metadata of POST (applications_ref); every parameter is free text. */
function applicationsOptions(context: RouteContext): Reply {
  const parameters = ['culture', 'endpointId', 'instanceId', 'userAgent'].map((name) => ({ name, supportedValues: [] }));
  return optionsMetadataReply([{ httpMethod: 'POST', parameters }], context.request.headers.accept);
}

/** applications, application, and the application's me, people, communication and policies. */
export const applicationRoutes: readonly Route[] = [
  { pattern: APPLICATIONS_PATH, scope: 'user', methods: { POST: createApplication, OPTIONS: applicationsOptions } },
  {
    pattern: APP,
    scope: 'app',
    methods: { GET: readApplication, DELETE: deleteApplication },
  },
  {
    pattern: `${APP}/me`,
    scope: 'app',
    methods: { GET: (c) => ({ kind: 'resource', status: 200, resource: meResource(c.app.urls, c.services.directory, c.account, c.app.available) }) },
  },
  {
    pattern: `${APP}/people`,
    scope: 'app',
    methods: { GET: (c) => ({ kind: 'resource', status: 200, resource: peopleResource(c.app.urls) }) },
  },
  {
    pattern: `${APP}/communication`,
    scope: 'app',
    methods: { GET: (c) => ({ kind: 'resource', status: 200, resource: communicationResource(c.app.urls, c.app.id, c.app.available) }) },
  },
  {
    pattern: `${APP}/policies`,
    scope: 'app',
    methods: { GET: (c) => ({ kind: 'resource', status: 200, resource: policiesResource(c.app.urls) }) },
  },
];

/** The pattern prefix of application routes. */
export const APPLICATION_PATTERN = APP;
