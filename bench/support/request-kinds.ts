import type { RequestLogEntry } from '../../lib/simulator/index.js';

/** What a logged request was for. */
export type RequestKind =
  | 'pget'
  | 'sign-in'
  | 'application'
  | 'myContacts'
  | 'subscription-create'
  | 'subscription-extend'
  | 'membership'
  | 'batch'
  | 'presence-get'
  | 'other';

/** Sorts a simulator request log entry into a {@link RequestKind} by method and path. */
export function requestKind(entry: Pick<RequestLogEntry, 'method' | 'path'>): RequestKind {
  const path = (entry.path.split('?')[0] ?? '').toLowerCase();
  const { method } = entry;
  if (method === 'GET' && path.endsWith('/events')) return 'pget';
  if (path.startsWith('/autodiscover/') || path === '/' || path === '/webticket/oauthtoken') return 'sign-in';
  if (method === 'POST' && path === '/ucwa/oauth/v1/applications') return 'application';
  if (method === 'GET' && path.endsWith('/people/contacts')) return 'myContacts';
  if (method === 'POST' && path.endsWith('/presencesubscriptions')) return 'subscription-create';
  if (method === 'POST' && /\/presencesubscriptions\/[^/]+$/.test(path)) return 'subscription-extend';
  if (path.includes('/presencesubscriptionmemberships')) return 'membership';
  if (method === 'POST' && path.endsWith('/batch')) return 'batch';
  if (method === 'GET' && path.endsWith('/presence')) return 'presence-get';
  return 'other';
}

/** Requests counted by kind (kinds never seen are absent). */
export type RequestKinds = Partial<Record<RequestKind, number>>;

/** How many entries of each kind. */
export function countKinds(entries: readonly Pick<RequestLogEntry, 'method' | 'path'>[]): RequestKinds {
  const counts: RequestKinds = {};
  for (const entry of entries) {
    const kind = requestKind(entry);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
