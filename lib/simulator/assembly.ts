import { ApplicationRegistry } from './app/application-registry.js';
import { TokenStore } from './auth/tokens.js';
import { FaultInjector } from './control/faults.js';
import { RequestLog } from './control/request-log.js';
import { DirectoryStore } from './directory/directory-store.js';
import { SimulatorHttpServer } from './http/http-server.js';
import type { Reply, SimRequest } from './http/types.js';
import type { ResolvedOptions } from './options.js';
import { buildRouter } from './routes/all-routes.js';
import { OutstandingRequests, type Services } from './routes/services.js';

/** The collaborators a simulator is assembled from. */
export interface SimulatorParts {
  /** Options in effect, with the bound port. */
  readonly options: ResolvedOptions;
  readonly directory: DirectoryStore;
  readonly registry: ApplicationRegistry;
  readonly tokens: TokenStore;
  readonly server: SimulatorHttpServer;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  /** The bound port. */
  readonly port: number;
}

/** What the assembled parts call back into the Simulator for. */
export interface AssemblyHooks {
  /** The current redirect target of the user resource. */
  redirectTarget(): string | undefined;
  /** Handles an admin request. */
  admin(request: SimRequest): Reply;
}

/** Wires the directory, tokens, applications, router and HTTP server, and starts listening. */
export async function assembleSimulator(options: ResolvedOptions, hooks: AssemblyHooks): Promise<SimulatorParts> {
  const { clock, limits } = options;
  const directory = new DirectoryStore(options.directory, clock);
  const tokens = new TokenStore(clock, limits.tokenLifetimeMs, limits.maxTokensPerUser);
  const registry = new ApplicationRegistry(
    { clock, directory, limits, aggregationScale: options.aggregationScale, varyEventHrefs: options.varyEventHrefs },
    directory,
  );
  const outstanding = new OutstandingRequests();
  const log = new RequestLog(limits.maxRequestLogEntries);
  const faults = new FaultInjector();
  const services: Services = {
    clock,
    directory,
    registry,
    tokens,
    options,
    outstanding,
    redirectTarget: () => hooks.redirectTarget(),
    dispatch: (request) => router.dispatch(request),
  };
  const router = buildRouter(services);
  const server = new SimulatorHttpServer({
    options,
    clock,
    tokens,
    faults,
    log,
    outstanding,
    dispatch: (request) => router.dispatch(request),
    admin: (request) => hooks.admin(request),
  });
  const port = await server.listen();
  return { options: { ...options, port }, directory, registry, tokens, server, log, faults, port };
}
