import { describe, expect, it } from '@jest/globals';
import { DeadlineQueue } from '../../lib/time/deadline-queue.js';
import { ManualClock } from '../../lib/time/manual-clock.js';

describe('DeadlineQueue', () => {
  it('keeps one timer for any number of deadlines and hands out due items together', async () => {
    const clock = new ManualClock(0);
    const fired: string[][] = [];
    const queue = new DeadlineQueue<string>(clock, (items) => fired.push([...items]));
    for (let i = 0; i < 100; i++) queue.add(`a${i}`, 1000);
    queue.add('b', 3000);
    queue.add('c', 2000);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1000);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toHaveLength(100);
    expect(clock.pendingTimers).toBe(1);
    queue.delete('c');
    await clock.advance(2000);
    expect(fired.slice(1)).toEqual([['b']]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('moves an item to a new deadline and drains without firing', async () => {
    const clock = new ManualClock(0);
    const fired: number[][] = [];
    const queue = new DeadlineQueue<number>(clock, (items) => fired.push([...items]));
    queue.add(1, 5000);
    queue.add(1, 500);
    queue.add(2, 4000);
    await clock.advance(600);
    expect(fired).toEqual([[1]]);
    expect(queue.drain()).toEqual([2]);
    await clock.advance(10_000);
    expect(fired).toEqual([[1]]);
    expect(clock.pendingTimers).toBe(0);
  });
});
