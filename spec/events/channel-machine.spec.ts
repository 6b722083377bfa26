import { describe, expect, it } from '@jest/globals';
import { decideAfterReread, decideNextStep, type LoopState } from '../../lib/events/channel-machine.js';
import { ClosedError, InvalidArgumentError } from '../../lib/errors/argument-errors.js';
import { parseEventsResponse } from '../../lib/events/parse-events-response.js';
import { HttpError } from '../../lib/errors/http-error.js';
import { NetworkError, RefusedOriginError } from '../../lib/errors/transport-errors.js';
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

  it('does not deliver a response twice when it comes back to an ack it already delivered; a resync answer is not that ack', () => {
    const event = [{ link: { rel: 'me', href: '/me' }, type: 'updated' }];
    const first = decideNextStep(start, response({ next: { href: '/events?ack=2' } }, event), policy);
    expect(first).toMatchObject({ kind: 'poll', state: { delivered: 'https://h/events?ack=1' } });
    const again = decideNextStep({ ...start, delivered: 'https://h/events?ack=1' }, response({ next: { href: '/events?ack=2' } }, event), policy);
    expect(again.kind === 'poll' && again.events).toEqual([]);
    const resync = decideNextStep({ ...start, href: '/events?ack=2', delivered: 'https://h/events?ack=1' }, response({ resync: { href: '/events?ack=2' } }), policy);
    expect(resync).toMatchObject({ kind: 'poll', state: { href: '/events?ack=2', delivered: 'https://h/events?ack=1' } });
    const after = resync.kind === 'poll' ? decideNextStep(resync.state, response({ next: { href: '/events?ack=3' } }, event), policy) : resync;
    expect(after.kind === 'poll' && after.events).toHaveLength(1);
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

  it('moves to an event channel of its own on a 409 PGetReplaced it did not cause', () => {
    expect(decideNextStep(start, http(409, 'PGetReplaced'), policy)).toMatchObject({ kind: 'move', failure: { kind: 'http', status: 409 } });
  });

  it('re-reads the application after a link it must not follow, without delivering that response', () => {
    for (const href of ['javascript:alert(1)', 'https://evil.example/events?ack=2', 'file:///etc/passwd', 'ftp://h/events?ack=2']) {
      const step = decideNextStep(start, response({ next: { href } }, [{ link: { rel: 'me', href: '/me' }, type: 'updated' }]), policy);
      expect(step).toMatchObject({ kind: 'reread', delayMs: 1000, state: { failures: 1 }, failure: { kind: 'decode' } });
    }
    // a relative, a same-origin absolute, and a protocol-relative href are fine
    for (const href of ['/events?ack=2', 'https://h/events?ack=2', '//h/events?ack=2']) {
      expect(decideNextStep(start, response({ next: { href } }), policy)).toMatchObject({ kind: 'poll', delayMs: 0 });
    }
  });

  it('re-reads the application after a 404 that is not ApplicationNotFound, or a P-GET refused before sending, or another 4xx', () => {
    const refused = { kind: 'error' as const, error: new RefusedOriginError('https://evil.example', 'https://h', 'GET') };
    const invalid = { kind: 'error' as const, error: new InvalidArgumentError('href', 'an http or https URL', '"javascript:x"') };
    for (const outcome of [http(404, 'ResourceNotFound'), http(404), refused, invalid, http(403), http(400, 'ParameterValidationFailure'), http(409, 'Conflict')]) {
      expect(decideNextStep(start, outcome, policy)).toMatchObject({ kind: 'reread', delayMs: 1000, state: { failures: 1 } });
    }
  });

  it('after re-reading: polls the events link, recreates on 404, retries other failures', () => {
    const state = { ...start, failures: 2, sendParameters: false };
    const application = { _links: { self: { href: '/app' }, events: { href: '/app/events?ack=5' } } };
    expect(decideAfterReread(state, { kind: 'application', value: application, url: 'https://h/app' }, policy)).toMatchObject({
      kind: 'poll',
      delayMs: 0,
      state: { href: '/app/events?ack=5', base: 'https://h/app', failures: 2, sendParameters: true },
    });
    expect(decideAfterReread(state, { kind: 'error', error: http(404, 'ApplicationNotFound').error }, policy)).toMatchObject({ kind: 'recreate' });
    expect(decideAfterReread(state, { kind: 'error', error: http(404, 'ResourceNotFound').error }, policy)).toMatchObject({ kind: 'recreate' });
    expect(decideAfterReread(state, { kind: 'error', error: http(503).error }, policy)).toMatchObject({ kind: 'reread', delayMs: 4000, state: { failures: 3 } });
    expect(decideAfterReread(state, { kind: 'error', error: new SignInError('invalid_grant', 'x', 400) }, policy)).toMatchObject({ kind: 'fail' });
    expect(decideAfterReread({ ...state, failures: 3 }, { kind: 'error', error: http(503).error }, { ...policy, maxRetries: 3 })).toMatchObject({
      kind: 'fail',
      error: { kind: 'eventChannel', reason: 'retriesExhausted' },
    });
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

  it('retries an unreadable response and transient sign-in trouble; stops only on a sign-in refusal or the client closed', () => {
    expect(decideNextStep(start, { kind: 'response', url, parsed: parseEventsResponse('garbage', url) }, policy)).toMatchObject({ kind: 'poll', delayMs: 1000 });
    expect(decideNextStep(start, { kind: 'error', error: new SignInError('tokenSourceFailed', 'x') }, policy)).toMatchObject({ kind: 'poll', delayMs: 1000 });
    expect(decideNextStep(start, { kind: 'error', error: new SignInError('unauthorized', 'x', 401) }, policy)).toMatchObject({ kind: 'fail', error: { kind: 'signIn' } });
    expect(decideNextStep(start, { kind: 'error', error: new SignInError('invalid_grant', 'x', 400) }, policy)).toMatchObject({ kind: 'fail', error: { kind: 'signIn' } });
    expect(decideNextStep(start, { kind: 'error', error: new ClosedError() }, policy)).toMatchObject({ kind: 'fail', error: { kind: 'closed' } });
  });
});
