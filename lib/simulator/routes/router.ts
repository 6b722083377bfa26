import type { Application } from '../app/application.js';
import type { ApplicationInstance } from '../app/instance.js';
import { APPLICATIONS_PATH } from '../app/urls.js';
import { unauthorized } from '../auth/oauth.js';
import { cookieAuthorization } from '../auth/photo-cookie.js';
import type { AccountRecord } from '../directory/records.js';
import { applicationNotFound, errorReply, methodNotAllowed, resourceNotFound } from '../http/errors.js';
import { allowedOrigin, type CorsPolicy } from '../http/cors.js';
import type { Reply, SimRequest } from '../http/types.js';
import type { Services } from './services.js';

/** Everything a handler gets. */
export interface RouteContext {
  /** The request. */
  readonly request: SimRequest;
  /** Path parameters (lower case, URL-decoded). */
  readonly params: Readonly<Record<string, string>>;
  /** Shared services. */
  readonly services: Services;
  /** The signed-in account (routes of scope `user` and `app`). */
  readonly account: AccountRecord;
  /** The application (routes of scope `app`). */
  readonly app: Application;
  /**
   * The instance the request names with `?instanceId=` (MultiTabSupport), if it names one;
   * a request naming an instance that does not exist gets 404 ApplicationNotFound before this.
   */
  readonly instance: ApplicationInstance | undefined;
}

/** A request handler. */
export type Handler = (context: RouteContext) => Reply | Promise<Reply>;

/** Who may call a route: anyone, a signed-in user, or the owner of the application in the path. */
export type RouteScope = 'public' | 'user' | 'app';

/** A route: a path pattern (`:name` segments; `:name@` only matches a segment with `@`) and its methods. */
export interface Route {
  readonly pattern: string;
  readonly scope: RouteScope;
  readonly methods: Readonly<Partial<Record<string, Handler>>>;
  /** Also accept the `cwt_ucwa` cookie instead of an Authorization header (photos, for `<img src>`). */
  readonly cookieAuth?: boolean;
}

function segments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s).toLowerCase();
      } catch {
        return s.toLowerCase();
      }
    });
}

function match(pattern: string, parts: readonly string[]): Record<string, string> | undefined {
  const want = pattern.split('/').filter((s) => s !== '');
  if (want.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const p = parts[i] ?? '';
    if (w.startsWith(':')) {
      const needsAt = w.endsWith('@');
      if (needsAt && !p.includes('@')) return undefined;
      params[w.slice(1, needsAt ? -1 : undefined)] = p;
    } else if (w !== p) return undefined;
  }
  return params;
}

const APP_PREFIX = segments(APPLICATIONS_PATH);

/** What the samples alert when the page's origin is not on the server's allowed list (ConfiguringATopology). */
const NOT_ALLOWED = 'Service does not allow a cross domain request from this origin.';

/**
 * Requests the cross-domain frame sends carry the page's origin in X-Ms-Origin; an origin the
 * server does not allow gets 403 with the reason in X-Ms-diagnostics. The allowed list is the
 * CORS policy's for the UCWA resources: loopback pages by default, plus the listed ones (or any
 * with `'*'`), none with `cors: false`.
 */
function crossDomainRefusal(request: SimRequest, cors: CorsPolicy): Reply | undefined {
  const origin = request.headers['x-ms-origin'];
  if (origin === undefined || origin === request.origin) return undefined;
  if (allowedOrigin(cors.ucwa, origin) !== undefined) return undefined;
  const diagnostics = `28072;source="${new URL(request.origin).hostname}";reason="${NOT_ALLOWED}"`;
  return errorReply(403, undefined, NOT_ALLOWED, { 'X-Ms-diagnostics': diagnostics });
}

/** The application id in a path under /ucwa/oauth/v1/applications/{id}/..., if any. */
function applicationIdOf(parts: readonly string[]): string | undefined {
  if (parts.length <= APP_PREFIX.length) return undefined;
  return APP_PREFIX.every((p, i) => parts[i] === p) ? parts[APP_PREFIX.length] : undefined;
}

/** The `instanceId` query parameter (name in any letter case), if present. */
function instanceIdOf(url: URL): string | undefined {
  for (const [name, value] of url.searchParams) if (name.toLowerCase() === 'instanceid') return value;
  return undefined;
}

/**
 * Matches requests to routes and applies the generic rules in the order a pool would: 401
 * without a valid token, 404 ApplicationNotFound for a missing application, 404
 * ResourceNotFound for an unknown path, 405 MethodNotAllowed for a wrong method.
 */
export class Router {
  /** @param routes in match order; @param services shared services. */
  constructor(
    private readonly routes: readonly Route[],
    private readonly services: Services,
  ) {}

  /** Handles one request. */
  async dispatch(request: SimRequest): Promise<Reply> {
    const parts = segments(request.url.pathname);
    let found: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      const params = match(route.pattern, parts);
      if (params) {
        found = { route, params };
        break;
      }
    }
    const protectedPath = parts[0] === 'ucwa';
    const scope: RouteScope = found?.route.scope ?? (protectedPath ? 'user' : 'public');
    let account: AccountRecord | undefined;
    const refused = crossDomainRefusal(request, this.services.options.cors);
    if (refused) return refused;
    if (scope !== 'public') {
      const cookie = found?.route.cookieAuth && request.headers.authorization === undefined ? cookieAuthorization(request.headers.cookie) : undefined;
      account = this.services.tokens.authenticate(cookie ?? request.headers.authorization);
      if (!account) return unauthorized(request.origin);
    }
    const appId = applicationIdOf(parts);
    let app: Application | undefined;
    let instance: ApplicationInstance | undefined;
    if (account && appId !== undefined) {
      app = this.services.registry.find(account, appId);
      if (!app) return applicationNotFound();
      const instanceId = instanceIdOf(request.url);
      if (instanceId !== undefined) {
        instance = app.instance(instanceId);
        // That instance expired or was deleted: to it, the application does not exist.
        if (!instance) return applicationNotFound();
        instance.touch();
      }
      app.touch();
    }
    if (!found) return resourceNotFound();
    const handler = found.route.methods[request.method];
    if (!handler) return methodNotAllowed(Object.keys(found.route.methods));
    const context = {
      request,
      params: found.params,
      services: this.services,
      get account(): AccountRecord {
        if (!account) throw new Error('route needs a signed-in user');
        return account;
      },
      get app(): Application {
        if (!app) throw new Error('route needs an application');
        return app;
      },
      instance,
    };
    return handler(context);
  }
}
