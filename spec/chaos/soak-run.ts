import { createUcwaClient, type ContactsAndGroupsSubscriptionStatus, type PinnedGroup, type UcwaClient } from '../../lib/index.js';
import { DEFAULT_PASSWORD, ManualClock, settleBoth, startSimulator, trackingFetch, type Simulator } from '../../lib/simulator/index.js';
import { ChaosProxy } from './chaos-proxy.js';
import { randomFaults } from './faults.js';
import { checkQuietPoint, type Finding, type Violation } from './invariants.js';
import { Prng } from './prng.js';
import { formatClock, formatTrace } from './request-trace.js';
import { Scenario } from './scenario.js';
import { resolveSoakOptions, soakDirectory, SOAK_USER, type ResolvedSoakOptions, type SoakOptions } from './soak-options.js';
import { StreamRecorder, type StreamRecord } from './stream-recorder.js';

const MINUTE = 60_000;

/** What one soak run did and found. */
export interface SoakResult {
  readonly seed: number;
  readonly hours: number;
  readonly profile: string;
  readonly faultRate: number;
  /** Requests through the proxy. */
  readonly requests: number;
  /** Faults applied, by kind (`outage`: requests refused during outages). */
  readonly faults: Readonly<Record<string, number>>;
  readonly outages: number;
  /** Transient-state resets the client reported on resets$. */
  readonly resets: number;
  /** Problems the client reported on diagnostics$. */
  readonly diagnostics: number;
  readonly quietPoints: number;
  /** Watched values and pinned groups compared with the server's truth. */
  readonly valuesChecked: number;
  /** Values delivered by every stream. */
  readonly streamValues: number;
  readonly violations: readonly Violation[];
  /** Real milliseconds the run took. */
  readonly realMs: number;
}

/** Runs one seeded soak: the scenario against the simulator behind the chaos proxy, quiet-point checks, close and leak checks. */
export async function runSoak(input: SoakOptions): Promise<SoakResult> {
  const options = resolveSoakOptions(input);
  // The client's backoff jitter comes from Math.random: seeded for the run, so that a seed repeats.
  const random = Math.random;
  const jitter = new Prng(options.seed, 'jitter');
  Math.random = () => jitter.next();
  try {
    const run = await SoakRun.start(options);
    try {
      await run.play();
    } finally {
      await run.dispose();
    }
    return run.result();
  } finally {
    Math.random = random;
  }
}

/** One run: its simulator, proxy, client, scenario and findings. */
class SoakRun {
  private readonly violations: Violation[] = [];
  private readonly started = performance.now();
  private readonly startMs: number;
  private readonly settle: () => Promise<void>;
  private readonly scenario: Scenario;
  private readonly recorder: StreamRecorder;
  private resets = 0;
  private diagnostics = 0;
  private quietPoints = 0;
  private valuesChecked = 0;
  private reportedCompletions = new Set<number>();
  private reportedLeaks = 0;

  private constructor(
    private readonly options: ResolvedSoakOptions,
    private readonly clock: ManualClock,
    private readonly sim: Simulator,
    private readonly proxy: ChaosProxy,
    private readonly client: UcwaClient,
    candidates: readonly string[],
    busy: () => number,
  ) {
    this.startMs = clock.now();
    this.settle = settleBoth(sim, { busy });
    this.recorder = new StreamRecorder(clock, (record) => this.streamErrored(record));
    const log = options.log ? (what: string): void => options.log?.(`  ${formatClock(clock.now() - this.startMs)} ${what}`) : undefined;
    this.scenario = new Scenario({ prng: new Prng(options.seed, 'scenario'), clock, sim, proxy, client, recorder: this.recorder, candidates, band: options.watchedBand, listStreams: options.listStreams, calm: options.calm, log });
    client.resets$.subscribe(() => this.resets++);
    client.diagnostics$.subscribe(() => this.diagnostics++);
  }

  static async start(options: ResolvedSoakOptions): Promise<SoakRun> {
    const clock = new ManualClock();
    const { directory, candidates } = soakDirectory(options.contacts);
    const sim = await startSimulator({ clock, directory, limits: options.limits });
    const proxy = await ChaosProxy.start({ upstream: sim.origin, clock, plan: randomFaults(options.seed, options.faultRate) });
    const tracking = trackingFetch();
    const client = createUcwaClient({
      discoveryUrl: new URL(new URL(sim.discoveryUrl).pathname, proxy.origin).href,
      credentials: { username: SOAK_USER, password: DEFAULT_PASSWORD },
      clock,
      fetch: tracking.fetch,
      gracePeriodMs: 1000,
    });
    // busy: the proxy's own work, and client requests the proxy has not parked (those only the clock moves)
    const busy = (): number => proxy.busy + Math.max(0, tracking.busy() - proxy.parkedAwaitingHeaders);
    return new SoakRun(options, clock, sim, proxy, client, candidates, busy);
  }

