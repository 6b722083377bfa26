import { describe, expect, it } from '@jest/globals';
import { acquireDelayMs, fairShare, fleetView, handoverTarget, leadsOf, type FleetEntry, type FleetView } from '../../lib/redis/balance-policy.js';
import { localLeadership } from '../../lib/redis/local-leadership.js';

/** Every replica stands for every identity; `leaders[i]` is the replica leading identity i (or none). */
function everyoneFor(replicas: readonly string[], leaders: readonly (string | undefined)[]): FleetView {
  const entries: FleetEntry[] = [];
  leaders.forEach((leader, i) => {
    for (const replica of replicas) entries.push({ replica, identity: `id${i}`, leading: leader === replica });
  });
  return fleetView(entries);
}

/** `counts[r]` identities led by replica r (in order), everyone standing for everything. */
function led(counts: Record<string, number>): (string | undefined)[] {
  return Object.entries(counts).flatMap(([replica, n]) => Array.from({ length: n }, () => replica));
}

describe('balancing policy', () => {
  it('counts the fair share as ceil(identities / live replicas)', () => {
    expect(fairShare(everyoneFor(['a', 'b', 'c'], led({ a: 6 })))).toBe(2);
    expect(fairShare(everyoneFor(['a', 'b', 'c'], led({ a: 7 })))).toBe(3);
    expect(fairShare(everyoneFor(['a', 'b'], [undefined, undefined, 'a']))).toBe(2); // identities no one leads count too
    expect(fairShare(fleetView([]))).toBe(0);
  });

  it('counts an identity once per replica, however many of its fleet clients stand for it', () => {
    const view = fleetView([
      { replica: 'a', identity: 'x', leading: true },
      { replica: 'a', identity: 'x', leading: false },
      { replica: 'a', identity: 'y', leading: false },
    ]);
    expect(leadsOf(view, 'a')).toBe(1);
    expect(view.identities.size).toBe(2);
    expect(fairShare(view)).toBe(2);
  });

  it('hands a lease over from a replica above its share to the one that leads the fewest, then by name', () => {
    const view = everyoneFor(['a', 'b', 'c'], led({ a: 6 }));
    expect(handoverTarget(view, 'a', 'id0')).toBe('b');
    expect(handoverTarget(view, 'b', 'id0')).toBeUndefined(); // not the leader's view: b leads nothing to give
    expect(handoverTarget(everyoneFor(['a', 'b', 'c'], led({ a: 4, b: 1, c: 1 })), 'a', 'id0')).toBe('b');
    expect(handoverTarget(everyoneFor(['a', 'b', 'c'], led({ a: 3, b: 2, c: 1 })), 'a', 'id0')).toBe('c');
  });

  it('hands nothing over at the fair share, alone, or to a replica that does not stand for the identity', () => {
    expect(handoverTarget(everyoneFor(['a', 'b', 'c'], led({ a: 2, b: 2, c: 2 })), 'a', 'id0')).toBeUndefined();
    expect(handoverTarget(everyoneFor(['a', 'b', 'c'], led({ a: 3, b: 2, c: 2 })), 'a', 'id0')).toBeUndefined(); // 7 identities: within one
    expect(handoverTarget(everyoneFor(['a'], led({ a: 6 })), 'a', 'id0')).toBeUndefined();
    // b and c only stand for id5: a keeps id0 though it leads more than its share.
    const partial = fleetView([...Array.from({ length: 6 }, (_, i): FleetEntry => ({ replica: 'a', identity: `id${i}`, leading: true })), { replica: 'b', identity: 'id5', leading: false }, { replica: 'c', identity: 'id5', leading: false }]);
    expect(handoverTarget(partial, 'a', 'id0')).toBeUndefined();
    expect(handoverTarget(partial, 'a', 'id5')).toBe('b');
  });

  it('hands over only to a replica that leads at least two fewer (a lease never goes back and forth)', () => {
    // a leads 2 (the share), b stands for id0 and leads 1: one fewer.
    const view = fleetView([
      { replica: 'a', identity: 'id0', leading: true },
      { replica: 'a', identity: 'id1', leading: true },
      { replica: 'a', identity: 'id2', leading: false },
      { replica: 'b', identity: 'id2', leading: true },
      { replica: 'b', identity: 'id0', leading: false },
      { replica: 'c', identity: 'id3', leading: false },
      { replica: 'c', identity: 'id4', leading: false },
      { replica: 'c', identity: 'id5', leading: false },
    ]);
    expect(fairShare(view)).toBe(2);
    expect(leadsOf(view, 'a')).toBe(2);
    expect(handoverTarget(view, 'a', 'id0')).toBeUndefined();
    const over = fleetView([
      { replica: 'a', identity: 'id0', leading: true },
      { replica: 'a', identity: 'id1', leading: true },
      { replica: 'a', identity: 'id2', leading: true },
      { replica: 'b', identity: 'id0', leading: false },
      { replica: 'b', identity: 'id3', leading: true },
      { replica: 'b', identity: 'id4', leading: true },
    ]);
    expect(fairShare(over)).toBe(3);
    // b, the only other candidate for id0, leads one fewer only: handing it over would just swap the counts.
    expect(handoverTarget(over, 'a', 'id0')).toBeUndefined();
  });

  it('converges from any start: hand-overs stop, and then the replicas lead within one of each other (exhaustive, up to 3 replicas and 7 identities)', () => {
    const names = ['a', 'b', 'c'];
    for (let replicas = 1; replicas <= 3; replicas++) {
      const live = names.slice(0, replicas);
      for (let identities = 0; identities <= 7; identities++) {
        // Every assignment of the identities to a leader (every identity led).
        for (let code = 0; code < replicas ** identities; code++) {
          const leaders = Array.from({ length: identities }, (_, i) => live[Math.floor(code / replicas ** i) % replicas]!);
          let handovers = 0;
          for (;;) {
            const view = everyoneFor(live, leaders);
            const step = leaders.map((leader, i) => ({ i, target: handoverTarget(view, leader, `id${i}`) })).find((move) => move.target !== undefined);
            if (step?.target === undefined) break;
            leaders[step.i] = step.target;
            handovers++;
            expect(handovers).toBeLessThanOrEqual(identities * identities); // the sum of squares falls at each step
          }
          const counts = live.map((name) => leaders.filter((leader) => leader === name).length);
          expect(handovers).toBeLessThanOrEqual(identities); // from any of these starts, at most one per identity
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          expect(Math.max(...counts)).toBeLessThanOrEqual(Math.ceil(identities / replicas));
        }
      }
    }
  });

  it('lets a replica below its share take a free lease at once, and makes the others wait longer the more they lead', () => {
    const view = everyoneFor(['a', 'b', 'c'], [...led({ a: 4, b: 2, c: 1 }), undefined]);
    const free = 'id7';
    expect(fairShare(view)).toBe(3);
    expect(acquireDelayMs(view, 'c', free, 100)).toBe(0);
    expect(acquireDelayMs(view, 'b', free, 100)).toBe(0);
    expect(acquireDelayMs(everyoneFor(['a', 'b'], [...led({ a: 2, b: 1 }), undefined]), 'a', 'id3', 100)).toBe(100);
    expect(acquireDelayMs(view, 'a', free, 100)).toBe(200);
    expect(acquireDelayMs(everyoneFor(['a', 'b'], [...led({ a: 9 }), undefined]), 'a', 'id9', 100)).toBe(300); // at most three periods
    expect(acquireDelayMs(undefined, 'a', free, 100)).toBe(0); // nothing known yet: at once
    expect(acquireDelayMs(everyoneFor(['a'], [...led({ a: 5 }), undefined]), 'a', 'id5', 100)).toBe(0); // alone, it leads everything
  });

  it('makes no one wait when no other candidate leads fewer: the fail-over is not delayed', () => {
    // a just died holding id0; the registry still shows it leading (its entry expires with its lease).
    const view = everyoneFor(['a', 'b', 'c'], led({ a: 1, b: 1, c: 1 }));
    expect(acquireDelayMs(view, 'b', 'id0', 100)).toBe(0);
    expect(acquireDelayMs(view, 'c', 'id0', 100)).toBe(0);
    // A replica that leads fewer but does not stand for the identity is not better placed.
    const partial: FleetEntry[] = [
      { replica: 'a', identity: 'id0', leading: true },
      { replica: 'a', identity: 'id1', leading: true },
      { replica: 'a', identity: 'id2', leading: false },
      { replica: 'b', identity: 'id3', leading: true },
      { replica: 'b', identity: 'id4', leading: true },
      { replica: 'c', identity: 'id5', leading: false },
    ];
    expect(fairShare(fleetView(partial))).toBe(2);
    expect(acquireDelayMs(fleetView(partial), 'a', 'id2', 100)).toBe(0);
    expect(acquireDelayMs(fleetView([...partial, { replica: 'c', identity: 'id2', leading: false }]), 'a', 'id2', 100)).toBe(100);
  });
});

