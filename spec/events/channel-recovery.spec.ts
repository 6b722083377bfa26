import { afterEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import type { UcwaError } from '../../lib/errors/guards.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { startMutatingProxy, throughProxy, type MutatingProxy, type Mutator } from '../http/support/mutating-proxy.js';
import type { UcwaEvent } from '../../lib/events/ucwa-event.js';
import { http, signIn } from '../simulator/helpers.js';

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
async function setUp(): Promise<{
  clock: ManualClock;
  sim: Simulator;
  proxy: MutatingProxy;
  client: UcwaClient;
  settle: () => Promise<void>;
  states: ConnectionState[];
  diagnostics: UcwaError[];
  events: UcwaEvent[];
  resets: string[];
}> {
  const clock = new ManualClock();
  sim = await startFastSimulator({ clock });
  proxy = await startMutatingProxy(new URL(sim.discoveryUrl).origin);
  const tracking = trackingFetch();
  client = clientFor(sim, { clock, fetch: tracking.fetch, discoveryUrl: throughProxy(sim.discoveryUrl, proxy), eventChannel: { retry: { jitter: 0 } } });
  const states: ConnectionState[] = [];
  const diagnostics: UcwaError[] = [];
  const events: UcwaEvent[] = [];
  const resets: string[] = [];
  subscriptions.push(
    client.connectionState$.subscribe((s) => states.push(s)),
    client.events$.subscribe({ next: (e) => events.push(e), error: (e: unknown) => states.push({ status: 'closed', error: e as UcwaError }) }),
    client.diagnostics$.subscribe((d) => diagnostics.push(d)),
    client.resets$.subscribe((r) => resets.push(r.reason)),
  );
  const settle = settleBoth(sim, tracking);
  await eventually(() => sim?.state().outstandingPgets === 1, 10_000);
  return { clock, sim, proxy, client, settle, states, diagnostics, events, resets };
}

/** A mutator that rewrites the `next` link of the first events response carrying one. */
function rewriteNextOnce(href: string): Mutator {
  let done = false;
  return (exchange) => {
    if (done || !exchange.url.includes('/events') || exchange.status !== 200) return undefined;
    const body = JSON.parse(exchange.body.toString('utf8')) as { _links?: { next?: { href: string } } };
    if (!body._links?.next) return undefined;
    done = true;
    body._links.next.href = href;
    return { kind: 'replace', status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  };
}

const presenceUpdates = (events: readonly UcwaEvent[]): string[] =>
  events.filter((e) => e.link.rel === 'contactPresence' && e.type === 'updated').map((e) => e.link.href.toLowerCase());

/** Waits (real time, generous) for the I/O a clock step caused to finish: only catches hangs. */
const until = (predicate: () => boolean): Promise<void> => eventually(predicate, 10_000);

const pgets = (s: Simulator): string[] => s.log.entries({ method: 'GET', path: '/events' }).map((e) => new URL(e.path, 'http://x').searchParams.get('ack') ?? '');

describe('event channel recovery (one ManualClock for simulator, proxy and client)', () => {
  it('times out a P-GET whose body stalls after the headers (channel timeout + 30 s) and retries the same ack', async () => {
    const t = await setUp();
    let stalled = 0;
    t.proxy.mutate((exchange) => (exchange.url.includes('/events') && stalled++ === 0 ? { kind: 'stall', partial: '{"_links":' } : undefined));
    await t.clock.advance(180_000, t.settle); // the server releases the empty response 1: its body stalls in the proxy
    await until(() => stalled === 1);
    expect(pgets(t.sim)).toEqual(['1']);
    await t.clock.advance(30_000, t.settle); // 210 s after it was sent: the client gives up on it
    await t.clock.advance(2_000, t.settle); // the backoff
    await until(() => pgets(t.sim).length >= 3);
    expect(pgets(t.sim).slice(0, 3)).toEqual(['1', '1', '2']);
    expect(t.states.some((s) => s.status === 'reconnecting' && s.reason.kind === 'timeout')).toBe(true);
    await until(() => t.states.at(-1)?.status === 'connected');
  });

  it('reports connected again once the retried P-GET has been held for 2 s, without waiting for its response', async () => {
    const t = await setUp();
    t.sim.injectFault({ method: 'GET', path: '/events', fault: { kind: 'drop', when: 'before' } });
    await t.clock.advance(180_000, t.settle); // the held P-GET is released empty; the next one is dropped
    await until(() => t.states.at(-1)?.status === 'reconnecting');
    const reconnecting = [...t.states].reverse().find((s) => s.status === 'reconnecting');
    expect(reconnecting).toMatchObject({ status: 'reconnecting', attempt: 1, retryInMs: 1000 });
    expect(t.states.at(-1)?.status).toBe('reconnecting');
    await t.clock.advance(1000, t.settle); // the retry goes out and is held
    await until(() => t.sim.state().outstandingPgets === 1);
    await t.clock.advance(1999, t.settle);
    expect(t.states.at(-1)?.status).toBe('reconnecting');
    await t.clock.advance(1, t.settle);
    expect(t.states.at(-1)).toEqual({ status: 'connected' });
  });

  it('emits connection states only when they change, not after every P-GET response', async () => {
    const t = await setUp();
    for (let i = 0; i < 5; i++) {
      await t.clock.advance(180_000, t.settle); // an empty response, and the next P-GET
      await until(() => pgets(t.sim).length === i + 2 && t.sim.state().outstandingPgets === 1);
    }
    expect(t.states.map((s) => s.status)).toEqual(['idle', 'connecting', 'connected']);
  });

  it('another client polling our instance (409 PGetReplaced we did not cause): the client joins the same application as a fresh instance, and backs off if it happens again', async () => {
    const t = await setUp();
    const bob: string[] = [];
    subscriptions.push(t.client.presence$('sip:bob@contoso.com').subscribe((p) => bob.push(p.availability)));
    await t.clock.advance(5_000, t.settle);
    await until(() => bob.length === 1 && t.sim.state().outstandingPgets === 1);
    const token = await signIn(t.sim);
    /** Takes the client's held P-GET over, as a second client with its instanceId would. */
    const takeOver = async (): Promise<string> => {
      const app = t.sim.state().applications[0];
      const instance = app?.instances.find((i) => i.eventChannel.held);
      const url = `${t.sim.origin}/ucwa/oauth/v1/applications/${app?.id}/events?ack=${instance?.eventChannel.nextAck}&instanceId=${encodeURIComponent(instance?.instanceId ?? '')}`;
      void http(url, { token }).catch(() => undefined);
      await until(() => t.sim.log.count({ status: 409 }) > 0 && t.sim.state().outstandingPgets >= 1);
      return instance?.instanceId ?? '';
    };
    const stolen = await takeOver();
    await until(() => t.resets.length === 1 && t.sim.state().outstandingPgets === 2);
    expect(t.resets).toEqual(['channelTakenOver']);
    const [app] = t.sim.state().applications;
    expect(t.sim.state().applications).toHaveLength(1);
    const ids = app?.instances.map((i) => i.instanceId) ?? [];
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(stolen);
    const fresh = ids[1] ?? '';
    expect(fresh).not.toBe(stolen);
    // The same endpointId; the subscription was the client's and still is: found again, not created twice.
    const posts = t.sim.log.entries({ method: 'POST', path: /\/applications$/ });
    expect(posts.map((e) => e.status)).toEqual([201, 201]);
    expect(app?.presenceSubscriptions.map((s) => s.members)).toEqual([['sip:bob@contoso.com']]);
    t.sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await t.clock.advance(5_000, t.settle);
    await until(() => bob.at(-1) === 'Busy');
    // Taken over again within 10 minutes: the move waits the channel's backoff (1 s without jitter), no ping-pong.
    await takeOver();
    await until(() => t.states.at(-1)?.status === 'reconnecting');
    expect(t.states.at(-1)).toMatchObject({ status: 'reconnecting', reason: { kind: 'http', status: 409, subcode: 'PGetReplaced' }, attempt: 2, retryInMs: 1000 });
    expect(t.sim.log.count({ method: 'POST', path: /\/applications$/ })).toBe(2);
    await t.clock.advance(1_000, t.settle);
    await until(() => t.resets.length === 2 && t.sim.log.count({ method: 'POST', path: /\/applications$/ }) === 3);
    expect(t.sim.state().applications[0]?.instances).toHaveLength(3);
    expect(bob).not.toContain(undefined);
  });

  it('two clients with the same endpointId both keep receiving events for a simulated hour: one application, an instance each, no take-over', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    const first = trackingFetch();
    const second = trackingFetch();
    const settle = settleBoth(sim, { busy: () => first.busy() + second.busy() });
    const a = clientFor(sim, { clock, fetch: first.fetch, endpointId: 'replica-endpoint' });
    const b = clientFor(sim, { clock, fetch: second.fetch, endpointId: 'replica-endpoint' });
    const failures: unknown[] = [];
    const seen = { a: [] as string[], b: [] as string[] };
    const resets = { a: [] as string[], b: [] as string[] };
    const closedStates: ConnectionState[] = [];
    try {
      subscriptions.push(
        a.presence$('sip:bob@contoso.com').subscribe({ next: (p) => seen.a.push(p.availability), error: (e: unknown) => failures.push(e) }),
        a.resets$.subscribe((r) => resets.a.push(r.reason)),
        a.connectionState$.subscribe((s) => s.status === 'closed' && closedStates.push(s)),
      );
      await clock.advance(5_000, settle);
      await until(() => seen.a.length > 0);
      subscriptions.push(
        b.presence$('sip:carol@contoso.com').subscribe({ next: (p) => seen.b.push(p.availability), error: (e: unknown) => failures.push(e) }),
        b.resets$.subscribe((r) => resets.b.push(r.reason)),
        b.connectionState$.subscribe((s) => s.status === 'closed' && closedStates.push(s)),
      );
      let mostApplications = 0;
      const availabilities = ['Busy', 'Away', 'Online', 'DoNotDisturb'] as const;
      for (let minute = 0; minute < 60; minute++) {
        if (minute % 5 === 0) {
          const availability = availabilities[(minute / 5) % availabilities.length] ?? 'Busy';
          sim.setPresence('sip:bob@contoso.com', { availability });
          sim.setPresence('sip:carol@contoso.com', { availability });
        }
        await clock.advance(60_000, settle);
        mostApplications = Math.max(mostApplications, sim.state().applications.length);
        if (minute % 5 === 0) {
          const expected = availabilities[(minute / 5) % availabilities.length];
          await until(() => seen.a.at(-1) === expected && seen.b.at(-1) === expected);
        }
      }
      expect(failures).toEqual([]);
      expect(closedStates).toEqual([]);
      expect(resets).toEqual({ a: [], b: [] });
      expect(mostApplications).toBe(1);
      const [app] = sim.state().applications;
      expect(app?.endpointId).toBe('replica-endpoint');
      expect(app?.instances.filter((instance) => instance.eventChannel.held)).toHaveLength(2);
      // Each keeps its own subscription: neither removed the other's contact or subscription.
      expect(app?.presenceSubscriptions.map((s) => s.members).sort()).toEqual([['sip:bob@contoso.com'], ['sip:carol@contoso.com']]);
      expect(sim.log.count({ method: 'DELETE' })).toBe(0);
      expect(sim.log.count({ status: 409 })).toBe(0);
    } finally {
      subscriptions.forEach((sub) => sub.unsubscribe());
      subscriptions = [];
      await a.close();
      await b.close();
    }
    // Each close deleted its own instance; the application went with the last.
    expect(sim.state().applications).toEqual([]);
    expect(sim.log.count({ method: 'DELETE', status: 204 })).toBe(2);
  });

  for (const href of ['https://evil.example/ucwa/events?ack=2', 'javascript:alert(1)', 'file:///etc/passwd']) {
    it(`does not follow a next link to ${href.split(':')[0]}: reports it, re-reads the application, and delivers every event once`, async () => {
      const t = await setUp();
      subscriptions.push(t.client.presence$('sip:bob@contoso.com').subscribe({ error: (e: unknown) => t.states.push({ status: 'closed', error: e as UcwaError }) }));
      await t.clock.advance(2_000, t.settle);
      await until(() => presenceUpdates(t.events).length > 0 && t.sim.state().outstandingPgets === 1);
      const before = presenceUpdates(t.events).length;
      t.proxy.mutate(rewriteNextOnce(href));
      t.sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
      await t.clock.advance(500, t.settle); // released; its next link is rewritten
      await until(() => t.diagnostics.some((d) => d.kind === 'decode' && d.failures[0]?.path === '_links.next.href'));
      expect(presenceUpdates(t.events)).toHaveLength(before); // not delivered from the broken response
      expect(t.states.at(-1)).toMatchObject({ status: 'reconnecting', attempt: 1, retryInMs: 1000 });
      await t.clock.advance(1_000, t.settle); // re-read the application, then the same ack again
      await until(() => presenceUpdates(t.events).length === before + 1);
      expect(t.sim.log.count({ method: 'GET', path: /applications\/\d+(\?instanceId=[^&/]*)?$/ })).toBe(1);
      await until(() => t.sim.state().outstandingPgets === 1);
      await t.clock.advance(2_000, t.settle);
      await until(() => t.states.at(-1)?.status === 'connected');
      expect(t.states.some((s) => s.status === 'closed')).toBe(false);
      expect(t.proxy.exchanges.some((e) => e.url.includes('evil') || e.url.includes('passwd'))).toBe(false);
    });
  }

  it('re-reads the application after a 404 ResourceNotFound on a P-GET, carries on from its events link, and delivers nothing twice', async () => {
    const t = await setUp();
    subscriptions.push(t.client.presence$('sip:bob@contoso.com').subscribe({ error: (e: unknown) => t.states.push({ status: 'closed', error: e as UcwaError }) }));
    await t.clock.advance(2_000, t.settle);
    await until(() => presenceUpdates(t.events).length > 0 && t.sim.state().outstandingPgets === 1);
    const acks = pgets(t.sim).length;
    const before = presenceUpdates(t.events).length;
    t.sim.injectFault({ method: 'GET', path: '/events', fault: { kind: 'status', status: 404, code: 'NotFound', subcode: 'ResourceNotFound' } });
    t.sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await t.clock.advance(500, t.settle); // response N with the change; the P-GET for N+1 gets the 404
    await until(() => t.states.at(-1)?.status === 'reconnecting');
    expect(presenceUpdates(t.events)).toHaveLength(before + 1);
    expect(t.states.at(-1)).toMatchObject({ status: 'reconnecting', reason: { kind: 'http', status: 404 } });
    await t.clock.advance(1_000, t.settle); // the application's events link names N again (N+1 never reached the server)
    await until(() => pgets(t.sim).length === acks + 3 && t.sim.state().outstandingPgets === 1);
    await t.clock.advance(2_000, t.settle);
    const [n, next] = pgets(t.sim).slice(acks - 1);
    expect(pgets(t.sim).slice(acks - 1)).toEqual([n, next, n, next]);
    expect(t.sim.log.count({ method: 'GET', path: /applications\/\d+(\?instanceId=[^&/]*)?$/ })).toBe(1);
    expect(presenceUpdates(t.events)).toHaveLength(before + 1); // response N again: its event is not delivered twice
    await until(() => t.states.at(-1)?.status === 'connected');
    expect(t.resets).toEqual([]);
  });

  it('recreates the application when re-reading it answers 404, and signals the reset', async () => {
    const t = await setUp();
    t.sim.injectFault({ method: 'GET', path: '/events', fault: { kind: 'status', status: 404, code: 'NotFound', subcode: 'ResourceNotFound' } });
    t.sim.injectFault({ method: 'GET', path: /applications\/\d+(\?instanceId=[^&/]*)?$/, fault: { kind: 'status', status: 404, code: 'NotFound', subcode: 'ApplicationNotFound' } });
    await t.clock.advance(180_000, t.settle);
    await until(() => t.states.at(-1)?.status === 'reconnecting');
    await t.clock.advance(1_000, t.settle);
    await until(() => t.resets.length === 1 && t.sim.state().outstandingPgets === 1);
    expect(t.resets).toEqual(['applicationRecreated']);
    expect(t.sim.log.count({ method: 'POST', path: /applications$/ })).toBe(2);
    await until(() => t.states.at(-1)?.status === 'connected');
  });
});
