import type { Subscription } from 'rxjs';
import { createUcwaClient } from '../lib/client.js';
import type { ContactPresence } from '../lib/codecs/presence.js';
import { DEFAULT_LIMITS, ManualClock, startSimulator, type RequestLogEntry } from '../lib/simulator/index.js';
import type { BenchResult, BenchRow } from './report.js';
import { BENCH_USER, benchDirectory, contactUris } from './support/directory.js';
import { countKinds } from './support/request-kinds.js';
import { settleBoth, trackingFetch } from '../lib/simulator/index.js';
import { now } from './support/timing.js';

/** Sizes of the round-trip benchmark. */
export interface RoundTripOptions {
  /** Contacts watched. */
  readonly contacts: number;
  /** Contacts whose presence changes at once (they must land in one P-GET response). */
  readonly burst: number;
  /** Simulated idle time, ms. */
  readonly idleMs: number;
  readonly verdicts: boolean;
}

const MINUTE = 60_000;

/** The full-size run of issue 8: 1,000 contacts, a burst of 250, one idle hour. */
export const ROUND_TRIPS_FULL: RoundTripOptions = { contacts: 1_000, burst: 250, idleMs: 60 * MINUTE, verdicts: true };

/** Requests sign-in needs: the autodiscovery root, the user resource (401 with the token URL), the token, the user again. */
export const SIGN_IN_REQUESTS = 4;
/** Longest presence subscription the server grants, and the most one extension can add up to, minutes. */
const SUBSCRIPTION_MINUTES = 30;

/**
 * The fewest requests, P-GETs aside, that subscribing `contacts` contacts takes within the
 * simulator's (the reference's) limits: sign-in, the application, myContacts (where each
 * contact's presence is), one presenceSubscription per 250 contacts (created with its members),
 * and one GET per contact for its first value, at most 100 parts per batch.
 */
export function minimumSubscribeRequests(contacts: number): number {
  const perSubscription = DEFAULT_LIMITS.maxContactsPerPresenceSubscription;
  const perBatch = DEFAULT_LIMITS.maxOutstandingRequests;
  return SIGN_IN_REQUESTS + 1 + 1 + Math.ceil(contacts / perSubscription) + Math.ceil(contacts / perBatch);
}

/**
 * The fewest extensions that keep `subscriptions` alive for `ms` after their creation: each
 * extension leaves at most 30 minutes, so one made at the last moment before each expiry.
 */
export function minimumExtensions(subscriptions: number, ms: number): number {
  return subscriptions * Math.floor(ms / (SUBSCRIPTION_MINUTES * MINUTE));
}

const nonPget = (entries: readonly RequestLogEntry[]): RequestLogEntry[] => entries.filter((e) => !(e.method === 'GET' && e.path.split('?')[0]?.endsWith('/events')));
const pgets = (entries: readonly RequestLogEntry[]): number => entries.length - nonPget(entries).length;

/**
 * Benchmark 2: HTTP requests counted on the simulator's request log, with a ManualClock shared
 * by simulator and client. Subscribing `contacts` contacts; a burst of `burst` presence changes
 * released in one P-GET response; `idleMs` of simulated time with nothing changing.
 */
