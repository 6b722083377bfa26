import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import type { Clock } from './clock.js';

/**
 * An RxJS scheduler whose time and delays come from a {@link Clock}. With the system clock it
 * behaves like `asyncScheduler`; with a ManualClock, `timer(ms, scheduler)` fires when the
 * clock is advanced past it.
 */
export function clockScheduler(clock: Clock): SchedulerLike {
  return {
    now: () => clock.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
      let cancel: (() => void) | undefined;
      const action = new Subscription(() => cancel?.()) as Subscription & SchedulerAction<T>;
      const arm = (nextState: T | undefined, nextDelay: number): void => {
        cancel?.();
        cancel = clock.setTimer(() => {
          cancel = undefined;
          if (!action.closed) work.call(action, nextState);
        }, nextDelay);
      };
      action.schedule = (nextState?: T, nextDelay = 0) => {
        if (!action.closed) arm(nextState, nextDelay);
        return action;
      };
      arm(state, delay);
      return action;
    },
  };
}
