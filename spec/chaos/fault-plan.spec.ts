import { describe, expect, it } from '@jest/globals';
import { faultName, maskIds, randomFaults, type RequestInfo } from './faults.js';
import { Prng } from './prng.js';

const draws = (prng: Prng, n: number): number[] => Array.from({ length: n }, () => prng.next());

describe('the soak PRNG', () => {
  it('repeats a seed and a label, and keeps labels and seeds apart', () => {
    expect(draws(new Prng(7, 'scenario'), 5)).toEqual(draws(new Prng(7, 'scenario'), 5));
    expect(draws(new Prng(7, 'scenario'), 5)).not.toEqual(draws(new Prng(7, 'faults'), 5));
    expect(draws(new Prng(7, 'scenario'), 5)).not.toEqual(draws(new Prng(8, 'scenario'), 5));
  });

  it('draws in range, about evenly', () => {
    const prng = new Prng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) {
      const n = prng.int(0, 3);
      counts[n] = (counts[n] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(2300);
    expect(counts.reduce((a, b) => a + b)).toBe(10_000);
  });
});

describe('random faults', () => {
  const requests: RequestInfo[] = Array.from({ length: 2000 }, (_, i) => ({
    method: i % 3 === 0 ? 'POST' : 'GET',
    path: i % 2 === 0 ? `/ucwa/oauth/v1/applications/101/events?ack=${i}` : '/ucwa/oauth/v1/applications/101/batch',
  }));

  it('hits about the asked rate of requests', () => {
    const plan = randomFaults(5, 0.12);
    const hit = requests.filter((r) => plan(r) !== undefined).length;
    expect(hit).toBeGreaterThan(0.09 * requests.length);
    expect(hit).toBeLessThan(0.15 * requests.length);
  });

  it('gives each request the same fault whatever the order concurrent requests arrive in', () => {
    const inOrder = randomFaults(9, 0.3);
    const swapped = randomFaults(9, 0.3);
    const forward = requests.map((r) => inOrder(r));
    // neighbours swapped: 1, 0, 3, 2, ... as two requests in flight together may arrive either way
    const order = requests.map((_, i) => (i % 2 === 0 ? i + 1 : i - 1));
    const backward: unknown[] = [];
    for (const i of order) backward[i] = swapped(requests[i] as RequestInfo);
    expect(backward).toEqual(forward);
  });

  it('draws every fault family', () => {
    const plan = randomFaults(3, 1);
    const names = new Set(requests.map((r) => faultName(plan(r) ?? { kind: 'reset' }).replace(/-.*/, '')));
    expect([...names].sort()).toEqual(['cut', 'drop', 'html', 'latency', 'reset', 'stall', 'status', 'truncate']);
  });

  it('masks the simulator-made ids of subscriptions, so that they do not change the draws', () => {
    expect(maskIds('/ucwa/oauth/v1/applications/101/people/presenceSubscriptions/0a1b2c3d?duration=30')).toBe(
      '/ucwa/oauth/v1/applications/101/people/presenceSubscriptions/*?duration=30',
    );
    expect(maskIds('/x/presenceSubscriptionMemberships?presenceSubscriptionId=deadbeef')).toBe('/x/presenceSubscriptionMemberships?presenceSubscriptionId=*');
    expect(maskIds('/x/presenceSubscriptionMemberships/deadbeef,bob@contoso.com')).toBe('/x/presenceSubscriptionMemberships/*,bob@contoso.com');
    expect(maskIds('/ucwa/oauth/v1/applications/101/events?ack=12345678')).toBe('/ucwa/oauth/v1/applications/101/events?ack=12345678');
  });
});
