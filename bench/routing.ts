import { Subject, filter, type Observable, type Subscription } from 'rxjs';
import { EventRouter } from '../lib/events/event-router.js';
import { parseEventsResponse } from '../lib/events/parse-events-response.js';
import type { UcwaEvent } from '../lib/events/ucwa-event.js';
import { routingKey } from '../lib/http/href.js';
import type { BenchResult, BenchRow } from './report.js';
import { BENCH_ORIGIN, eventsUrl, presenceEventBodies, presenceHrefOf } from './support/event-bodies.js';
import { median, now, timeOf } from './support/timing.js';

/** Sizes of the routing benchmark. */
export interface RoutingOptions {
  /** Per-contact observables (one per contact). */
  readonly contacts: number;
  /** P-GET response bodies, and contactPresence events in each. */
  readonly bodies: number;
  readonly eventsPerBody: number;
  /** Timed passes over all bodies for the library and the floor (the median is reported). */
  readonly repeats: number;
  /** Timed passes of the naive router (it is slow). */
  readonly naiveRepeats: number;
  /** Give verdicts (off in smoke runs). */
  readonly verdicts: boolean;
}

/** The full-size run of issue 8. */
export const ROUTING_FULL: RoutingOptions = { contacts: 10_000, bodies: 10, eventsPerBody: 1_000, repeats: 30, naiveRepeats: 3, verdicts: true };

/** Where contacts' resources are read from: their presence hrefs resolve against it. */
const CONTACTS_URL = `${BENCH_ORIGIN}/ucwa/oauth/v1/applications/101/people/contacts`;

/** The per-contact stream the presence code builds on: routed events of its presence resource, `updated` only. */
function presenceUpdates(routed: Observable<UcwaEvent>, key: string): Observable<UcwaEvent> {
  return routed.pipe(filter((event) => event.key === key && event.type === 'updated'));
}

/** Subscribes one counting observer per contact; returns the counters and the subscriptions. */
function subscribeAll(keys: readonly string[], source: (key: string) => Observable<UcwaEvent>): { counts: Uint32Array; subscriptions: Subscription[] } {
  const counts = new Uint32Array(keys.length);
  const subscriptions = keys.map((key, i) => presenceUpdates(source(key), key).subscribe(() => (counts[i] = (counts[i] ?? 0) + 1)));
  return { counts, subscriptions };
}

/** The shape of a P-GET body, as far as the hand-written loops read it. */
interface RawBody {
  readonly sender?: readonly { readonly events?: readonly { readonly link: { readonly href: string }; readonly in?: { readonly href: string } }[] }[];
}

/**
 * The least a keyed router can do, for reference: lower-case each event's hrefs, look both up
 * in a Map, call the listener. No validation, no normalisation beyond case, no event objects.
 */
function minimalRouter(keys: readonly string[]): { route(body: string): void; readonly delivered: number } {
  const listeners = new Map<string, () => void>();
  let delivered = 0;
  for (const key of keys) listeners.set(key, () => (delivered += 1));
  return {
    route(body: string): void {
      for (const sender of (JSON.parse(body) as RawBody).sender ?? []) {
        for (const event of sender.events ?? []) {
          listeners.get(event.link.href.toLowerCase())?.();
          if (event.in) listeners.get(event.in.href.toLowerCase())?.();
        }
      }
    },
    get delivered() {
      return delivered;
    },
  };
}

function checkCounts(counts: Uint32Array, expected: number, passes: number, who: string): void {
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] !== expected * passes) throw new Error(`${who}: contact ${i} got ${counts[i]} events, expected ${expected * passes}`);
  }
}

/**
 * Benchmark 1: P-GET bodies with contactPresence events routed to one observable per contact.
 * Library: JSON.parse + parseEventsResponse + EventRouter.dispatch to keyed subscribers.
 * Floor: JSON.parse alone. Naive: the same parse, then every event offered to every subscriber
 * (a Subject with one `filter` per contact).
 */
