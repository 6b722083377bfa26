import { TOKEN_PATH } from '../app/urls.js';
import { handleTokenRequest } from '../auth/oauth.js';
import { applicationRoutes } from './application-routes.js';
import { batchRoutes } from './batch-route.js';
import { contactsAndGroupsRoutes } from './contacts-and-groups-routes.js';
import { discoveryRoutes } from './discovery-routes.js';
import { eventsRoutes } from './events-route.js';
import { meRoutes } from './me-routes.js';
import { peopleRoutes } from './people-routes.js';
import { photoRoutes } from './photo-routes.js';
import { presenceSubscriptionRoutes } from './presence-subscription-routes.js';
import { Router, type Route } from './router.js';
import { searchRoutes } from './search-route.js';
import type { Services } from './services.js';

/** The OAuth token endpoint. */
const tokenRoutes: readonly Route[] = [
  {
    pattern: TOKEN_PATH,
    scope: 'public',
    methods: { POST: (c) => handleTokenRequest(c.request, c.services.directory, c.services.tokens) },
  },
];

/** The router with every UCWA route of the simulator, in match order. */
export function buildRouter(services: Services): Router {
  return new Router(
    [
      ...discoveryRoutes,
      ...tokenRoutes,
      ...applicationRoutes,
      ...eventsRoutes,
      ...batchRoutes,
      ...presenceSubscriptionRoutes,
      ...contactsAndGroupsRoutes,
      ...meRoutes,
      ...photoRoutes,
      ...searchRoutes,
      ...peopleRoutes,
    ],
    services,
  );
}
