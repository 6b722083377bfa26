import type { ChannelSettings } from '../events/event-channel.js';
import { applicationNotFound, notAllowedInBatch, parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import { integerParameter, rangeReason } from './input.js';
import type { Route, RouteContext } from './router.js';

/** Ranges of the P-GET query parameters (events_ref), in seconds. */
const RANGES: Readonly<Record<keyof ChannelSettings, readonly [number, number]>> = {
  timeout: [180, 1800],
  low: [5, 1800],
  medium: [5, 1800],
};

/**
 * GET events (the P-GET) on the channel of one application instance (`instanceId`, or the
 * instance created without one; 404 ApplicationNotFound if it does not exist): `ack` is required; `timeout`, `low` and `medium` are validated and
 * remembered; `priority` (an integer, default 0) decides which of two P-GETs with the same ack wins.
 * Refused inside a batch, whatever spelling of the path reached this route.
 */
function events(context: RouteContext): Reply | Promise<Reply> {
  if (context.request.inBatch) return notAllowedInBatch();
  const query = context.request.url.searchParams;
  const invalid: Record<string, string> = {};
  const ack = integerParameter(query.get('ack') ?? undefined, 1, Number.MAX_SAFE_INTEGER);
  if (typeof ack !== 'number') invalid.ack = ack === 'missing' ? 'ack is required.' : 'ack must be a positive integer.';
  const priority = integerParameter(query.get('priority') ?? undefined, -2147483648, 2147483647);
  if (priority === 'invalid') invalid.priority = 'priority must be an integer.';
  const settings: { -readonly [K in keyof ChannelSettings]?: number } = {};
  for (const name of Object.keys(RANGES) as Array<keyof ChannelSettings>) {
    const [min, max] = RANGES[name];
    const value = integerParameter(query.get(name) ?? undefined, min, max);
    if (value === 'invalid') invalid[name] = rangeReason(name, min, max, value);
    else if (typeof value === 'number') settings[name] = value;
  }
  if (Object.keys(invalid).length > 0 || typeof ack !== 'number') return parameterValidationFailure(invalid);
  const { request } = context;
  // The channel of the instance named by `instanceId`, or of the one created without it.
  const instance = context.instance ?? context.app.instance(undefined);
  if (!instance) return applicationNotFound();
  return instance.channel.pget({
    ack,
    priority: typeof priority === 'number' ? priority : 0,
    settings,
    signal: request.signal,
    park: () => request.park(),
    unpark: () => request.unpark(),
  });
}

/** The event channel resource. */
export const eventsRoutes: readonly Route[] = [{ pattern: `${APPLICATION_PATTERN}/events`, scope: 'app', methods: { GET: events } }];
