import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import type { UcwaEvent } from '../../lib/events/ucwa-event.js';
import { isUcwaError } from '../../lib/errors/guards.js';
import { clientFor, settleBoth, startFastSimulator, trackingFetch } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { checkAsyncProperty, fuzzRuns } from '../support/fuzz.js';
import { startMutatingProxy, throughProxy, type MutatingProxy, type ProxiedExchange, type ProxyAction } from '../http/support/mutating-proxy.js';
import { extremeValue, jsonText, replaceAt } from './client-arbitraries.js';

/**
 * The client against a hostile server: the simulator behind a proxy that answers the client's
 * requests with mutated bodies (wrong types, deep nesting, huge strings, broken multipart, HTML,
 * empty, wrong content types, truncated, stalled, dropped) or 5xx/429, one ManualClock for all.
 * After the hostile phase the server behaves again. Invariants: no crash, no unhandled rejection
 * or exception, only UcwaErrors on any stream, the event channel never stops (nothing permanent
 * happened), the client is connected and delivers events again, and nothing piles up.
 */

/** How the proxy mangles one answer (data, so that a failing case prints readably). */
type Mutation =
  | { readonly kind: 'forward' }
  | { readonly kind: 'status'; readonly status: number; readonly body: 'ucwa' | 'html' | 'empty'; readonly retryAfter?: number | undefined }
  | { readonly kind: 'html200' }
  | { readonly kind: 'empty200' }
  | { readonly kind: 'truncate'; readonly fraction: number }
  | { readonly kind: 'contentType'; readonly type: string }
  /** Replace a node of a JSON body with a JSON value, or with one of the extreme values (by index). */
  | { readonly kind: 'edit'; readonly path: readonly number[]; readonly value: unknown; readonly extreme?: number | undefined }
  | { readonly kind: 'junk'; readonly at: number; readonly text: string }
  | { readonly kind: 'stall' }
  | { readonly kind: 'drop' };

const EXTREMES = fc.sample(extremeValue, { numRuns: 40, seed: 7 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Mutation>({ kind: 'forward' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500, 502, 503, 504, 429), body: fc.constantFrom('ucwa' as const, 'html' as const, 'empty' as const), retryAfter: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'html200' }) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'empty200' }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('contentType' as const), type: fc.constantFrom('text/plain', 'application/xml', 'text/html', 'application/octet-stream', 'multipart/batching; boundary=x') }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      path: fc.array(fc.nat({ max: 40 }), { maxLength: 6 }),
      value: fc.jsonValue({ maxDepth: 2 }),
      extreme: fc.option(fc.nat({ max: EXTREMES.length - 1 }), { nil: undefined, freq: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('junk' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('\r\n--', '\r\n\r\n', '}}}}', 'HTTP/1.1 200 OK\r\n')) }) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'stall' }) },
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'drop' }) },
);

const isTokenEndpoint = (exchange: ProxiedExchange): boolean => /\/webticket\/oauthtoken/i.test(exchange.url);

/** The kinds of request a plan mangles separately, so that every phase of the protocol meets hostility. */
const ROUTES = ['root', 'user', 'token', 'application', 'events', 'batch', 'subscriptions', 'other'] as const;
type Route = (typeof ROUTES)[number];

function routeOf(exchange: ProxiedExchange): Route {
  const path = exchange.url.toLowerCase().split('?')[0] ?? '';
  if (isTokenEndpoint(exchange)) return 'token';
  if (path.endsWith('/oauth/user')) return 'user';
  if (path.includes('/autodiscover/')) return 'root';
  if (path.endsWith('/events')) return 'events';
  if (path.endsWith('/batch')) return 'batch';
  if (/\/applications(\/\d+)?$/.test(path)) return 'application';
  if (/presencesubscription/.test(path)) return 'subscriptions';
  return 'other';
}