export async function runRoundTrips(options: RoundTripOptions): Promise<BenchResult> {
  const started = now();
  const clock = new ManualClock();
  const sim = await startSimulator({ clock, directory: benchDirectory(options.contacts) });
  const tracking = trackingFetch();
  const settle = settleBoth(sim, tracking);
  const client = createUcwaClient({ discoveryUrl: sim.discoveryUrl, credentials: BENCH_USER, clock, fetch: tracking.fetch });
  const uris = contactUris(options.contacts);
  const latest = new Map<string, ContactPresence>();
  const subscriptions: Subscription[] = [];
  const advanceUntil = async (done: () => boolean, what: string): Promise<void> => {
    for (let step = 0; step < 120 && !done(); step++) await clock.advance(1000, settle);
    if (!done()) throw new Error(`round trips: ${what} did not happen within 120 simulated seconds`);
  };
  try {
    // 1. subscribe every contact and wait for every first value
    for (const uri of uris) subscriptions.push(client.presence$(uri).subscribe((p) => latest.set(uri, p)));
    await advanceUntil(() => latest.size === uris.length, 'the first values');
    await clock.advance(0, settle);
    const subscribeLog = sim.requests.entries();
    const serverSubscriptions = sim.state().applications.flatMap((a) => a.presenceSubscriptions).length;

    // 2. a burst of changes, released together after the medium window
    let mark = sim.requests.entries().length;
    const burst = uris.slice(0, options.burst);
    for (const uri of burst) sim.setPresence(uri, { availability: 'Busy', activity: 'on-the-phone' });
    await advanceUntil(() => burst.every((uri) => latest.get(uri)?.availability === 'Busy'), 'the burst');
    await clock.advance(0, settle);
    const burstLog = sim.requests.entries().slice(mark);
    // a P-GET is logged when it arrives: each response the burst took was followed by one new P-GET
    const burstResponses = pgets(burstLog);

    // 3. idle time: only P-GETs and subscription extensions should happen
    mark = sim.requests.entries().length;
    const idleFrom = clock.now();
    const createdAt = (subscribeLog.find((e) => e.method === 'POST' && e.path.endsWith('/presenceSubscriptions'))?.at ?? idleFrom);
    await clock.advance(options.idleMs, settle);
    const idleLog = sim.requests.entries().slice(mark);
    const alive = sim.state().applications.flatMap((a) => a.presenceSubscriptions).filter((s) => s.expiresAt > clock.now()).length;

    const subscribeMinimum = minimumSubscribeRequests(options.contacts);
    const subscribeCount = nonPget(subscribeLog).length;
    const burstCount = nonPget(burstLog).length;
    const idleKinds = countKinds(idleLog);
    const extensions = idleKinds['subscription-extend'] ?? 0;
    const idleOthers = nonPget(idleLog).length - extensions;
    const idleSpan = clock.now() - createdAt;
    const extensionMinimum = minimumExtensions(serverSubscriptions, idleSpan);
    const verdict = (ok: boolean): boolean | undefined => (options.verdicts ? ok : undefined);
    // issue 8: a burst of 250 in at most 3 requests, i.e. batches of 100
    const burstMaximum = Math.ceil(options.burst / DEFAULT_LIMITS.maxOutstandingRequests);
    const rows: BenchRow[] = [
      {
        bench: '2 round trips',
        metric: `subscribe ${options.contacts} contacts (P-GETs aside)`,
        measured: subscribeCount,
        baseline: subscribeMinimum,
        baselineName: 'minimum',
        ratio: subscribeCount / subscribeMinimum,
        unit: 'requests',
        target: '= minimum',
        pass: verdict(subscribeCount <= subscribeMinimum),
        note: `P-GETs ${pgets(subscribeLog)}; ${JSON.stringify(countKinds(subscribeLog))}`,
      },
      {
        bench: '2 round trips',
        metric: `burst of ${options.burst} changes (P-GETs aside)`,
        measured: burstCount,
        unit: 'requests',
        target: `<= ${burstMaximum}`,
        pass: verdict(burstCount <= burstMaximum && burstResponses === 1),
        note: `released in ${burstResponses} P-GET response(s); ${JSON.stringify(countKinds(burstLog))}`,
      },
      {
        bench: '2 round trips',
        metric: `${options.idleMs / MINUTE} min idle: extensions`,
        measured: extensions,
        baseline: extensionMinimum,
        baselineName: 'minimum',
        unit: 'requests',
        target: '= minimum, nothing else',
        pass: verdict(extensions <= extensionMinimum && idleOthers === 0 && alive === serverSubscriptions),
        note: `P-GETs ${idleKinds.pget ?? 0}, other requests ${idleOthers}, ${alive}/${serverSubscriptions} subscriptions alive at the end`,
      },
    ];
    return {
      name: 'round trips',
      rows,
      details: {
        ...options,
        serverSubscriptions,
        subscribe: { requests: subscribeCount, minimum: subscribeMinimum, kinds: countKinds(subscribeLog), routes: routes(subscribeLog) },
        burst: { requests: burstCount, responses: burstResponses, kinds: countKinds(burstLog) },
        idle: { kinds: idleKinds, extensions, minimum: extensionMinimum, others: idleOthers, alive, spanMs: idleSpan },
      },
      elapsedMs: now() - started,
    };
  } finally {
    subscriptions.forEach((s) => s.unsubscribe());
    await client.close();
    await sim.close();
  }
}

function routes(entries: readonly RequestLogEntry[]): string[] {
  return entries.map((e) => `${e.method} ${e.path}`);
}
