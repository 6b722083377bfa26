import { describe, expect, it } from '@jest/globals';
import { decideNextStep, type LoopState } from '../../lib/events/channel-machine.js';
import { parseEventsResponse } from '../../lib/events/parse-events-response.js';
import { HttpError } from '../../lib/errors/http-error.js';
import { NetworkError } from '../../lib/errors/transport-errors.js';
import { SignInError } from '../../lib/errors/sign-in-error.js';

const start: LoopState = { href: '/events?ack=1', base: 'https://h/app', failures: 0, resyncs: 0, sendParameters: true };
const url = 'https://h/events?ack=1';
const response = (links: Record<string, { href: string }>, events: unknown[] = []) => ({
  kind: 'response' as const,
  url,
  parsed: parseEventsResponse({ _links: links, sender: events.length ? [{ rel: 'people', href: '/people', events }] : [] }, url),
});
const http = (status: number, subcode?: string, retryAfterMs?: number) =>
  ({ kind: 'error' as const, error: new HttpError({ status, code: 'X', subcode, retryAfterMs, method: 'GET', url, fromUcwa: true }) });
const policy = { jitter: 0, baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('event channel state machine', () => {
  it('follows next at once, delivers the events, and stops sending the parameters', () => {
    const step = decideNextStep(start, response({ next: { href: '/events?ack=2' } }, [{ link: { rel: 'me', href: '/me' }, type: 'updated' }]), policy);
    expect(step).toMatchObject({ kind: 'poll', delayMs: 0, state: { href: '/events?ack=2', failures: 0, sendParameters: false } });
    expect(step.kind === 'poll' && step.events.length).toBe(1);
  });

  it('after resume resends the parameters and signals a reset', () => {
    const step = decideNextStep({ ...start, sendParameters: false }, response({ resume: { href: '/events?ack=7' } }), policy);
    expect(step).toMatchObject({ kind: 'poll', reset: 'resume', state: { href: '/events?ack=7', sendParameters: true } });
  });

  it('follows resync and signals a reset; repeated resyncs back off', () => {
    const first = decideNextStep(start, response({ resync: { href: '/events?ack=3' } }), policy);
    expect(first).toMatchObject({ kind: 'poll', reset: 'resync', delayMs: 0, state: { href: '/events?ack=3', resyncs: 1 } });
    const second = first.kind === 'poll' ? decideNextStep(first.state, response({ resync: { href: '/events?ack=3' } }), policy) : first;
    expect(second).toMatchObject({ kind: 'poll', delayMs: 1000, state: { resyncs: 2 } });
  });

  it('recreates the application on 404 ApplicationNotFound and InactiveApplicationExpired', () => {
    expect(decideNextStep(start, http(404, 'ApplicationNotFound'), policy).kind).toBe('recreate');
    expect(decideNextStep(start, http(404, 'InactiveApplicationExpired'), policy).kind).toBe('recreate');
  });

  it('reports a take-over on 409 PGetReplaced', () => {
    expect(decideNextStep(start, http(409, 'PGetReplaced'), policy)).toMatchObject({ kind: 'fail', error: { kind: 'eventChannel', reason: 'takenOver' } });
  });

  it('retries the same ack with exponential backoff; the counter resets only when a response arrives', () => {
    let state = start;
    const delays: number[] = [];
    for (const outcome of [http(503), { kind: 'error' as const, error: new NetworkError('GET', url, 'ECONNRESET') }, http(410, 'CannotRedirect'), http(500), http(502)]) {
      const step = decideNextStep(state, outcome, policy);
      if (step.kind !== 'poll') throw new Error('expected a retry');
      delays.push(step.delayMs);
      expect(step.state.href).toBe('/events?ack=1');
      state = step.state;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
    const recovered = decideNextStep(state, response({ next: { href: '/events?ack=2' } }), policy);
    expect(recovered).toMatchObject({ state: { failures: 0 } });
  });

  it('honours Retry-After and gives up past the budget', () => {
    expect(decideNextStep(start, http(503, undefined, 45_000), policy)).toMatchObject({ kind: 'poll', delayMs: 45_000 });
    const exhausted = decideNextStep({ ...start, failures: 3 }, http(503), { ...policy, maxRetries: 3 });
    expect(exhausted).toMatchObject({ kind: 'fail', error: { kind: 'eventChannel', reason: 'retriesExhausted' } });
  });

  it('retries an unreadable response and fails on what cannot recover', () => {
    expect(decideNextStep(start, { kind: 'response', url, parsed: parseEventsResponse('garbage', url) }, policy)).toMatchObject({ kind: 'poll', delayMs: 1000 });
    expect(decideNextStep(start, { kind: 'error', error: new SignInError('unauthorized', 'x', 401) }, policy)).toMatchObject({ kind: 'fail', error: { kind: 'signIn' } });
    expect(decideNextStep(start, http(403), policy)).toMatchObject({ kind: 'fail', error: { kind: 'http', status: 403 } });
  });
});