describe('this process’s fleet clients in the view', () => {
  it('counts them as they are now, and ignores the registry’s entries of a replica this process runs (a former incarnation)', () => {
    const service = `local-${process.pid}`;
    localLeadership.set(service, 'a/1', { replica: 'a', identity: 'x', leading: true });
    localLeadership.set(service, 'a/2', { replica: 'a', identity: 'y', leading: false });
    try {
      const registry: FleetEntry[] = [
        { replica: 'a', identity: 'x', leading: false }, // its last heartbeat, before it took the lease
        { replica: 'a', identity: 'z', leading: true }, // a former process named a: gone, its lease too
        { replica: 'b', identity: 'x', leading: false },
        { replica: 'b', identity: 'y', leading: true },
      ];
      const view = fleetView(localLeadership.merge(service, registry));
      expect(leadsOf(view, 'a')).toBe(1);
      expect([...view.replicas.get('a')!.identities].sort()).toEqual(['x', 'y']);
      expect(leadsOf(view, 'b')).toBe(1);
      expect([...view.identities].sort()).toEqual(['x', 'y']);
      expect(localLeadership.merge(`${service}-other`, registry)).toEqual(registry); // another service: nothing of this one
    } finally {
      localLeadership.delete(service, 'a/1');
      localLeadership.delete(service, 'a/2');
    }
    expect(localLeadership.hosts(service, 'a')).toBe(false);
  });
});
