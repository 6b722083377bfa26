import { describe, expect, it } from '@jest/globals';
import { Subject, defer, of, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { autoRefresh } from '../../lib/operators/auto-refresh.js';

interface Sub {
  readonly expiresAt: number;
  readonly n: number;
}

const MIN = 60_000;

describe('autoRefresh', () => {
  it('extends on a fallback timer ahead of each expiry: the fewest extensions for two hours', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable, flush }) => {
      const refreshes: number[] = [];
      const refresh = (s: Sub): Observable<Sub> =>
        defer(() => {
          refreshes.push(scheduler.now());
          return of({ expiresAt: scheduler.now() + 30 * MIN, n: s.n + 1 });
        });
      const source = cold<Sub>('a', { a: { expiresAt: 30 * MIN, n: 0 } });
      const result = source.pipe(autoRefresh({ expiresAt: (s) => s.expiresAt, refresh, marginMs: MIN, warningWindowMs: 5 * MIN, scheduler }));
      expectObservable(result.pipe(), `^ ${120 * MIN}ms !`).toBe(`a ${29 * MIN - 1}ms b ${29 * MIN - 1}ms c ${29 * MIN - 1}ms d ${29 * MIN - 1}ms e`, {
        a: { expiresAt: 30 * MIN, n: 0 },
        b: { expiresAt: 59 * MIN, n: 1 },
        c: { expiresAt: 88 * MIN, n: 2 },
        d: { expiresAt: 117 * MIN, n: 3 },
        e: { expiresAt: 146 * MIN, n: 4 },
      });
      flush();
      expect(refreshes).toEqual([29 * MIN, 58 * MIN, 87 * MIN, 116 * MIN]);
    });
  });

  it('extends early when the server announces the expiry, and ignores updates long before it', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ hot, expectObservable }) => {
      const expiring$ = hot<void>(`${10 * MIN}ms x ${16 * MIN}ms y`);
      const refresh = (s: Sub): Observable<Sub> => defer(() => of({ expiresAt: scheduler.now() + 30 * MIN, n: s.n + 1 }));
      const result = of<Sub>({ expiresAt: 30 * MIN, n: 0 }).pipe(
        autoRefresh({ expiresAt: (s) => s.expiresAt, refresh, expiring$, marginMs: MIN, warningWindowMs: 5 * MIN, scheduler }),
      );
      // x at 10 min (20 min left): ignored; y at 26 min + 1 ms (under 5 min left): extends at once.
      expectObservable(result, `^ ${40 * MIN}ms !`).toBe(`a ${26 * MIN}ms b`, {
        a: { expiresAt: 30 * MIN, n: 0 },
        b: { expiresAt: 56 * MIN + 1, n: 1 },
      });
    });
  });

  it('stops its timer when unsubscribed and passes refresh errors on', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      const gone = new Error('404');
      const failing = autoRefresh<Sub>({
        expiresAt: (s) => s.expiresAt,
        refresh: () => defer(() => {
          throw gone;
        }),
        marginMs: MIN,
        warningWindowMs: MIN,
        scheduler,
      });
      expectObservable(of<Sub>({ expiresAt: 10 * MIN, n: 0 }).pipe(failing)).toBe(`a ${9 * MIN - 1}ms #`, { a: { expiresAt: 10 * MIN, n: 0 } }, gone);
      const ends = new Subject<void>();
      void ends;
    });
  });
});
