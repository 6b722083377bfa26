import { describe, expect, it } from '@jest/globals';
import { interval, take, timer, toArray, firstValueFrom } from 'rxjs';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { clockScheduler } from '../../lib/time/clock-scheduler.js';

describe('ManualClock', () => {
  it('fires timers in due order and only when advanced past them', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimer(() => fired.push('b@20'), 20);
    clock.setTimer(() => fired.push('a@10'), 10);
    const cancel = clock.setTimer(() => fired.push('never'), 15);
    cancel();
    await clock.advance(5);
    expect(fired).toEqual([]);
    await clock.advance(20);
    expect(fired).toEqual(['a@10', 'b@20']);
    expect(clock.now()).toBe(25);
  });

  it('runs timers that fired timers set within the same advance', async () => {
    const clock = new ManualClock(0);
    const at: number[] = [];
    clock.setTimer(() => {
      at.push(clock.now());
      clock.setTimer(() => at.push(clock.now()), 30);
    }, 10);
    await clock.advance(100);
    expect(at).toEqual([10, 40]);
  });
});

describe('clockScheduler', () => {
  it('drives rxjs timer and interval from the manual clock', async () => {
    const clock = new ManualClock(0);
    const scheduler = clockScheduler(clock);
    const ticks = firstValueFrom(interval(1000, scheduler).pipe(take(3), toArray()));
    let fired = false;
    timer(60_000, scheduler).subscribe(() => (fired = true));
    await clock.advance(3000);
    await expect(ticks).resolves.toEqual([0, 1, 2]);
    expect(fired).toBe(false);
    await clock.advance(57_000);
    expect(fired).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels the timer when the subscription ends', async () => {
    const clock = new ManualClock(0);
    const sub = timer(1000, clockScheduler(clock)).subscribe();
    expect(clock.pendingTimers).toBe(1);
    sub.unsubscribe();
    expect(clock.pendingTimers).toBe(0);
  });
});
