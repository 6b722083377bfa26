import { APPLICATIONS_PATH, ROOT_PATH, USER_PATH } from '../app/urls.js';
import { resource } from '../format/resource.js';
import type { Reply } from '../http/types.js';
import type { Route, RouteContext } from './router.js';
import { XFRAME_PAGE } from './xframe-page.js';

/** The xframe link target, in the case the reference writes it. */
const XFRAME_HREF = '/Autodiscover/XFrame/XFrame.html';

/** GET root: self, user and xframe links, absolute as in CreateAnApplication. */
function root({ request }: RouteContext): Reply {
  const o = request.origin;
  return {
    kind: 'resource',
    status: 200,
    resource: resource('root', `${o}${ROOT_PATH}`).link('user', `${o}${USER_PATH}`).link('xframe', `${o}${XFRAME_HREF}`).build(),
  };
}

/**
 * GET user (signed in): the applications link, or a redirect link to the pool the user is
 * homed on when the simulator is configured to redirect (user_ref, RootURL).
 */
function user({ request, services }: RouteContext): Reply {
  const o = request.origin;
  const builder = resource('user', `${o}${USER_PATH}`);
  const redirect = services.redirectTarget();
  if (redirect === undefined) builder.link('applications', `${o}${APPLICATIONS_PATH}`);
  else builder.link('redirect', redirect);
  return { kind: 'resource', status: 200, resource: builder.link('xframe', `${o}${XFRAME_HREF}`).build() };
}

function xframe(): Reply {
  return { kind: 'raw', status: 200, contentType: 'text/html; charset=utf-8', body: XFRAME_PAGE };
}

/**
 * Autodiscovery: `/` and the root, the user resource and the cross-domain frame, served where the
 * root links it, at `/xframe` of the discovery host (CreateAnApplication's Referer, and where
 * Microsoft's helper libraries look first) and at the root's `xframe` path of root_ref.
 */
export const discoveryRoutes: readonly Route[] = [
  { pattern: '/', scope: 'public', methods: { GET: root } },
  { pattern: ROOT_PATH, scope: 'public', methods: { GET: root } },
  { pattern: USER_PATH, scope: 'user', methods: { GET: user } },
  { pattern: XFRAME_HREF.toLowerCase(), scope: 'public', methods: { GET: xframe } },
  { pattern: '/xframe', scope: 'public', methods: { GET: xframe } },
  { pattern: `${ROOT_PATH}/xframe`, scope: 'public', methods: { GET: xframe } },
];