/** A plan: for each kind of request, the mutations its next answers get, in order (then it behaves). */
type Plan = Readonly<Record<Route, readonly Mutation[]>>;

const plan: fc.Arbitrary<Plan> = fc.record(
  Object.fromEntries(ROUTES.map((route) => [route, fc.array(mutation, { maxLength: route === 'events' || route === 'other' ? 8 : 4 })])) as Record<Route, fc.Arbitrary<Mutation[]>>,
);

function contentTypeOf(exchange: ProxiedExchange): string {
  const value = exchange.headers['content-type'];
  return typeof value === 'string' ? value : 'application/json';
}

/** The proxy action for one mutation of one answer. */
function actionFor(m: Mutation, exchange: ProxiedExchange): ProxyAction | undefined {
  const text = exchange.body.toString('utf8');
  // A token endpoint that hands out another well-formed token, which the pool then refuses, has
  // refused the sign-in for good (a 401 right after a fresh token): edits of its answer are cut instead.
  if (isTokenEndpoint(exchange) && (m.kind === 'edit' || m.kind === 'junk')) return { kind: 'replace', status: 200, headers: { 'Content-Type': 'application/json' }, body: text.slice(0, text.length >> 1) };
  const replace = (status: number, type: string, body: string): ProxyAction => ({ kind: 'replace', status, headers: { 'Content-Type': type }, body });
  switch (m.kind) {
    case 'forward':
      return undefined;
    case 'status': {
      const body = m.body === 'ucwa' ? JSON.stringify({ code: 'ServiceFailure', message: 'hostile' }) : m.body === 'html' ? '<html><body>Server Error</body></html>' : '';
      const headers: Record<string, string> = { 'Content-Type': m.body === 'html' ? 'text/html' : 'application/json' };
      if (m.retryAfter !== undefined) headers['Retry-After'] = String(m.retryAfter);
      return { kind: 'replace', status: m.status, headers, body };
    }
    case 'html200':
      return replace(200, 'text/html', '<!DOCTYPE html><html><body>Welcome to the captive portal</body></html>');
    case 'empty200':
      return replace(200, contentTypeOf(exchange), '');
    case 'truncate':
      return replace(exchange.status, contentTypeOf(exchange), text.slice(0, Math.floor(text.length * m.fraction)));
    case 'contentType':
      return replace(exchange.status, m.type, text);
    case 'edit': {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return undefined;
      }
      const value = m.extreme === undefined ? m.value : EXTREMES[m.extreme];
      return replace(exchange.status, contentTypeOf(exchange), jsonText(replaceAt(json, m.path, value)));
    }
    case 'junk': {
      const at = m.at % (text.length + 1);
      return replace(exchange.status, contentTypeOf(exchange), text.slice(0, at) + m.text + text.slice(at));
    }
    case 'stall':
      return { kind: 'stall', partial: text.slice(0, text.length >> 1) };
    case 'drop':
      return { kind: 'drop' };
  }
}

let clock: ManualClock;
let sim: Simulator;
let proxy: MutatingProxy;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  clock = new ManualClock();
  sim = await startFastSimulator({ clock });
  proxy = await startMutatingProxy(new URL(sim.discoveryUrl).origin);
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await proxy.close();
  await sim.close();
});

/** What a failure report shows of a client that did not recover. */
function whereItStands(states: readonly ConnectionState[]): unknown {
  const server = sim.state();
  return {
    states: states.slice(-4).map((s) =>
      s.status === 'reconnecting'
        ? `reconnecting #${s.attempt} in ${s.retryInMs} ms: ${s.reason.message.slice(0, 160)}`
        : s.status === 'closed' && s.error
          ? `closed: ${s.error.name}: ${s.error.message.slice(0, 200)}`
          : s.status),
    heldPgets: server.outstandingPgets,
    applications: server.applications.map((a) => ({ id: a.id, endpointId: a.endpointId, held: a.eventChannel.held })),
    lastExchanges: proxy.exchanges.slice(-6).map((e) => `${e.method} ${e.url.slice(0, 80)} ${e.status}`),
    pendingTimers: clock.pendingTimers,
  };
}

