import { describe, expect, it } from '@jest/globals';
import { DisposableClock } from '../../lib/time/disposable-clock.js';
import { ManualClock } from '../../lib/time/manual-clock.js';

describe('DisposableClock', () => {
  it('runs many timers in due order on one timer of the underlying clock', async () => {
    const inner = new ManualClock(0);
    const clock = new DisposableClock(inner);
    const fired: number[] = [];
    const delays = [50, 10, 30, 10, 70, 20, 60, 40];
    delays.forEach((ms, i) => clock.setTimer(() => fired.push(i), ms));
    expect(inner.pendingTimers).toBe(1);
    expect(clock.size).toBe(8);
    await inner.advance(100);
    expect(fired).toEqual([1, 3, 5, 2, 7, 0, 6, 4]);
    expect(inner.pendingTimers).toBe(0);
  });

  it('honours cancellation and timers set by a firing timer', async () => {
    const inner = new ManualClock(0);
    const clock = new DisposableClock(inner);
    const fired: string[] = [];
    const cancel = clock.setTimer(() => fired.push('cancelled'), 10);
    clock.setTimer(() => {
      fired.push('a@20');
      clock.setTimer(() => fired.push('c@25'), 5);
    }, 20);
    clock.setTimer(() => fired.push('b@30'), 30);
    cancel();
    await inner.advance(100);
    expect(fired).toEqual(['a@20', 'c@25', 'b@30']);
  });

  it('cancels everything on dispose and sets nothing afterwards', async () => {
    const inner = new ManualClock(0);
    const clock = new DisposableClock(inner);
    let fired = 0;
    for (let i = 0; i < 5; i++) clock.setTimer(() => (fired += 1), 10 * i);
    clock.dispose();
    clock.setTimer(() => (fired += 1), 1);
    expect(inner.pendingTimers).toBe(0);
    await inner.advance(100);
    expect(fired).toBe(0);
    expect(clock.size).toBe(0);
  });
});

describe('DisposableClock memory', () => {
  it('does not keep cancelled timers around: the heap stays proportional to the live ones', async () => {
    const inner = new ManualClock(0);
    const clock = new DisposableClock(inner);
    const keep: number[] = [];
    clock.setTimer(() => keep.push(1), 60_000);
    for (let i = 0; i < 10_000; i++) clock.setTimer(() => keep.push(0), 30_000)();
    expect(clock.size).toBe(1);
    expect((clock as unknown as { heap: unknown[] }).heap.length).toBeLessThan(200);
    await inner.advance(60_000);
    expect(keep).toEqual([1]);
  });
});
