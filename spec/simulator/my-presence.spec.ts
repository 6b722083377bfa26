import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, startHarness, summary, type Harness } from './helpers.js';
import { availableSession, EventReader, makeAvailable, meLink, reload } from './me-helpers.js';

const MINUTE = 60_000;
const ALICE = 'sip:alice@contoso.com';

describe('my presence (presence_ref.md, Get/Set/ResetMyPresenceInformation.md, reportMyActivity_ref.md)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ limits: { transientStateInactivityMs: 600 * MINUTE, applicationInactivityMs: 600 * MINUTE } });
  });
  afterEach(async () => {
    await h.sim.close();
  });

  /** Bob's application, subscribed to Alice's presence, with its events read from the start. */
  async function bobWatchingAlice(): Promise<EventReader> {
    const bob = await openSession(h.sim, { user: 'bob@contoso.com', endpointId: 'bob' });
    await bob.post(bob.people('presenceSubscriptions'), { duration: 30, uris: [ALICE] });
    const reader = new EventReader(h, bob);
    await reader.next();
    return reader;
  }

  const aliceSeenByBob = async (bob: EventReader): Promise<string> => (await bob.s.get(`${bob.s.appHref}/people/alice@contoso.com/presence`)).body.availability;

  it('publishes automatic presence on makeMeAvailable; contacts watching her see it', async () => {
    h.sim.setPresence(ALICE, { availability: 'Offline' });
    const bob = await bobWatchingAlice();
    const alice = await availableSession(h);
    expect((await alice.get(meLink(alice, 'presence'))).body).toEqual({
      rel: 'presence',
      availability: 'Online',
      _links: { self: { href: `${alice.appHref}/me/presence` } },
    });
    expect((await bob.next()).map(summary)).toEqual(['updated contactPresence contact', 'updated contactSupportedModalities contact']);
    expect(await aliceSeenByBob(bob)).toBe('Online');
  });

  it('sets each availability the pages list, and resets with an empty body', async () => {
    const alice = await availableSession(h);
    const cases: Array<[unknown, string, string | undefined]> = [
      [{ availability: 'Busy' }, 'Busy', undefined],
      [{ availability: 'donotdisturb' }, 'DoNotDisturb', undefined],
      [{ availability: 'BeRightBack' }, 'BeRightBack', undefined],
      [{ availability: 'Away' }, 'Away', undefined],
      [{ availability: 'Offwork' }, 'Away', 'off-work'],
      [{ availability: 'Offline' }, 'Offline', undefined],
      [{ availability: 'Online' }, 'Online', undefined],
    ];
    for (const [body, availability, activity] of cases) {
      expect((await alice.post(meLink(alice, 'presence'), body)).status).toBe(204);
      const presence = (await alice.get(meLink(alice, 'presence'))).body;
      expect([body, presence.availability, presence.activity]).toEqual([body, availability, activity]);
    }
    await alice.post(meLink(alice, 'presence'), { availability: 'Busy' });
    const reset = await alice.post(meLink(alice, 'presence'));
    expect(reset.status).toBe(204);
    expect((await alice.get(meLink(alice, 'presence'))).body.availability).toBe('Online');
    expect(h.sim.userState('alice@contoso.com').preferredAvailability).toBeUndefined();
  });

  it('refuses an availability that is not a PreferredAvailability with 400', async () => {
    const alice = await availableSession(h);
    for (const availability of ['IdleOnline', 'Sleeping', 42]) {
      const res = await alice.post(meLink(alice, 'presence'), { availability });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ subcode: 'ParameterValidationFailure', parameters: { availability: expect.any(String) } });
    }
    const xml = await alice.post(meLink(alice, 'presence'), undefined, {
      headers: { 'content-type': 'application/xml' },
      body: '<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><property name="availability">DoNotDisturb</property></input>',
    });
    expect(xml.status).toBe(204);
    expect(h.sim.userState('alice@contoso.com').presence.availability).toBe('DoNotDisturb');
  });

  it('sends presence updated (sender me) to her applications and contactPresence updated to watchers', async () => {
    const bob = await bobWatchingAlice();
    const alice = await availableSession(h);
    const second = await availableSession(h, 'alice@contoso.com', 'second');
    const own = new EventReader(h, alice);
    const other = new EventReader(h, second);
    await own.next();
    await other.next();
    await bob.next();
    await alice.post(meLink(alice, 'presence'), { availability: 'Busy' });
    expect(await own.nextLines()).toEqual(['me: updated presence']);
    expect(await other.nextLines()).toEqual(['me: updated presence']);
    expect((await bob.next()).map(summary)).toEqual(['updated contactPresence contact']);
    expect(await aliceSeenByBob(bob)).toBe('Busy');
    expect((await second.get(meLink(second, 'presence'))).body.availability).toBe('Busy');
  });

  it('turns automatic presence Away when no activity is reported for five minutes; reportMyActivity brings it back', async () => {
    const bob = await bobWatchingAlice();
    const alice = await availableSession(h);
    for (let i = 0; i < 5; i++) {
      await h.advance(4 * MINUTE);
      expect((await alice.post(meLink(alice, 'reportMyActivity'))).status).toBe(204);
    }
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ presence: { availability: 'Online' }, idle: false });
    await h.advance(5 * MINUTE - 1);
    expect(h.sim.userState('alice@contoso.com').idle).toBe(false);
    await h.advance(1);
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ presence: { availability: 'Away' }, idle: true });
    expect(await aliceSeenByBob(bob)).toBe('Away');
    await alice.post(meLink(alice, 'reportMyActivity'));
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ presence: { availability: 'Online' }, idle: false });
  });

  it('turns Busy into IdleBusy when idle, keeps DoNotDisturb, and honours inactiveTimeout', async () => {
    const alice = await availableSession(h, 'alice@contoso.com', 'tests', { supportedModalities: ['Messaging'], inactiveTimeout: 1, signInAs: 'Busy' });
    await h.advance(MINUTE);
    expect(h.sim.userState('alice@contoso.com').presence.availability).toBe('IdleBusy');
    await alice.post(meLink(alice, 'presence'), { availability: 'DoNotDisturb' });
    await h.advance(MINUTE);
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ presence: { availability: 'DoNotDisturb' }, idle: true });
  });

  it('makes a user idle at once through the control API and the admin API', async () => {
    const alice = await availableSession(h);
    h.sim.makeIdle('alice@contoso.com');
    expect((await alice.get(meLink(alice, 'presence'))).body.availability).toBe('Away');
    await alice.post(meLink(alice, 'reportMyActivity'));
    const admin = await fetch(`${h.sim.origin}/_simulator/idle`, { method: 'POST', body: JSON.stringify({ user: 'alice@contoso.com' }) });
    expect(admin.status).toBe(204);
    const state = await (await fetch(`${h.sim.origin}/_simulator/user?user=alice@contoso.com`)).json();
    expect(state).toMatchObject({ uri: ALICE, presence: { availability: 'Away' }, idle: true, availableApplications: [alice.appId] });
  });

  it('stays active while any of her available applications reports activity', async () => {
    const alice = await availableSession(h);
    const second = await availableSession(h, 'alice@contoso.com', 'second');
    for (let i = 0; i < 3; i++) {
      await h.advance(4 * MINUTE);
      await second.post(meLink(second, 'reportMyActivity'));
    }
    expect(h.sim.userState('alice@contoso.com').presence.availability).toBe('Online');
    await alice.delete(alice.appHref);
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ presence: { availability: 'Online' }, availableApplications: [second.appId] });
  });

  it('signs the user out when her last available application goes, and forgets what she asked for', async () => {
    const bob = await bobWatchingAlice();
    const alice = await availableSession(h);
    await alice.post(meLink(alice, 'presence'), { availability: 'Busy' });
    await bob.next();
    h.sim.forceResume(alice.appId);
    expect(h.sim.userState('alice@contoso.com')).toEqual(expect.objectContaining({ presence: expect.objectContaining({ availability: 'Offline' }), idle: false, availableApplications: [] }));
    expect(h.sim.userState('alice@contoso.com').preferredAvailability).toBeUndefined();
    expect((await bob.next()).map(summary)).toContain('updated contactPresence contact');
    expect(await aliceSeenByBob(bob)).toBe('Offline');
    await makeAvailable(await reload(alice));
    expect(h.sim.userState('alice@contoso.com').presence.availability).toBe('Online');
  });
});
