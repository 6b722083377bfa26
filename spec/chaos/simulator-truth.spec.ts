import { afterEach, describe, expect, it } from '@jest/globals';
import { startSimulator, type Simulator } from '../../lib/simulator/index.js';

describe('the simulator truth the soak checks against', () => {
  let sim: Simulator | undefined;
  afterEach(async () => sim?.close());

  it('presenceOf and pinnedGroupOf read what the pool has now', async () => {
    sim = await startSimulator();
    sim.setPresence('sip:BOB@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
    expect(sim.presenceOf('sip:bob@contoso.com')).toMatchObject({ availability: 'Busy', activity: 'on-the-phone', deviceType: 'PC' });
    expect(sim.presenceOf('sip:nobody@contoso.com')).toEqual({ availability: 'Offline', deviceType: 'Unknown' });
    sim.addToPinnedGroup('alice@contoso.com', 'sip:judy@contoso.com');
    sim.removeFromPinnedGroup('alice@contoso.com', 'sip:bob@contoso.com');
    expect(sim.pinnedGroupOf('alice@contoso.com')).toEqual(['sip:SaraD@contoso.com', 'sip:ChrisB@contoso.com', 'sip:AlexD@contoso.com', 'sip:DanaB@contoso.com', 'sip:judy@contoso.com']);
  });
});