  /** The scenario over the simulated hours, with quiet points, then close and its checks. */
  async play(): Promise<void> {
    const { clock, options, scenario } = this;
    const end = this.startMs + options.hours * 60 * MINUTE;
    const quietGap = (): number => new Prng(options.seed, `quiet${this.quietPoints}`).int(options.quietEveryMinutes[0] * MINUTE, options.quietEveryMinutes[1] * MINUTE);
    const stepPrng = new Prng(options.seed, 'steps');
    let nextQuiet = this.startMs + quietGap();
    scenario.start();
    while (clock.now() < end) {
      await clock.advance(Math.min(stepPrng.int(5_000, 60_000), end - clock.now()), this.settle);
      if (clock.now() >= end) break;
      if (clock.now() >= nextQuiet) {
        await this.quietPoint();
        nextQuiet = clock.now() + quietGap();
      } else scenario.tick();
    }
    await this.quietPoint();
    await this.closeAndCheck();
  }

  /** Faults off, the system settles for a few simulated minutes, then every invariant is checked. */
  private async quietPoint(): Promise<void> {
    const { proxy, options } = this;
    proxy.injecting = false;
    proxy.endOutage();
    this.scenario.resubscribeDue(true);
    await this.clock.advance(options.settleMinutes * MINUTE, this.settle);
    this.quietPoints++;
    let { findings, checked, applications } = this.checkInvariants();
    if (findings.length > 0) {
      // a request in transit between proxy and simulator (a P-GET sent on) is counted by neither: look again once
      await this.settle();
      ({ findings, checked, applications } = this.checkInvariants());
    }
    findings.push(...this.earlyCompletions(), ...this.bypasses());
    this.valuesChecked += checked;
    this.report(findings);
    options.log?.(`  quiet point ${this.quietPoints} at ${formatClock(this.clock.now() - this.startMs)}: ${checked} values checked on ${applications} application(s), ${findings.length} violation(s)`);
    proxy.injecting = true;
  }

  /** The quiet-point invariants on the state of now, and how many values they compared. */
  private checkInvariants(): { findings: Finding[]; checked: number; applications: number } {
    const { sim, options } = this;
    const state = sim.state();
    const applications = state.applications.filter((a) => a.user.toLowerCase() === `sip:${SOAK_USER}`);
    const watched = this.scenario.watched();
    const pinnedLast = lastValue<PinnedGroup>(this.recorder.live('pinnedGroup'));
    const listsLast = lastValue<ContactsAndGroupsSubscriptionStatus>(this.recorder.live('contactsAndGroups'));
    const findings = checkQuietPoint({
      watched,
      truth: (uri) => sim.presenceOf(uri),
      applications,
      heldPgets: state.outstandingPgets,
      contactsPerSubscription: sim.settings.limits.maxContactsPerPresenceSubscription,
      subscriptionsPerApplication: sim.settings.limits.maxPresenceSubscriptionsPerApplication,
      extraSubscriptions: options.extraSubscriptions,
      pinned: { server: sim.pinnedGroupOf(SOAK_USER), last: pinnedLast, subscribed: this.recorder.live('pinnedGroup').length > 0 },
      contactsAndGroups: { last: listsLast, subscribed: this.recorder.live('contactsAndGroups').length > 0 },
    });
    return { findings, checked: watched.length + (pinnedLast ? 1 : 0), applications: applications.length };
  }

