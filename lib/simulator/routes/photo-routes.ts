import { uriKey } from '../directory/uri.js';
import { DEFAULT_PHOTO_SIZE, parsePhotoSize } from '../directory/photos/photo-size.js';
import { errorReply, parameterValidationFailure } from '../http/errors.js';
import type { Reply } from '../http/types.js';
import { APPLICATION_PATTERN } from './application-routes.js';
import type { Route, RouteContext } from './router.js';

/**
 * GET photos/{address} `?size=HR{n}X{n}` (photo_ref, contactPhoto_ref, GetMyPhoto):
 * the image itself (a generated JPEG unless one was set), `Cache-Control: private`. Someone
 * without a photo, or unknown, is 404 NotFound. A size Exchange does not serve is 400.
 */
function photo(context: RouteContext): Reply {
  const size = parsePhotoSize(context.request.url.searchParams.get('size') ?? undefined);
  if (size === 'invalid') return parameterValidationFailure({ size: 'size must be of the form HR{length}X{width}, one of HR48X48, HR64X64, HR96X96, HR120X120, HR240X240, HR360X360, HR432X432, HR504X504 or HR648X648.' });
  const found = context.services.directory.photo(uriKey(context.params.contact ?? ''), size ?? { width: DEFAULT_PHOTO_SIZE, height: DEFAULT_PHOTO_SIZE });
  if (!found) return errorReply(404, 'ResourceNotFound', 'The user has no photo.');
  return { kind: 'raw', status: 200, contentType: found.contentType, body: found.data, headers: { 'Cache-Control': 'private' } };
}

/** Photos of the user and her contacts; a browser's `<img src>` authenticates with the cwt_ucwa cookie. */
export const photoRoutes: readonly Route[] = [{ pattern: `${APPLICATION_PATTERN}/photos/:contact@`, scope: 'app', cookieAuth: true, methods: { GET: photo } }];
