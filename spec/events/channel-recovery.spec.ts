import { afterEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import type { UcwaError } from '../../lib/errors/guards.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { startMutatingProxy, throughProxy, type MutatingProxy } from '../http/support/mutating-proxy.js';

let sim: Simulator | undefined;
let proxy: MutatingProxy | undefined;
let client: UcwaClient | undefined;
let subscriptions: Subscription[] = [];
afterEach(async () => {
  subscriptions.forEach((s) => s.unsubscribe());
  subscriptions = [];
  await client?.close();
  await proxy?.close();
  await sim?.close();
  client = undefined;
  proxy = undefined;
  sim = undefined;
});

/** A simulator behind a mutating proxy and a client on the proxy, all on one ManualClock. */
async function setUp(): Promise<{ clock: ManualClock; sim: Simulator; proxy: MutatingProxy; client: UcwaClient; settle: () => Promise<void>; states: ConnectionState[]; diagnostics: UcwaError[] }> {
  const clock = new ManualClock();
  sim = await startFastSimulator({ clock });
  proxy = await startMutatingProxy(new URL(sim.discoveryUrl).origin);
  const tracking = trackingFetch();
  client = clientFor(sim, { clock, fetch: tracking.fetch, discoveryUrl: throughProxy(sim.discoveryUrl, proxy), eventChannel: { retry: { jitter: 0 } } });
  const states: ConnectionState[] = [];
  const diagnostics: UcwaError[] = [];
  subscriptions.push(
    client.connectionState$.subscribe((s) => states.push(s)),
    client.events$.subscribe({ error: () => undefined }),
    client.diagnostics$.subscribe((d) => diagnostics.push(d)),
  );
  const settle = settleBoth(sim, tracking);
  await eventually(() => sim?.state().outstandingPgets === 1, 10_000);
  return { clock, sim, proxy, client, settle, states, diagnostics };
}

const pgets = (s: Simulator): string[] => s.log.entries({ method: 'GET', path: '/events' }).map((e) => new URL(e.path, 'http://x').searchParams.get('ack') ?? '');

describe('event channel recovery (one ManualClock for simulator, proxy and client)', () => {
  it('times out a P-GET whose body stalls after the headers (channel timeout + 30 s) and retries the same ack', async () => {
    const t = await setUp();
    let stalled = 0;
    t.proxy.mutate((exchange) => (exchange.url.includes('/events') && stalled++ === 0 ? { kind: 'stall', partial: '{"_links":' } : undefined));
    await t.clock.advance(180_000, t.settle); // the server releases the empty response 1: its body stalls in the proxy
    expect(stalled).toBe(1);
    expect(pgets(t.sim)).toEqual(['1']);
    await t.clock.advance(30_000, t.settle); // 210 s after it was sent: the client gives up on it
    await t.clock.advance(2_000, t.settle); // the backoff
    expect(pgets(t.sim).slice(0, 3)).toEqual(['1', '1', '2']);
    expect(t.states.some((s) => s.status === 'reconnecting' && s.reason.kind === 'timeout')).toBe(true);
    expect(t.states.at(-1)).toEqual({ status: 'connected' });
  });

  it('reports connected again once the retried P-GET has been held for 2 s, without waiting for its response', async () => {
    const t = await setUp();
    t.sim.injectFault({ method: 'GET', path: '/events', fault: { kind: 'drop', when: 'before' } });
    await t.clock.advance(180_000, t.settle); // the held P-GET is released empty; the next one is dropped
    const reconnecting = [...t.states].reverse().find((s) => s.status === 'reconnecting');
    expect(reconnecting).toMatchObject({ status: 'reconnecting', attempt: 1, retryInMs: 1000 });
    expect(t.states.at(-1)?.status).toBe('reconnecting');
    await t.clock.advance(1000, t.settle); // the retry goes out and is held
    await eventually(() => t.sim.state().outstandingPgets === 1, 10_000);
    await t.clock.advance(1999, t.settle);
    expect(t.states.at(-1)?.status).toBe('reconnecting');
    await t.clock.advance(1, t.settle);
    expect(t.states.at(-1)).toEqual({ status: 'connected' });
  });

  it('emits connection states only when they change, not after every P-GET response', async () => {
    const t = await setUp();
    for (let i = 0; i < 5; i++) await t.clock.advance(180_000, t.settle); // five empty responses
    expect(pgets(t.sim).length).toBeGreaterThanOrEqual(6);
    expect(t.states.map((s) => s.status)).toEqual(['idle', 'connecting', 'connected']);
  });
});