  /** close() with faults off: nothing of the user left on the server, every stream completed, no request or timer left. */
  private async closeAndCheck(): Promise<void> {
    const { proxy, sim, clock } = this;
    proxy.injecting = false;
    proxy.endOutage();
    let closed = false;
    let failure: unknown;
    void this.client.close().then(
      () => (closed = true),
      (error: unknown) => {
        failure = error;
        closed = true;
      },
    );
    for (let i = 0; i < 20 && !closed; i++) await clock.advance(30_000, this.settle);
    const findings: Finding[] = [];
    if (!closed) findings.push({ kind: 'close-hung', detail: 'close() did not finish within 10 simulated minutes' });
    if (failure !== undefined) findings.push({ kind: 'close-failed', detail: `close() rejected: ${String(failure)}` });
    await this.settle();
    const state = sim.state();
    const apps = state.applications.filter((a) => a.user.toLowerCase() === `sip:${SOAK_USER}`);
    if (apps.length > 0) findings.push({ kind: 'close-left-application', detail: `${apps.length} application(s) left, ${apps.reduce((n, a) => n + a.presenceSubscriptions.length, 0)} presence subscription(s)` });
    if (state.outstandingPgets > 0) findings.push({ kind: 'close-left-pget', detail: `${state.outstandingPgets} P-GET(s) still held` });
    for (const stream of ['presence', 'pinnedGroup', 'contactsAndGroups'] as const) {
      const open = this.recorder.live(stream);
      if (open.length > 0) findings.push({ kind: 'stream-not-completed', detail: `${open.length} ${stream} subscription(s) neither completed nor errored after close()` });
    }
    // idle keep-alive connections belong to fetch's connection pool, not to the client: only requests must not remain
    proxy.closeIdleConnections();
    await this.settle();
    // A request the client gave up on (its deadline passed while the body stalled) is cancelled,
    // but Node's fetch closes that socket only a few real seconds later: wait for it (a hang guard, not a speed check).
    for (let waited = 0; waited < 15_000 && proxy.openRequests().some((e) => e.outcome === 'stalled'); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const open = proxy.openRequests();
    if (open.length > 0) {
      const list = open.map((e) => `#${e.seq} ${e.method} ${e.path} [${e.fault ?? 'no fault'}] ${e.outcome ?? 'open'}`).join('; ');
      findings.push({ kind: 'close-left-requests', detail: `${open.length} request(s) still open at the proxy: ${list}` });
    }
    this.report(findings);
    await sim.close();
    await proxy.close();
    if (clock.pendingTimers > 0) this.report([{ kind: 'timers-left', detail: `${clock.pendingTimers} timer(s) on the clock after client, simulator and proxy closed` }]);
  }

  /** Closes whatever is still open (after a failure of the tool itself too). */
  async dispose(): Promise<void> {
    void this.client.close().catch(() => undefined); // not awaited: a close that waits on the clock would hang here
    await this.sim.close();
    await this.proxy.close();
  }

  result(): SoakResult {
    const { options, proxy } = this;
    return {
      seed: options.seed,
      hours: options.hours,
      profile: options.profile,
      faultRate: options.faultRate,
      requests: proxy.stats.requests,
      faults: { ...proxy.stats.faults },
      outages: proxy.stats.outages,
      resets: this.resets,
      diagnostics: this.diagnostics,
      quietPoints: this.quietPoints,
      valuesChecked: this.valuesChecked,
      streamValues: this.recorder.valueCount,
      violations: this.violations,
      realMs: performance.now() - this.started,
    };
  }

  private streamErrored(record: StreamRecord<unknown>): void {
    const error = record.error;
    if (!error) return;
    const what = record.stream === 'presence' ? `presence$(${record.uri})` : `${record.stream}$`;
    const kind = error.class.permanent ? 'stream-error-permanent' : 'stream-error-transient';
    this.report([{ kind, detail: `${what} errored: ${error.class.summary}` }]);
    if (record.stream !== 'presence') this.scenario.listErrored(record.stream);
  }

  /** Streams that completed although the client was not closed. */
  private earlyCompletions(): Finding[] {
    return this.recorder
      .all()
      .filter((r) => r.completedAt !== undefined && !this.reportedCompletions.has(r.id))
      .map((r) => {
        this.reportedCompletions.add(r.id);
        return { kind: 'stream-completed', detail: `${r.stream}${r.uri ? `(${r.uri})` : ''} completed before close()` };
      });
  }

  /** Requests that reached the simulator without the proxy, or answers that named the simulator's own address. */
  private bypasses(): Finding[] {
    const findings: Finding[] = [];
    const direct = this.sim.requests.total - this.proxy.stats.forwarded;
    if (direct > 0) findings.push({ kind: 'proxy-bypass', detail: `the simulator saw ${direct} request(s) the proxy did not forward` });
    if (this.proxy.stats.leaks > this.reportedLeaks) {
      findings.push({ kind: 'proxy-bypass', detail: `${this.proxy.stats.leaks - this.reportedLeaks} answer(s) named the simulator's own address` });
      this.reportedLeaks = this.proxy.stats.leaks;
    }
    return findings;
  }

  private report(findings: readonly Finding[]): void {
    if (findings.length === 0) return;
    const trace = formatTrace(this.proxy.lastRequests(this.options.traceLength), this.startMs);
    for (const finding of findings) this.violations.push({ ...finding, at: this.clock.now() - this.startMs, trace });
  }
}

/** The latest value over several records of one stream. */
function lastValue<T>(records: readonly StreamRecord<unknown>[]): T | undefined {
  let best: { readonly at: number; readonly value: unknown } | undefined;
  for (const record of records) {
    const last = record.values.at(-1);
    if (last && (!best || last.at >= best.at)) best = last;
  }
  return best?.value as T | undefined;
}
