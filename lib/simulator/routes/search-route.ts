import { parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { searchResource } from '../representations/search.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import { integerParameter } from './input.js';
import type { Route, RouteContext } from './router.js';

/** The longest query or mail address (search_ref, search2_ref). */
const MAX_QUERY = 256;
/** Results when the request gives no limit. */
const DEFAULT_LIMIT = 100;

/**
 * GET search `?query=&limit=` (search_ref), or `?mail=` (search2_ref): `query` (or `mail`)
 * is required and at most 256 characters, `limit` 1-100 (default 100); otherwise 400
 * ParameterValidationFailure. Results are contacts sorted by name.
 */
function search(context: RouteContext): Reply {
  const params = context.request.url.searchParams;
  const query = params.get('query') ?? undefined;
  const mail = params.get('mail') ?? undefined;
  const invalid: Record<string, string> = {};
  if ((query ?? '').trim() === '' && (mail ?? '').trim() === '') invalid.query = 'query is required.';
  if ((query?.length ?? 0) > MAX_QUERY) invalid.query = `The maximum length of query is ${MAX_QUERY} characters.`;
  if ((mail?.length ?? 0) > MAX_QUERY) invalid.mail = `The maximum length of mail is ${MAX_QUERY} characters.`;
  const limit = integerParameter(params.get('limit') ?? undefined, 1, 100);
  if (limit === 'invalid') invalid.limit = 'limit must be an integer; the maximum value is 100 and the minimum value is 1.';
  if (Object.keys(invalid).length > 0) return parameterValidationFailure(invalid);
  const { directory } = context.services;
  const result = directory.search({
    ...(query === undefined ? {} : { query }),
    ...(mail === undefined ? {} : { mail }),
    limit: typeof limit === 'number' ? limit : DEFAULT_LIMIT,
  });
  return { kind: 'resource', status: 200, resource: searchResource(context.app.urls, directory, result, context.request.url.search) };
}

/** The people hub's search resource. */
export const searchRoutes: readonly Route[] = [{ pattern: `${APPLICATION_PATTERN}/people/search`, scope: 'app', methods: { GET: search } }];
