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

/** The client of one tab when tabs share (loaded on first use by `createUcwaClient`). */
export function createTabsSharedClient(options: UcwaClientOptions, createOwn: CreateOwnClient): UcwaClient {
  return createSharedClient(options, { transport: tabsTransport(shareName(options)), createOwn });
}
