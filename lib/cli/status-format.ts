import type { ConnectionState } from '../index.js';
import type { Palette } from './ansi.js';
import { describeFailure } from './cli-error.js';
import type { Scrub } from './secret-redactor.js';
import type { StatusView } from './status-tracker.js';

/** `mm:ss` or `h:mm:ss` of a duration; `expired` when it is over. */
export function timeLeft(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** What the event channel is doing, in a few words (what it quotes from an error through `scrub`). */
export function channelText(connection: ConnectionState, lastEventAt: number | undefined, now: number, scrub: Scrub): string {
  switch (connection.status) {
    case 'idle':
      return 'not started';
    case 'connecting':
      return 'starting';
    case 'connected':
      return lastEventAt === undefined ? 'P-GET held, no event yet' : `P-GET held, last event ${Math.max(0, Math.round((now - lastEventAt) / 1000))}s ago`;
    case 'reconnecting':
      return `retry ${connection.attempt} in ${Math.ceil(connection.retryInMs / 1000)}s: ${describeFailure(connection.reason, scrub)}`;
    case 'closed':
      return connection.error ? `closed: ${describeFailure(connection.error, scrub)}` : 'closed';
  }
}

/** The server subscriptions and their time left, in a few words (the server's ids and states through `scrub`). */
export function subscriptionsText(view: StatusView, scrub: Scrub): string {
  const parts: string[] = [];
  const presence = view.presenceSubscriptions;
  if (presence.length === 1 && presence[0]) {
    parts.push(`presence ${presence[0].id === undefined ? '(new)' : scrub(presence[0].id)}: ${presence[0].members} contacts, ${timeLeft(presence[0].expiresAt.getTime() - view.now)} left`);
  } else if (presence.length > 1) {
    const members = presence.reduce((sum, s) => sum + s.members, 0);
    const next = Math.min(...presence.map((s) => s.expiresAt.getTime()));
    parts.push(`presence: ${presence.length} subscriptions, ${members} contacts, next expiry in ${timeLeft(next - view.now)}`);
  } else {
    parts.push('presence: none');
  }
  const cg = view.contactsAndGroups;
  if (cg) parts.push(`contacts & groups: ${scrub(cg.state)}${cg.expiresAt ? `, ${timeLeft(cg.expiresAt.getTime() - view.now)} left` : ''}`);
  return parts.join(' · ');
}

/** The status as two screen lines. */
export function statusLines(view: StatusView, paint: Palette, scrub: Scrub): string[] {
  const { connection, counters } = view;
  const colour = connection.status === 'connected' ? paint.green : connection.status === 'closed' ? paint.red : paint.yellow;
  const label = (text: string): string => paint.dim(text);
  return [
    `${label('connection')} ${colour(connection.status)}  ${label('channel')} ${channelText(connection, view.lastEventAt, view.now, scrub)}  ${label('events')} ${counters.events}  ${label('renewals')} ${view.renewals}  ${label('resets')} ${counters.resets}  ${label('requests')} ${counters.requests}`,
    `${label('subscriptions')} ${subscriptionsText(view, scrub)}`,
  ];
}

/** The status as an NDJSON record (`{"type":"status",...}`); what came from the server or an error goes through `scrub`. */
export function statusRecord(view: StatusView, scrub: Scrub): Record<string, unknown> {
  const { connection } = view;
  return {
    type: 'status',
    connection: connection.status,
    ...(connection.status === 'reconnecting'
      ? { reason: describeFailure(connection.reason, scrub), attempt: connection.attempt, retryInMs: connection.retryInMs }
      : {}),
    ...(connection.status === 'closed' && connection.error ? { error: describeFailure(connection.error, scrub) } : {}),
    events: view.counters.events,
    resets: view.counters.resets,
    renewals: view.renewals,
    subscriptions: [
      ...view.presenceSubscriptions.map((s) => ({ kind: 'presence', id: s.id === undefined ? null : scrub(s.id), contacts: s.members, expiresAt: s.expiresAt.toISOString() })),
      ...(view.contactsAndGroups
        ? [{ kind: 'contactsAndGroups', state: scrub(view.contactsAndGroups.state), expiresAt: view.contactsAndGroups.expiresAt?.toISOString() ?? null }]
        : []),
    ],
    at: new Date(view.now).toISOString(),
  };
}