export function runRouting(options: RoutingOptions): BenchResult {
  const started = now();
  const bodies = presenceEventBodies(options.contacts, options.bodies, options.eventsPerBody);
  const urls = bodies.map((_, i) => eventsUrl(i + 1));
  const totalEvents = options.bodies * options.eventsPerBody;
  const perContact = totalEvents / options.contacts;
  if (!Number.isInteger(perContact)) throw new Error('events must be a multiple of contacts');
  const keys = Array.from({ length: options.contacts }, (_, i) => routingKey(presenceHrefOf(i), CONTACTS_URL));

  const router = new EventRouter();
  const routed = subscribeAll(keys, (key) => router.route(key));
  const subject = new Subject<UcwaEvent>();
  const naive = subscribeAll(keys, () => subject);

  let sink = 0;
  const floorPass = (): number =>
    timeOf(() => {
      for (const body of bodies) sink += (JSON.parse(body) as RawBody).sender?.length ?? 0;
    });
  const libraryPass = (): number =>
    timeOf(() => {
      bodies.forEach((body, i) => {
        const parsed = parseEventsResponse(JSON.parse(body), urls[i] as string);
        for (const event of parsed.events) router.dispatch(event);
      });
    });
  const minimal = minimalRouter(keys);
  const minimalPass = (): number => timeOf(() => bodies.forEach((body) => minimal.route(body)));
  const naivePass = (count = bodies.length): number =>
    timeOf(() => {
      bodies.slice(0, count).forEach((body, i) => {
        const parsed = parseEventsResponse(JSON.parse(body), urls[i] as string);
        for (const event of parsed.events) subject.next(event);
      });
    });

  // warm-up, then interleaved timed passes (ratios are taken pass by pass: the machine's load drifts)
  for (let w = 0; w < 2; w++) {
    floorPass();
    libraryPass();
    minimalPass();
  }
  naivePass(1);
  const floor: number[] = [];
  const library: number[] = [];
  const minimalTimes: number[] = [];
  for (let r = 0; r < options.repeats; r++) {
    floor.push(floorPass());
    library.push(libraryPass());
    minimalTimes.push(minimalPass());
  }
  const naiveTimes: number[] = [];
  const naiveLibrary: number[] = [];
  for (let r = 0; r < options.naiveRepeats; r++) {
    naiveTimes.push(naivePass());
    naiveLibrary.push(libraryPass());
  }
  checkCounts(routed.counts, perContact, 2 + options.repeats + options.naiveRepeats, 'library');
  if (minimal.delivered !== totalEvents * (2 + options.repeats)) throw new Error('minimal router lost events');
  const naiveDelivered = naive.counts.reduce((sum, n) => sum + n, 0);
  if (naiveDelivered !== options.eventsPerBody + totalEvents * options.naiveRepeats) throw new Error('naive router lost events');
  routed.subscriptions.forEach((s) => s.unsubscribe());
  naive.subscriptions.forEach((s) => s.unsubscribe());
  if (router.size.keys !== 0) throw new Error('router kept listeners after unsubscribe');

  const floorMs = median(floor);
  const libraryMs = median(library);
  const minimalMs = median(minimalTimes);
  const naiveMs = median(naiveTimes);
  const overFloor = median(library.map((ms, i) => ms / (floor[i] as number)));
  const minimalOverFloor = median(minimalTimes.map((ms, i) => ms / (floor[i] as number)));
  const naiveOverLibrary = median(naiveTimes.map((ms, i) => ms / (naiveLibrary[i] as number)));
  const size = `${totalEvents} events in ${options.bodies} bodies, ${options.contacts} subscribers`;
  const rows: BenchRow[] = [
    {
      bench: '1 routing',
      metric: 'parse+route / JSON.parse',
      measured: libraryMs,
      baseline: floorMs,
      baselineName: 'JSON.parse',
      ratio: overFloor,
      unit: 'ms',
      target: '<= 1.5x',
      pass: options.verdicts ? overFloor <= 1.5 : undefined,
      note: size,
    },
    {
      bench: '1 routing',
      metric: 'minimal keyed loop / JSON.parse',
      measured: minimalMs,
      baseline: floorMs,
      baselineName: 'JSON.parse',
      ratio: minimalOverFloor,
      unit: 'ms',
      target: '(reference)',
      note: 'hand-written: lower-case hrefs, two Map lookups, a call; no validation, no event objects, no RxJS',
    },
    {
      bench: '1 routing',
      metric: 'naive router / library',
      measured: libraryMs,
      baseline: naiveMs,
      baselineName: 'naive',
      ratio: naiveOverLibrary,
      unit: 'ms',
      target: '>= 50x faster',
      pass: options.verdicts ? naiveOverLibrary >= 50 : undefined,
      note: size,
    },
  ];
  return {
    name: 'routing',
    rows,
    details: {
      ...options,
      bodyBytes: bodies.reduce((sum, b) => sum + b.length, 0),
      floorMs: floor,
      libraryMs: library,
      minimalMs: minimalTimes,
      naiveMs: naiveTimes,
      naiveLibraryMs: naiveLibrary,
      libraryNsPerEvent: (libraryMs * 1e6) / totalEvents,
      floorNsPerEvent: (floorMs * 1e6) / totalEvents,
      sink,
    },
    elapsedMs: now() - started,
  };
}
