import type { Application } from '../app/application.js';
import { APPLICATIONS_PATH } from '../app/urls.js';
import { photoCookie } from '../auth/photo-cookie.js';
import { errorReply, parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { applicationResource, communicationResource, peopleResource, policiesResource } from '../representations/application.js';
import { meResource } from '../representations/me.js';
import { optionsMetadataReply } from '../representations/options-metadata.js';
import { readInput } from './input.js';
import type { Route, RouteContext } from './router.js';

const APP = `${APPLICATIONS_PATH}/:appid`;

function applicationReply(context: RouteContext, app: Application, status: number): Reply {
  const resource = applicationResource(
    {
      id: app.id,
      urls: app.urls,
      account: app.account,
      culture: app.input.culture,
      userAgent: app.input.userAgent,
      endpointId: app.input.endpointId,
      ...(app.input.instanceId === undefined ? {} : { instanceId: app.input.instanceId }),
      firstAck: app.channel.firstUnacknowledged,
      ...(app.available === undefined ? {} : { endpoint: app.available }),
    },
    context.services.directory,
  );
  // The cookie that lets <img src> load photos without an Authorization header (GetMyPresenceInformation).
  const cookie = photoCookie(context.request.headers.authorization, `${app.urls.app}/photos`, context.request.origin.startsWith('https:'));
  return cookie === undefined ? { kind: 'resource', status, resource } : { kind: 'resource', status, resource, headers: { 'Set-Cookie': cookie } };
}

/**
 * POST applications (applications_ref): userAgent, endpointId and culture are required
 * non-empty strings of at most 100 characters (any letter case of the names); instanceId is
 * optional. 201 with the new application, 200 with the existing one for the same endpointId,
 * 409 Conflict TooManyApplications over the per-user limit.
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
  const result = context.services.registry.create(context.account, {
    userAgent: values.userAgent ?? '',
    endpointId: values.endpointId ?? '',
    culture: values.culture ?? '',
    ...(values.instanceId === undefined ? {} : { instanceId: values.instanceId }),
  });
  if (!result.ok) return errorReply(409, 'TooManyApplications');
  return applicationReply(context, result.app, result.created ? 201 : 200);
}

function deleteApplication(context: RouteContext): Reply {
  context.services.registry.delete(context.app.id);
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
    methods: { GET: (c) => applicationReply(c, c.app, 200), DELETE: deleteApplication },
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
