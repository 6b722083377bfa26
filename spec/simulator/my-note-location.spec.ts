import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, startHarness, summary, type Harness, type Session } from './helpers.js';
import { availableSession, EventReader, meLink } from './me-helpers.js';

const MINUTE = 60_000;
const ALICE = 'sip:alice@contoso.com';

describe('my note and location (note_ref.md, location_ref.md, Get/Set/ResetMyNoteInfo pages)', () => {
  let h: Harness;
  let alice: Session;
  let own: EventReader;
  let bob: EventReader;
  beforeEach(async () => {
    h = await startHarness({ limits: { transientStateInactivityMs: 600 * MINUTE } });
    const bobSession = await openSession(h.sim, { user: 'bob@contoso.com', endpointId: 'bob' });
    await bobSession.post(bobSession.people('presenceSubscriptions'), { duration: 30, uris: [ALICE] });
    bob = new EventReader(h, bobSession);
    alice = await availableSession(h);
    own = new EventReader(h, alice);
    await own.next();
    // Bob has heard of the subscription and of what Alice can do now that she is available.
    expect((await bob.next()).map(summary)).toContain('updated contactSupportedModalities contact');
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('sets, reads and resets the personal note; watchers get contactNote updated', async () => {
    expect((await alice.get(meLink(alice, 'note'))).body).toEqual({ rel: 'note', _links: { self: { href: `${alice.appHref}/me/note` } } });
    expect((await alice.post(meLink(alice, 'note'), { message: 'working working working' })).status).toBe(204);
    expect((await alice.get(meLink(alice, 'note'))).body).toEqual({
      rel: 'note',
      message: 'working working working',
      type: 'Personal',
      _links: { self: { href: `${alice.appHref}/me/note` } },
    });
    expect(await own.nextLines()).toEqual(['me: updated note']);
    expect((await bob.next()).map(summary)).toEqual(['updated contactNote contact']);
    expect((await bob.s.get(`${bob.s.appHref}/people/alice@contoso.com/note`)).body.message).toBe('working working working');

    // ResetMyNoteInfo.md: a POST without a message (Content-Length 0) resets the note.
    const reset = await alice.post(meLink(alice, 'note'), undefined, { headers: { 'content-length': '0' } });
    expect(reset.status).toBe(204);
    expect((await alice.get(meLink(alice, 'note'))).body.message).toBeUndefined();
    expect(h.sim.userState('alice@contoso.com').note).toBeUndefined();
  });

  it('takes the message as a query parameter and in XML; a blank message resets', async () => {
    await alice.post(`${meLink(alice, 'note')}?message=${encodeURIComponent('from the query')}`);
    expect(h.sim.userState('alice@contoso.com').note).toEqual({ message: 'from the query', type: 'Personal' });
    const xml = await alice.post(meLink(alice, 'note'), undefined, {
      headers: { 'content-type': 'application/xml' },
      body: '<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa"><property name="message">in XML &amp; all</property></input>',
    });
    expect(xml.status).toBe(204);
    expect((await alice.get(meLink(alice, 'note'), { headers: { accept: 'application/xml' } })).text).toContain('<property name="message">in XML &amp; all</property>');
    await alice.post(meLink(alice, 'note'), { message: '   ' });
    expect(h.sim.userState('alice@contoso.com').note).toBeUndefined();
    expect((await alice.post(meLink(alice, 'note'), { message: 7 })).status).toBe(400);
  });

  it('shows an out-of-office note over the personal one while it is set', async () => {
    await alice.post(meLink(alice, 'note'), { message: 'Heads down' });
    h.sim.setNote(ALICE, { message: 'On leave until Monday', type: 'OutOfOffice' });
    expect((await alice.get(meLink(alice, 'note'))).body).toMatchObject({ message: 'On leave until Monday', type: 'OutOfOffice' });
    await alice.post(meLink(alice, 'note'), { message: 'Still heads down' });
    expect((await alice.get(meLink(alice, 'note'))).body.type).toBe('OutOfOffice');
    h.sim.setNote(ALICE, undefined);
    expect((await alice.get(meLink(alice, 'note'))).body.message).toBeUndefined();
  });

  it('sets and clears the location (at most 60 characters); watchers get contactLocation updated', async () => {
    expect((await alice.post(meLink(alice, 'location'), { location: 'By the beach...' })).status).toBe(204);
    expect((await alice.get(meLink(alice, 'location'))).body).toEqual({
      rel: 'location',
      location: 'By the beach...',
      _links: { self: { href: `${alice.appHref}/me/location` } },
    });
    expect(await own.nextLines()).toEqual(['me: updated location']);
    expect((await bob.next()).map(summary)).toEqual(['updated contactLocation contact']);
    expect((await bob.s.get(`${bob.s.appHref}/people/alice@contoso.com/location`)).body.location).toBe('By the beach...');

    const long = await alice.post(meLink(alice, 'location'), { location: 'x'.repeat(61) });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ subcode: 'ParameterValidationFailure', parameters: { location: expect.any(String) } });
    expect((await alice.post(meLink(alice, 'location'), { location: 'x'.repeat(60) })).status).toBe(204);

    expect((await alice.post(meLink(alice, 'location'))).status).toBe(204);
    expect((await alice.get(meLink(alice, 'location'))).body.location).toBeUndefined();
    expect(h.sim.userState('alice@contoso.com').location).toBeUndefined();
  });

  it('counts a write as activity: an idle user becomes active again', async () => {
    h.sim.makeIdle('alice@contoso.com');
    expect(h.sim.userState('alice@contoso.com').presence.availability).toBe('Away');
    await alice.post(meLink(alice, 'location'), { location: 'Back at my desk' });
    expect(h.sim.userState('alice@contoso.com')).toMatchObject({ presence: { availability: 'Online' }, idle: false, location: 'Back at my desk' });
  });
});
