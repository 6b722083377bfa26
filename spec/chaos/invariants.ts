import type { ContactPresence, ContactsAndGroupsSubscriptionStatus, PinnedGroup } from '../../lib/index.js';
import type { ApplicationState, PresenceUpdate } from '../../lib/simulator/index.js';

/** One broken invariant. */
export interface Violation {
  /** What broke: `stale-value`, `membership-missing`, `stream-error-transient`, ... */
  readonly kind: string;
  /** Simulated milliseconds since the run started, when it was found. */
  readonly at: number;
  /** What was expected and what was found. */
  readonly detail: string;
  /** The last requests through the proxy when it was found. */
  trace?: readonly string[];
}

/** A violation before it has a time and a trace. */
export type Finding = Pick<Violation, 'kind' | 'detail'>;

/** A watched contact at a quiet point: its URI as subscribed and the last value any of its streams has. */
export interface WatchedContact {
  readonly uri: string;
  /** The latest value over the contact's live subscribers, or undefined when none has one. */
  readonly last: ContactPresence | undefined;
  /** Live subscribers whose latest value differs from the latest one (each subscriber must see the same). */
  readonly disagreeing: number;
}

/** Everything a quiet-point check looks at. */
export interface QuietPointView {
  readonly watched: readonly WatchedContact[];
  /** The simulator's truth for a person. */
  readonly truth: (uri: string) => PresenceUpdate;
  /** The applications of the soak's user on the server: the client's own, and overflow ones (endpointId ending `~n`). */
  readonly applications: readonly ApplicationState[];
  /** P-GETs held on the server (every user). */
  readonly heldPgets: number;
  /** The server's limit of contacts per presence subscription. */
  readonly contactsPerSubscription: number;
  /** The server's limit of presence subscriptions per application. */
  readonly subscriptionsPerApplication: number;
  /** Extra subscriptions tolerated beyond the fewest that hold the watched set (0: none). */
  readonly extraSubscriptions: number;
  /** The pinned group: the server's members, and the stream's last value (when pinnedGroup$ is subscribed). */
  readonly pinned: { readonly server: readonly string[]; readonly last: PinnedGroup | undefined; readonly subscribed: boolean };
  /** The contacts-and-groups subscription stream's last value (when subscribed). */
  readonly contactsAndGroups: { readonly last: ContactsAndGroupsSubscriptionStatus | undefined; readonly subscribed: boolean };
}

const key = (uri: string): string => uri.trim().toLowerCase();

/** The invariants that must hold once the system has settled without faults. */
export function checkQuietPoint(view: QuietPointView): Finding[] {
  return [...checkApplication(view), ...checkValues(view), ...checkMemberships(view), ...checkContactLists(view)];
}

/** Whether an application is one of the client's overflow applications (endpointId `<own>~n`). */
const isOverflow = (app: ApplicationState): boolean => /~\d+$/.test(app.endpointId);

/**
 * At most one application of the client's own, overflow applications only while they hold
 * contacts and no more of them than the watched contacts need (packed: contacts of the last
 * applications move into earlier ones' room), and one held P-GET per application; while
 * anything is subscribed, the client's own application exists and has its P-GET.
 */
function checkApplication(view: QuietPointView): Finding[] {
  const findings: Finding[] = [];
  const wanted = view.watched.length > 0 || view.pinned.subscribed || view.contactsAndGroups.subscribed;
  const own = view.applications.filter((a) => !isOverflow(a));
  const overflow = view.applications.filter(isOverflow);
  if (own.length > 1) findings.push({ kind: 'applications', detail: `${own.length} applications on the server` });
  if (wanted && view.applications.length === 0) findings.push({ kind: 'no-application', detail: 'streams subscribed but no application on the server' });
  const empty = overflow.filter((a) => a.presenceSubscriptions.every((s) => s.members.length === 0));
  if (empty.length > 0) findings.push({ kind: 'overflow-application-empty', detail: `${empty.length} overflow application(s) with no contact` });
  const perApplication = view.contactsPerSubscription * view.subscriptionsPerApplication;
  const needed = Math.ceil(view.watched.length / perApplication);
  const holding = view.applications.filter((a) => a.presenceSubscriptions.some((s) => s.members.length > 0)).length;
  if (holding > Math.max(1, needed)) findings.push({ kind: 'applications-unpacked', detail: `${holding} applications hold ${view.watched.length} contacts (${perApplication} each: ${needed} needed)` });
  if (view.heldPgets > Math.max(1, view.applications.length)) findings.push({ kind: 'pgets', detail: `${view.heldPgets} P-GETs held for ${view.applications.length} application(s)` });
  if (wanted && view.applications.length > 0 && view.heldPgets < view.applications.length) findings.push({ kind: 'no-pget', detail: `${view.heldPgets} P-GET(s) held for ${view.applications.length} application(s) after settling` });
  return findings;
}

