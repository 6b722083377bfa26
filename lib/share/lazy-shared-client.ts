import { EMPTY, defer, from, switchMap, type Observable } from 'rxjs';
import type { UcwaClient } from '../client.js';
import type { UcwaClientOptions } from '../client-options.js';
import { IDLE_STATUS, clientFacade, invokeOperation, openStream } from './client-facade.js';

/** True where tabs can share a client: Web Locks and BroadcastChannel exist, and this is not Node (nor a server platform on it). */
export function canShareTabs(): boolean {
  const host = globalThis as {
    process?: { versions?: { node?: unknown } };
    navigator?: { locks?: { request?: unknown } };
    BroadcastChannel?: unknown;
  };
  if (host.process?.versions?.node !== undefined) return false;
  return typeof host.BroadcastChannel === 'function' && typeof host.navigator?.locks?.request === 'function';
}

/**
 * A tab's client when tabs share: the sharing code (lib/share/) is loaded on first use, so that
 * an app pays for it in a chunk of its own; until then nothing runs.
 */
export function lazySharedClient(options: UcwaClientOptions, createOwn: (options: UcwaClientOptions) => UcwaClient): UcwaClient {
  let loading: Promise<UcwaClient> | undefined;
  let client: UcwaClient | undefined;
  let closed = false;
  const load = (): Promise<UcwaClient> =>
    (loading ??= import('./tabs-shared-client.js').then((module) => (client = module.createTabsSharedClient(options, createOwn))));
  const later = (use: (shared: UcwaClient) => Observable<unknown> | undefined): Observable<unknown> =>
    defer(() => (closed && !loading ? EMPTY : from(load()).pipe(switchMap((shared) => use(shared) ?? EMPTY))));
  return clientFacade({
    stream: (key) => later((shared) => openStream(shared, key)),
    call: (path, args) => later((shared) => invokeOperation(shared, path, args)),
    status: () => client?.status() ?? IDLE_STATUS,
    setEventChannelParameters: (parameters) => void load().then((shared) => shared.setEventChannelParameters(parameters)),
    close: async () => {
      closed = true;
      if (loading) await (await loading).close();
    },
  });
}
