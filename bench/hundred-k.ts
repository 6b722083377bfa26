import { performance } from 'node:perf_hooks';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import { createUcwaClient } from '../lib/client.js';
import { DEFAULT_LIMITS, type SimulatorLimits } from '../lib/simulator/index.js';
import { heapAfterGc } from './memory.js';
import type { BenchResult, BenchRow } from './report.js';
import { SIGN_IN_REQUESTS } from './round-trips.js';
import { countingClock } from './support/counting-clock.js';
import { BENCH_USER, contactUris } from './support/directory.js';
import { countingFetch } from './support/first-values-floor.js';
import { requestKind, type RequestKinds } from './support/request-kinds.js';
import { startSimulatorThread } from './support/simulator-thread.js';
import { now, sleep } from './support/timing.js';

/** Sizes of the 100,000-contact benchmark. */
export interface HundredKOptions {
  /** Contacts watched by the one client (the simulator's directory holds these and the user). */
  readonly contacts: number;
  /** `presence.maxApplications` of that client. */
  readonly maxApplications: number;
  /** Contacts of the baseline run: what one application holds (one client, one application). */
  readonly baselineContacts: number;
  /** Contacts whose presence changes at once, in each run, for the CPU per routed event. */
  readonly burst: number;
  /** Simulator limits (defaults: the reference's, 50 subscriptions x 250 contacts per application). */
  readonly limits?: Partial<SimulatorLimits> | undefined;
  readonly verdicts: boolean;
}

/** The full run of issue 15: 100,000 contacts over 8 applications, against 12,500 in one. */
export const HUNDRED_K_FULL: HundredKOptions = { contacts: 100_000, maxApplications: 8, baselineContacts: 12_500, burst: 10_000, verdicts: true };

/** Targets: per-contact and per-event costs at most this many times the one-application run's. */
const SCALE_TARGET = 1.5;
/** Requests at most this many times the minimum (a 403 per full application is learnt once, a few retries). */
const REQUEST_TARGET = 1.1;

/** Contacts one application holds within `limits`. */
export function contactsPerApplication(limits: SimulatorLimits): number {
  return limits.maxPresenceSubscriptionsPerApplication * limits.maxContactsPerPresenceSubscription;
}

/**
 * The fewest requests, P-GETs aside, that watching `contacts` contacts takes within `limits`:
 * sign-in once (4), then for each application filled in turn with `a` contacts: the application
 * (1), its myContacts (1: every contact's presence link names its application), ceil(a/250)
 * subscriptions created with their members, and ceil(a/100) batches of first-value GETs.
 */
export function minimumRequests(contacts: number, limits: SimulatorLimits): number {
  const perApplication = contactsPerApplication(limits);
  let total = SIGN_IN_REQUESTS;
  for (let left = contacts; left > 0; left -= perApplication) {
    const a = Math.min(left, perApplication);
    total += 1 + 1 + Math.ceil(a / limits.maxContactsPerPresenceSubscription) + Math.ceil(a / limits.maxOutstandingRequests);
  }
  return total;
}

/** The figures of one client watching `contacts` contacts. */
interface Run {
  readonly contacts: number;
  readonly maxApplications: number;
  readonly firstValuesMs: number;
  /** Requests the client sent, P-GETs aside, from its creation to the last first value. */
  readonly requests: number;
  readonly minimum: number;
  readonly kinds: RequestKinds;
  readonly heapPerContact: number;
  readonly burst: number;
  /** Main-thread busy time (event-loop utilisation: the simulator's thread is not counted) over the burst, ms. */
  readonly burstActiveMs: number;
  readonly burstWallMs: number;
  readonly pendingTimers: number;
  readonly serverSubscriptions: number;
  readonly serverApplications: number;
  /** Resets of the client's own application (`resets$`) from its creation to the end of the burst. */
  readonly resets: number;
  /** Errors on the client's own application's `diagnostics$` over the same time, by name. */
  readonly diagnostics: Readonly<Record<string, number>>;
  /** The client's requests by application and kind, with when the first and last were sent (s after the client's creation), until its close. */
  readonly byApplication: ByApplication;
}

/**
 * Requests by application (the id in `/ucwa/oauth/v1/applications/<id>/`, `-` for none) and kind,
 * each with the seconds after `since` of its first and last.
 */
type ByApplication = Record<string, Partial<Record<string, { count: number; firstS: number; lastS: number }>>>;

