import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { TokenSourceAuthenticator } from '../../lib/http/auth/token-source-authenticator.js';
import { createTransport } from '../../lib/http/transport.js';
import { withRetries } from '../../lib/http/requester.js';
import { backoffDelay } from '../../lib/operators/backoff.js';
import { isTransientFailure, retryTransient } from '../../lib/operators/retry-policy.js';
import { retryOnCannotRedirect } from '../../lib/operators/retry-on-cannot-redirect.js';
import { HttpError } from '../../lib/errors/http-error.js';
import { NetworkError } from '../../lib/errors/transport-errors.js';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { clockScheduler } from '../../lib/time/clock-scheduler.js';
import { eventually, sendJson, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const transport = () => createTransport({ auth: new TokenSourceAuthenticator('t') });

describe('backoffDelay', () => {
  it('doubles from the base, caps at the maximum, and never waits less than Retry-After', () => {
    const none = { jitter: 0, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, none))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(1, none, 7000)).toBe(7000);
    expect(backoffDelay(1, { ...none, maxRetryAfterMs: 3000 }, 7000)).toBe(3000);
  });

  it('spreads the delay by the jitter fraction', () => {
    expect(backoffDelay(2, { baseDelayMs: 1000, jitter: 0.5, random: () => 0 })).toBe(1000);
    expect(backoffDelay(2, { baseDelayMs: 1000, jitter: 0.5, random: () => 0.999999 })).toBe(2000);
    expect(backoffDelay(2, { baseDelayMs: 1000, jitter: 1, random: () => 0 })).toBe(0);
  });
});

describe('retryOnCannotRedirect', () => {
  it('retries 410 CannotRedirect with backoff and succeeds when the pool comes back', async () => {
    let failures = 2;
    server.handle((_req, res) => (failures-- > 0 ? sendJson(res, 410, { code: 'Gone', subcode: 'CannotRedirect' }) : sendJson(res, 200, { rel: 'ok' })));
    const clock = new ManualClock(0);
    const done = firstValueFrom(
      transport()
        .request({ method: 'GET', href: `${server.origin}/x` })
        .pipe(retryOnCannotRedirect({ scheduler: clockScheduler(clock), jitter: 0, baseDelayMs: 2000 })),
    );
    await eventually(() => server.requests.length === 1);
    await clock.advance(1999);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    await eventually(() => server.requests.length === 2);
    await clock.advance(4000);
    expect((await done).json).toEqual({ rel: 'ok' });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after the bounded attempts and surfaces the typed error', async () => {
    server.handle((_req, res) => sendJson(res, 410, { code: 'Gone', subcode: 'CannotRedirect' }, { 'Retry-After': '1' }));
    const clock = new ManualClock(0);
    const result = lastValueFrom(
      transport()
        .request({ method: 'GET', href: `${server.origin}/x` })
        .pipe(retryOnCannotRedirect({ scheduler: clockScheduler(clock), maxRetries: 2, jitter: 0, baseDelayMs: 10 })),
    ).catch((e: unknown) => e);
    for (let i = 1; i <= 2; i++) {
      await eventually(() => server.requests.length === i);
      await clock.advance(1000);
    }
    const error = await result;
    expect(error).toMatchObject({ kind: 'http', status: 410, subcode: 'CannotRedirect', retryAfterMs: 1000 });
    expect(server.requests).toHaveLength(3);
  });

  it('passes any other error through at once', async () => {
    server.handle((_req, res) => sendJson(res, 410, { code: 'Gone' }));
    const error = await firstValueFrom(transport().request({ method: 'GET', href: `${server.origin}/x` }).pipe(retryOnCannotRedirect())).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 410, code: 'Gone' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('retryTransient', () => {
  const http = (status: number, subcode?: string) =>
    new HttpError({ status, code: 'X', subcode, method: 'GET', url: 'u', fromUcwa: true });

  it('retries 429/503 for any method, other 5xx and network errors only when idempotent, 4xx never', () => {
    expect(isTransientFailure(http(503), 'POST')).toBe(true);
    expect(isTransientFailure(http(429), 'POST')).toBe(true);
    expect(isTransientFailure(http(500), 'GET')).toBe(true);
    expect(isTransientFailure(http(500), 'POST')).toBe(false);
    expect(isTransientFailure(http(403, 'LimitExceeded'), 'GET')).toBe(false);
    expect(isTransientFailure(http(404), 'GET')).toBe(false);
    expect(isTransientFailure(new NetworkError('POST', 'u', 'ECONNRESET'), 'POST')).toBe(false);
    expect(isTransientFailure(new NetworkError('POST', 'u', 'ECONNREFUSED'), 'POST')).toBe(true);
    expect(isTransientFailure(new NetworkError('GET', 'u', 'ECONNRESET'), 'GET')).toBe(true);
    expect(isTransientFailure(new Error('plain'), 'GET')).toBe(false);
  });

  it('waits for Retry-After on 503 before trying again', async () => {
    let failures = 1;
    server.handle((_req, res) => {
      if (failures-- > 0) {
        res.writeHead(503, { 'Retry-After': '30' });
        res.end();
        return;
      }
      sendJson(res, 200, {});
    });
    const clock = new ManualClock(0);
    const done = firstValueFrom(
      transport()
        .request({ method: 'POST', href: `${server.origin}/x`, json: {} })
        .pipe(retryTransient('POST', { scheduler: clockScheduler(clock), baseDelayMs: 10 })),
    );
    await eventually(() => server.requests.length === 1);
    await clock.advance(29_000);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1000);
    await done;
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 400 through the standard request pipeline', async () => {
    server.handle((_req, res) => sendJson(res, 400, { code: 'BadRequest', subcode: 'ParameterValidationFailure' }));
    const send = withRetries(transport());
    const error = await firstValueFrom(send({ method: 'GET', href: `${server.origin}/x` })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    expect(server.requests).toHaveLength(1);
  });
});