/** Every watched contact's last value equals the server's truth (availability, activity, device). */
function checkValues(view: QuietPointView): Finding[] {
  const findings: Finding[] = [];
  for (const contact of view.watched) {
    const truth = view.truth(contact.uri);
    const expected = `${truth.availability}/${truth.activity ?? '-'}/${truth.deviceType ?? '-'}`;
    if (!contact.last) {
      findings.push({ kind: 'no-value', detail: `${contact.uri}: no value yet, server has ${expected}` });
      continue;
    }
    const seen = `${contact.last.availability}/${contact.last.activity ?? '-'}/${contact.last.deviceType ?? '-'}`;
    if (seen !== expected) findings.push({ kind: 'stale-value', detail: `${contact.uri}: stream has ${seen}, server has ${expected}` });
    if (contact.disagreeing > 0) findings.push({ kind: 'subscribers-disagree', detail: `${contact.uri}: ${contact.disagreeing} subscriber(s) behind the others` });
  }
  return findings;
}

/**
 * The union of the members of the applications' presence subscriptions is exactly the watched
 * set (case-insensitive), each contact in one subscription of one application, no subscription
 * without members, and no application with more subscriptions than its contacts need.
 */
function checkMemberships(view: QuietPointView): Finding[] {
  // No application at all is found by checkApplication.
  if (view.applications.length === 0) return [];
  const findings: Finding[] = [];
  const watched = new Map(view.watched.map((c) => [key(c.uri), c.uri]));
  const seen = new Map<string, string[]>();
  for (const app of view.applications) {
    let members = 0;
    for (const subscription of app.presenceSubscriptions) {
      if (subscription.members.length === 0) findings.push({ kind: 'orphan-subscription', detail: `subscription ${subscription.id} has no members` });
      members += subscription.members.length;
      for (const member of subscription.members) seen.set(key(member), [...(seen.get(key(member)) ?? []), subscription.id]);
    }
    const needed = Math.ceil(members / view.contactsPerSubscription);
    const live = app.presenceSubscriptions.length;
    if (live > needed + view.extraSubscriptions) {
      findings.push({ kind: 'over-subscribed', detail: `${live} subscriptions for ${members} contacts (${view.contactsPerSubscription} per subscription: ${needed} needed)` });
    }
  }
  for (const [contact, uri] of watched) if (!seen.has(contact)) findings.push({ kind: 'membership-missing', detail: `${uri} is watched but in no subscription` });
  for (const [contact, ids] of seen) {
    if (!watched.has(contact)) findings.push({ kind: 'membership-extra', detail: `${contact} is in subscription ${ids.join(', ')} but not watched` });
    if (ids.length > 1) findings.push({ kind: 'membership-duplicate', detail: `${contact} is in ${ids.length} subscriptions (${ids.join(', ')})` });
  }
  return findings;
}

/** The pinned group stream equals the server's pinned group; the contacts-and-groups subscription is Connected on both sides. */
function checkContactLists(view: QuietPointView): Finding[] {
  const findings: Finding[] = [];
  const app = view.applications.find((a) => !isOverflow(a));
  if (view.pinned.subscribed) {
    const server = [...new Set(view.pinned.server.map(key))].sort();
    const stream = view.pinned.last ? [...new Set(view.pinned.last.contacts.map((c) => key(c.uri)))].sort() : undefined;
    if (!stream) findings.push({ kind: 'pinned-group-no-value', detail: `pinnedGroup$ has no value; server has [${server.join(', ')}]` });
    else if (stream.join(' ') !== server.join(' ')) {
      const missing = server.filter((u) => !stream.includes(u));
      const extra = stream.filter((u) => !server.includes(u));
      findings.push({ kind: 'pinned-group-stale', detail: `pinnedGroup$ lacks [${missing.join(', ')}] and has extra [${extra.join(', ')}]` });
    }
  }
  if (view.pinned.subscribed || view.contactsAndGroups.subscribed) {
    const serverState = app?.contactsAndGroupsSubscription.state;
    if (app && serverState !== 'Connected') findings.push({ kind: 'contacts-and-groups-server', detail: `server subscription is ${serverState}` });
  }
  if (view.contactsAndGroups.subscribed) {
    const state = view.contactsAndGroups.last?.state;
    if (state !== 'Connected') findings.push({ kind: 'contacts-and-groups-stream', detail: `myContactsAndGroupsSubscription$ last said ${state ?? 'nothing'}` });
  }
  return findings;
}