/** Wraps `inner`, filing every request in `log` (P-GETs aside). */
function loggingFetch(inner: typeof fetch, log: ByApplication, since: () => number): typeof fetch {
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const kind = requestKind({ method, path: url.pathname });
    if (kind !== 'pget') {
      const application = /\/applications\/([^/]+)\//.exec(url.pathname)?.[1] ?? '-';
      const kinds = (log[application] ??= {});
      const at = (now() - since()) / 1000;
      const entry = (kinds[kind] ??= { count: 0, firstS: at, lastS: at });
      entry.count += 1;
      entry.lastS = at;
    }
    return inner(input, init);
  };
}

async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!done()) {
    if (now() > deadline) throw new Error(`100k benchmark: ${what} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Every `contacts / burst`-th contact, so that the burst reaches every application. */
function spread(uris: readonly string[], burst: number): string[] {
  const count = Math.min(burst, uris.length);
  return Array.from({ length: count }, (_, i) => uris[Math.floor((i * uris.length) / count)] as string);
}

/**
 * One client watching the first `contacts` of a contact list of `listSize` (the simulator's
 * directory: that many people, every one in the user's list), with `maxApplications`.
 */
async function measure(contacts: number, maxApplications: number, options: HundredKOptions, listSize = contacts): Promise<Run> {
  const limits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
  const sim = await startSimulatorThread({ contacts: listSize, aggregationScale: 0.01, limits: options.limits });
  const held: Subscription[] = [];
  try {
    const clock = countingClock();
    const counting = countingFetch();
    const byApplication: ByApplication = {};
    const created = now();
    const fetchLogged = loggingFetch(counting.fetch, byApplication, () => created);
    const client = createUcwaClient({ discoveryUrl: sim.discoveryUrl, credentials: BENCH_USER, clock, fetch: fetchLogged, presence: { maxApplications } });
    held.push(client.events$.subscribe());
    let resets = 0;
    held.push(client.resets$.subscribe(() => (resets += 1)));
    const diagnostics: Record<string, number> = {};
    held.push(client.diagnostics$.subscribe((error) => (diagnostics[error.name] = (diagnostics[error.name] ?? 0) + 1)));
    await firstValueFrom(client.connectionState$.pipe(filter((s) => s.status === 'connected')));
    await sleep(100);
    const idleHeap = await heapAfterGc();
    const uris = contactUris(contacts);
    const received = new Uint32Array(contacts);
    let firsts = 0;
    let total = 0;
    const start = now();
    uris.forEach((uri, i) =>
      held.push(
        client.presence$(uri).subscribe(() => {
          if (received[i] === 0) firsts += 1;
          received[i] = (received[i] ?? 0) + 1;
          total += 1;
        }),
      ),
    );
    await until(() => firsts === contacts, 600_000, `first values of ${contacts} contacts`);
    const firstValuesMs = now() - start;
    await sleep(300);
    const requests = counting.count();
    const heapPerContact = ((await heapAfterGc()) - idleHeap) / contacts;
    const pendingTimers = clock.pending;
    const summary = await sim.summary();
    const kinds = await sim.requestKinds();

    const burst = spread(uris, options.burst);
    const target = total + burst.length;
    const elu = performance.eventLoopUtilization();
    const burstStart = now();
    await sim.setPresence(burst, { availability: 'Busy' });
    await until(() => total >= target, 120_000, `${burst.length} presence changes`);
    const burstWallMs = now() - burstStart;
    const burstActiveMs = performance.eventLoopUtilization(elu).active;

    held.forEach((s) => s.unsubscribe());
    held.length = 0;
    await client.close();
    return {
      contacts,
      maxApplications,
      firstValuesMs,
      requests,
      minimum: minimumRequests(contacts, limits),
      kinds,
      heapPerContact,
      burst: burst.length,
      burstActiveMs,
      burstWallMs,
      pendingTimers,
      serverSubscriptions: summary.presenceSubscriptions,
      serverApplications: summary.applications,
      resets,
      diagnostics,
      byApplication,
    };
  } finally {
    held.forEach((s) => s.unsubscribe());
    await sim.close();
  }
}

/**
 * Benchmark 9: one client watching `contacts` contacts spread over `maxApplications`
 * applications, against one client watching what one application holds, in the same run: time
 * to every first value and heap per contact (both per contact), requests against the minimum
 * the limits allow, main-thread CPU per routed presence event, and the client clock's pending
 * timers against the server's presence subscriptions.
 */
export async function runHundredK(options: HundredKOptions): Promise<BenchResult> {
  const started = now();
  const baseline = await measure(options.baselineContacts, 1, options);
  // The same user and list as the big run: each application reads the user's whole contact list
  // once (where presence lives in it), whatever it watches; this baseline pays that read too.
  const sameList = await measure(options.baselineContacts, 1, options, options.contacts);
  const big = await measure(options.contacts, options.maxApplications, options);
  const verdict = (ok: boolean): boolean | undefined => (options.verdicts ? ok : undefined);
  const bench = '9 100k contacts';
  const msPerContact = (r: Run): number => r.firstValuesMs / r.contacts;
  const usPerEvent = (r: Run): number => (r.burstActiveMs * 1000) / r.burst;
  const sizes = `${big.contacts} contacts in ${big.serverApplications} applications vs ${baseline.contacts} in ${baseline.serverApplications}`;
  const rows: BenchRow[] = [
    {
      bench,
      metric: `subscribe -> every first value, per contact (${big.contacts})`,
      measured: msPerContact(big),
      baseline: msPerContact(sameList),
      baselineName: `${sameList.contacts}, 1 app, same list`,
      ratio: msPerContact(big) / msPerContact(sameList),
      unit: 'ms/contact',
      target: `<= ${SCALE_TARGET}x`,
      pass: verdict(msPerContact(big) / msPerContact(sameList) <= SCALE_TARGET),
      note: `${sizes}, a contact list of ${big.contacts} in both: ${(big.firstValuesMs / 1000).toFixed(1)} s vs ${(sameList.firstValuesMs / 1000).toFixed(1)} s in all; against ${baseline.contacts} in 1 app with a list of ${baseline.contacts}: ${(msPerContact(big) / msPerContact(baseline)).toFixed(2)}x (${(baseline.firstValuesMs / 1000).toFixed(1)} s)`,
    },
    {
      bench,
      metric: `requests per contact, P-GETs aside (${big.contacts})`,
      measured: big.requests / big.contacts,
      baseline: big.minimum / big.contacts,
      baselineName: 'minimum',
      ratio: big.requests / big.minimum,
      unit: 'requests',
      target: `<= ${REQUEST_TARGET}x`,
      pass: verdict(big.requests / big.minimum <= REQUEST_TARGET),
      note: `${big.requests} requests, minimum ${big.minimum} (4 sign-in + per application: 1 application, 1 myContacts, ceil(a/250) creates, ceil(a/100) batches); ${baseline.contacts} in 1 app: ${baseline.requests} vs ${baseline.minimum}; the client's own application: ${big.resets} resets (${baseline.resets} in 1 app), diagnostics ${JSON.stringify(big.diagnostics)}; by kind at ${big.contacts}: ${JSON.stringify(big.kinds)}`,
    },
    {
      bench,
      metric: `heap per watched contact after GC (${big.contacts})`,
      measured: big.heapPerContact,
      baseline: baseline.heapPerContact,
      baselineName: `${baseline.contacts}, 1 app`,
      ratio: big.heapPerContact / baseline.heapPerContact,
      unit: 'bytes',
      target: `<= ${SCALE_TARGET}x`,
      pass: verdict(big.heapPerContact / baseline.heapPerContact <= SCALE_TARGET),
      note: `heapUsed without code spaces, watched minus idle client (channel running), the simulator in its own thread; ${((big.heapPerContact * big.contacts) / 2 ** 20).toFixed(0)} MB in all`,
    },
    {
      bench,
      metric: `CPU per routed presence event, burst of ${big.burst}`,
      measured: usPerEvent(big),
      baseline: usPerEvent(baseline),
      baselineName: `${baseline.contacts}, 1 app`,
      ratio: usPerEvent(big) / usPerEvent(baseline),
      unit: 'us/event',
      target: `<= ${SCALE_TARGET}x`,
      pass: verdict(usPerEvent(big) / usPerEvent(baseline) <= SCALE_TARGET),
      note: `main-thread event-loop busy time from sim.setPresence of ${big.burst} contacts to the last value (P-GETs, parse, route, subscribers); wall ${big.burstWallMs.toFixed(0)} ms vs ${baseline.burstWallMs.toFixed(0)} ms`,
    },
    {
      bench,
      metric: `client clock's pending timers (${big.contacts})`,
      measured: big.pendingTimers,
      baseline: big.serverSubscriptions,
      baselineName: 'server subscriptions',
      ratio: big.pendingTimers / big.serverSubscriptions,
      unit: 'timers',
      target: '<= 1 per subscription',
      pass: verdict(big.pendingTimers <= big.serverSubscriptions),
      note: `after every first value; ${big.serverApplications} applications; ${baseline.contacts} in 1 app: ${baseline.pendingTimers} timers for ${baseline.serverSubscriptions} subscriptions`,
    },
  ];
  return { name: '100k contacts', rows, details: { ...options, baseline, sameList, big }, elapsedMs: now() - started };
}
