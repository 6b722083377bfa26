import { describe, expect, it } from '@jest/globals';
import type { ApplicationState, PresenceUpdate } from '../../lib/simulator/index.js';
import { checkQuietPoint, type QuietPointView } from './invariants.js';

const truth: Record<string, PresenceUpdate> = {
  'sip:bob@contoso.com': { availability: 'Busy', activity: 'on-the-phone', deviceType: 'PC' },
  'sip:sarad@contoso.com': { availability: 'Away', deviceType: 'Mobile' },
};

function app(subscriptions: { id: string; members: string[] }[], contactsAndGroups: 'Connected' | 'Disconnected' = 'Connected', endpointId = 'e'): ApplicationState {
  return {
    id: '101',
    user: 'sip:alice@contoso.com',
    endpointId,
    userAgent: 'soak',
    culture: 'en-US',
    createdAt: 0,
    lastActivityAt: 0,
    eventChannel: {} as ApplicationState['eventChannel'],
    instances: [],
    presenceSubscriptions: subscriptions.map((s) => ({ ...s, expiresAt: 0 })),
    subscribedContacts: [],
    contactsAndGroupsSubscription: { state: contactsAndGroups },
  };
}

/** A healthy view: Bob and Sara watched with current values, one subscription, pinned group and contacts-and-groups live. */
function healthy(): QuietPointView {
  return {
    watched: [
      { uri: 'sip:bob@contoso.com', last: { uri: 'sip:bob@contoso.com', availability: 'Busy', activity: 'on-the-phone', deviceType: 'PC' }, disagreeing: 0 },
      { uri: 'sip:SaraD@contoso.com', last: { uri: 'sip:SaraD@contoso.com', availability: 'Away', deviceType: 'Mobile' }, disagreeing: 0 },
    ],
    truth: (uri) => truth[uri.toLowerCase()] ?? { availability: 'Offline', deviceType: 'Unknown' },
    applications: [app([{ id: 'a', members: ['sip:bob@contoso.com', 'sip:SaraD@contoso.com'] }])],
    heldPgets: 1,
    contactsPerSubscription: 250,
    subscriptionsPerApplication: 50,
    extraSubscriptions: 0,
    pinned: { server: ['sip:bob@contoso.com'], last: { id: '1', name: 'Pinned Contacts', contacts: [{ uri: 'sip:Bob@contoso.com', emailAddresses: [] }] }, subscribed: true },
    contactsAndGroups: { last: { state: 'Connected', refreshes: 0, starts: 1 }, subscribed: true },
  };
}

const kinds = (view: QuietPointView): string[] => checkQuietPoint(view).map((f) => f.kind);

describe('quiet-point invariants', () => {
  it('hold for a healthy view (URIs compared without regard to case)', () => {
    expect(checkQuietPoint(healthy())).toEqual([]);
  });

  it('find a stale value, a missing one and subscribers that disagree', () => {
    const view = healthy();
    expect(kinds({ ...view, truth: () => ({ availability: 'Online', deviceType: 'PC' }) })).toEqual(['stale-value', 'stale-value']);
    expect(kinds({ ...view, watched: [{ ...view.watched[0]!, last: undefined }, view.watched[1]!] })).toEqual(['no-value']);
    expect(kinds({ ...view, watched: [{ ...view.watched[0]!, disagreeing: 1 }, view.watched[1]!] })).toEqual(['subscribers-disagree']);
  });

  it('find memberships missing, extra, duplicated, orphan subscriptions and more subscriptions than needed', () => {
    const view = healthy();
    const withSubscriptions = (subscriptions: { id: string; members: string[] }[]): string[] => kinds({ ...view, applications: [app(subscriptions)] });
    expect(withSubscriptions([{ id: 'a', members: ['sip:bob@contoso.com'] }])).toEqual(['membership-missing']);
    expect(withSubscriptions([{ id: 'a', members: ['sip:bob@contoso.com', 'sip:sarad@contoso.com', 'sip:carol@contoso.com'] }])).toEqual(['membership-extra']);
    expect(withSubscriptions([{ id: 'a', members: ['sip:bob@contoso.com', 'sip:sarad@contoso.com'] }, { id: 'b', members: ['sip:bob@contoso.com'] }])).toEqual([
      'over-subscribed',
      'membership-duplicate',
    ]);
    expect(withSubscriptions([{ id: 'a', members: ['sip:bob@contoso.com', 'sip:sarad@contoso.com'] }, { id: 'b', members: [] }])).toEqual([
      'orphan-subscription',
      'over-subscribed',
    ]);
    expect(kinds({ ...view, contactsPerSubscription: 1, applications: [app([{ id: 'a', members: ['sip:bob@contoso.com'] }, { id: 'b', members: ['sip:sarad@contoso.com'] }])] })).toEqual([]);
  });

  it('find too many or no applications and P-GETs', () => {
    const view = healthy();
    expect(kinds({ ...view, applications: [...view.applications, app([])], heldPgets: 2 })).toEqual(['applications']);
    expect(kinds({ ...view, applications: [] })).toEqual(['no-application']);
    expect(kinds({ ...view, heldPgets: 2 })).toEqual(['pgets']);
    expect(kinds({ ...view, heldPgets: 0 })).toEqual(['no-pget']);
  });

  it('find a stale pinned group and a contacts-and-groups subscription that is not Connected', () => {
    const view = healthy();
    expect(kinds({ ...view, pinned: { ...view.pinned, server: ['sip:bob@contoso.com', 'sip:judy@contoso.com'] } })).toEqual(['pinned-group-stale']);
    expect(kinds({ ...view, pinned: { ...view.pinned, last: undefined } })).toEqual(['pinned-group-no-value']);
    expect(kinds({ ...view, applications: [app([{ id: 'a', members: ['sip:bob@contoso.com', 'sip:SaraD@contoso.com'] }], 'Disconnected')] })).toEqual([
      'contacts-and-groups-server',
    ]);
    expect(kinds({ ...view, contactsAndGroups: { last: { state: 'Connecting', refreshes: 0, starts: 1 }, subscribed: true } })).toEqual(['contacts-and-groups-stream']);
  });

  it('allow overflow applications that hold contacts, packed, each with its P-GET; find empty, unpacked and duplicated ones', () => {
    // One contact per application: Bob on the client's own, Sara on overflow application 1.
    const view: QuietPointView = {
      ...healthy(),
      contactsPerSubscription: 1,
      subscriptionsPerApplication: 1,
      applications: [app([{ id: 'a', members: ['sip:bob@contoso.com'] }]), app([{ id: 'b', members: ['sip:SaraD@contoso.com'] }], 'Disconnected', 'e~1')],
      heldPgets: 2,
    };
    expect(kinds(view)).toEqual([]);
    expect(kinds({ ...view, heldPgets: 1 })).toEqual(['no-pget']);
    expect(kinds({ ...view, applications: [...view.applications, app([], 'Disconnected', 'e~2')], heldPgets: 3 })).toEqual(['overflow-application-empty']);
    // Two contacts fit in one application: two applications holding them is not packed.
    expect(kinds({ ...view, subscriptionsPerApplication: 2 })).toEqual(['applications-unpacked']);
    const both = app([{ id: 'b', members: ['sip:SaraD@contoso.com', 'sip:bob@contoso.com'] }], 'Disconnected', 'e~1');
    expect(kinds({ ...view, contactsPerSubscription: 2, applications: [view.applications[0]!, both] })).toEqual(['applications-unpacked', 'membership-duplicate']);
  });
});
