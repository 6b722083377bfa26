import type { UcwaClient } from '../client.js';
import type { UcwaClientOptions } from '../client-options.js';
import { createSharedClient, type CreateOwnClient } from './shared-client.js';
import { tabsTransport } from './tabs-transport.js';

/**
 * The name of the lock and the channel: one per discovery origin and user, so that two users or
 * two servers never share. With a token (the user is not known before signing in) it is one per
 * discovery origin.
 */
export function shareName(options: UcwaClientOptions): string {
  const user = options.credentials?.username.trim().toLowerCase() ?? '';
  return `ucwa-rx:${new URL(options.discoveryUrl).origin}:${user}`;
}

/**
 * The client of one tab when tabs share (loaded on first use by `createUcwaClient`). A page that
 * unloads for good (`pagehide` not kept in the back/forward cache) says goodbye, so that the
 * leader drops its wishes at once rather than after the heartbeat timeout.
 */
export function createTabsSharedClient(options: UcwaClientOptions, createOwn: CreateOwnClient): UcwaClient {
  const client = createSharedClient(options, { transport: tabsTransport(shareName(options)), createOwn });
  const page = (globalThis as { addEventListener?: (type: string, listener: (event: PageTransitionEvent) => void) => void }).addEventListener;
  page?.call(globalThis, 'pagehide', (event) => {
    if (!event.persisted) client.leave();
  });
  return client;
}
