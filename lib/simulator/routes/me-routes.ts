import type { Application } from '../app/application.js';
import { parsePreferredAvailability } from '../directory/own-presence.js';
import { errorReply, parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { myLocationResource, myNoteResource, myPresenceResource } from '../representations/my-presence.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import { readInput } from './input.js';
import { readMakeMeAvailable } from './make-me-available-input.js';
import type { Route, RouteContext } from './router.js';

const ME = `${APPLICATION_PATTERN}/me`;

/** The longest location a user may set (location_ref). */
const MAX_LOCATION = 60;

const noContent: Reply = { kind: 'empty', status: 204 };

/** 409 MakeMeAvailableRequired: the application is still in lurker mode (presence_ref, note_ref, location_ref). */
function makeMeAvailableRequired(): Reply {
  return errorReply(409, 'MakeMeAvailableRequired', 'The application has not yet sent a request on the makeMeAvailable resource.');
}

/** Runs `handler` only once the application is available. */
function whenAvailable(handler: (context: RouteContext, app: Application) => Reply): (context: RouteContext) => Reply {
  return (context) => (context.app.available ? handler(context, context.app) : makeMeAvailableRequired());
}

/**
 * POST makeMeAvailable: 204, then communication and me updated and my presence, note and
 * location added on this application's channel. Invalid input 400; modalities other than
 * Messaging and PhoneAudio 403; a second call 409 AlreadyExists (makeMeAvailable_ref).
 */
function makeMeAvailable(context: RouteContext): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const request = readMakeMeAvailable(read.input, context.services.options.limits.inactiveTimeoutMs);
  if ('kind' in request) return request;
  if (request.settings.modalities.some((modality) => modality !== 'Messaging' && modality !== 'PhoneAudio')) {
    return errorReply(403, undefined, 'The application is attempting to use modalities other than Messaging and Phone Audio.');
  }
  if (context.app.available) return errorReply(409, 'AlreadyExists', 'Multiple invocations of this operation is not valid.');
  context.services.registry.self.makeAvailable(context.app, request.settings, request.signInAs);
  return noContent;
}

/** POST presence `{availability}` sets it (PreferredAvailability, or Offline to appear offline); no availability resets it. */
function setPresence(context: RouteContext, app: Application): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const raw = read.input.get('availability');
  if (raw === undefined || raw === null || raw === '') {
    context.services.registry.self.setPreferred(app, undefined);
    return noContent;
  }
  const availability = parsePreferredAvailability(raw);
  if (availability === undefined) {
    return parameterValidationFailure({ availability: 'availability must be Online, Busy, DoNotDisturb, BeRightBack, Away, Offwork or Offline.' });
  }
  context.services.registry.self.setPreferred(app, availability);
  return noContent;
}

/** POST note `{message}` sets the personal note; a blank or missing message resets it (note_ref). */
function setNote(context: RouteContext, app: Application): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const message = read.input.get('message');
  if (message !== undefined && message !== null && typeof message !== 'string') return parameterValidationFailure({ message: 'message must be a string.' });
  context.services.directory.setPersonalNote(app.account.uri, typeof message === 'string' && message.trim() !== '' ? message : undefined);
  context.services.registry.self.reportActivity(app);
  return noContent;
}

/** POST location `{location}` (at most 60 characters) sets it; a blank or missing one clears it (location_ref). */
function setLocation(context: RouteContext, app: Application): Reply {
  const read = readInput(context.request);
  if (!read.ok) return read.reply;
  const location = read.input.get('location');
  if (location !== undefined && location !== null && typeof location !== 'string') return parameterValidationFailure({ location: 'location must be a string.' });
  if (typeof location === 'string' && location.length > MAX_LOCATION) {
    return parameterValidationFailure({ location: `The maximum length of location is ${MAX_LOCATION} characters.` });
  }
  context.services.directory.setLocation(app.account.uri, typeof location === 'string' && location.trim() !== '' ? location : undefined);
  context.services.registry.self.reportActivity(app);
  return noContent;
}

/** POST reportMyActivity: the user is using this application; she stays (or becomes) active. */
function reportMyActivity(context: RouteContext, app: Application): Reply {
  context.services.registry.self.reportActivity(app);
  return noContent;
}

/** makeMeAvailable, and my presence, note, location and reportMyActivity, in the walkthroughs' layout. */
export const meRoutes: readonly Route[] = [
  { pattern: `${ME}/makemeavailable`, scope: 'app', methods: { POST: makeMeAvailable } },
  {
    pattern: `${ME}/presence`,
    scope: 'app',
    methods: {
      GET: whenAvailable((c) => ({ kind: 'resource', status: 200, resource: myPresenceResource(c.app.urls, c.services.directory, c.account) })),
      POST: whenAvailable(setPresence),
    },
  },
  {
    pattern: `${ME}/note`,
    scope: 'app',
    methods: {
      GET: whenAvailable((c) => ({ kind: 'resource', status: 200, resource: myNoteResource(c.app.urls, c.services.directory, c.account) })),
      POST: whenAvailable(setNote),
    },
  },
  {
    pattern: `${ME}/location`,
    scope: 'app',
    methods: {
      GET: whenAvailable((c) => ({ kind: 'resource', status: 200, resource: myLocationResource(c.app.urls, c.services.directory, c.account) })),
      POST: whenAvailable(setLocation),
    },
  },
  { pattern: `${ME}/reportmyactivity`, scope: 'app', methods: { POST: whenAvailable(reportMyActivity) } },
];