/** Waits (real time, generous) for I/O a clock step caused: only catches hangs. */
const until = (predicate: () => boolean): Promise<void> => eventually(predicate, 15_000);

describe('fuzz: the client against a hostile server', () => {
  it('never crashes, fails only with UcwaErrors, never stops its event channel, and recovers once the server behaves', async () => {
    // (each case runs a client for simulated minutes; the timeout below only catches a hang)
    await checkAsyncProperty(
      fc.asyncProperty(plan, async (mutations) => {
        proxy.mutate(undefined);
        proxy.exchanges.length = 0;
        const queues = new Map<Route, Mutation[]>(ROUTES.map((route) => [route, [...mutations[route]]]));
        const left = (): number => [...queues.values()].reduce((sum, queue) => sum + queue.length, 0);
        proxy.mutate((exchange) => {
          const queued = queues.get(routeOf(exchange))?.shift();
          return queued === undefined ? undefined : actionFor(queued, exchange);
        });
        const tracking = trackingFetch();
        const settle = settleBoth(sim, tracking);
        const client: UcwaClient = clientFor(sim, { clock, fetch: tracking.fetch, discoveryUrl: throughProxy(sim.discoveryUrl, proxy) });
        const errors: Array<[string, unknown]> = [];
        const events: UcwaEvent[] = [];
        const states: ConnectionState[] = [];
        const resets: string[] = [];
        const subscriptions: Subscription[] = [
          client.connectionState$.subscribe((s) => states.push(s)),
          client.resets$.subscribe((r) => resets.push(r.reason)),
          client.events$.subscribe({ next: (e) => events.push(e), error: (e: unknown) => errors.push(['events$', e]) }),
          client.diagnostics$.subscribe({ next: (d) => expect(isUcwaError(d)).toBe(true) }),
          client.presence$('sip:bob@contoso.com').subscribe({ error: (e: unknown) => errors.push(['presence$', e]) }),
          client.presence$('sip:carol@contoso.com').subscribe({ error: (e: unknown) => errors.push(['presence$', e]) }),
        ];
        try {
          // The hostile phase: the plan is used up by the client's requests.
          for (let step = 0; step < 12 && left() > 0; step++) await clock.advance(15_000, settle);
          // The server behaves again.
          proxy.mutate(undefined);
          for (let step = 0; step < 30 && !(states.at(-1)?.status === 'connected' && sim.state().outstandingPgets === 1); step++) {
            await clock.advance(30_000, settle);
          }
          await until(() => states.at(-1)?.status === 'connected' && sim.state().outstandingPgets === 1).catch(() => {
            throw new Error(`not recovered: ${JSON.stringify(whereItStands(states))}`);
          });
          // The loop reads the server's answers again: a forced resume comes through as a reset.
          const before = resets.length;
          sim.forceResume();
          await clock.advance(2_000, settle);
          await until(() => resets.slice(before).includes('resume'));
          for (const [, error] of errors) expect(isUcwaError(error)).toBe(true);
          expect(errors.filter(([where]) => where === 'events$')).toEqual([]);
          expect(states.some((s) => s.status === 'closed')).toBe(false);
          expect(unhandled).toEqual([]);
        } finally {
          subscriptions.forEach((s) => s.unsubscribe());
          proxy.mutate(undefined);
          await client.close();
          // What a lost DELETE left behind expires, as it would on a real pool.
          sim.expireApplication();
        }
        // Nothing piles up: the client's timers are gone with it; the server holds no P-GET.
        await until(() => sim.state().outstandingPgets === 0);
        expect(clock.pendingTimers).toBeLessThan(20);
      }),
      5,
    );
  }, 60_000 + 5_000 * fuzzRuns(5));
});
