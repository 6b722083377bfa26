import { afterEach, describe, expect, it } from '@jest/globals';
import { openSession, Session, startHarness, type Harness } from './helpers.js';

describe('presence churn', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.sim.close();
  });

  it('changes presence at the given rate and subscribed applications hear about it', async () => {
    h = await startHarness({ churn: { ratePerSecond: 20, seed: 3, uris: ['sip:bob@contoso.com', 'sip:SaraD@contoso.com'] } });
    const s = await openSession(h.sim);
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: ['sip:bob@contoso.com', 'sip:SaraD@contoso.com'] });
    const first = await s.pget(1);
    await h.advance(5000);
    await first.response;
    expect(h.sim.state().counters.churnChanges).toBe(100);
    const held = await s.pget(2);
    await h.advance(5000);
    const events = Session.events((await held.response).body).filter((e) => e.link.rel === 'contactPresence');
    // Merged per contact: at most one presence event per contact per response.
    expect(events.map((e) => e.link.href).sort()).toEqual([
      `${s.appHref}/people/bob@contoso.com/presence`,
      `${s.appHref}/people/sarad@contoso.com/presence`,
    ]);
    h.sim.stopChurn();
    await h.advance(5000);
    expect(h.sim.state().counters.churnChanges).toBe(200);
  });

  it('aggregationScale shortens the medium window', async () => {
    h = await startHarness({ aggregationScale: 0.01 });
    const s = await openSession(h.sim);
    await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: ['sip:bob@contoso.com'] });
    const held = await s.pget(1);
    await h.advance(49);
    expect(s.isHeld()).toBe(true);
    await h.advance(1);
    expect(Session.events((await held.response).body)).toHaveLength(3);
  });
});
