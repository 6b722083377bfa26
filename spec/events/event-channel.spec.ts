import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom, type Subscription } from 'rxjs';
import type { Simulator, FaultAction } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import type { UcwaEvent } from '../../lib/events/ucwa-event.js';
import type { ConnectionState, ResetSignal } from '../../lib/events/connection-state.js';
import type { UcwaError } from '../../lib/errors/guards.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const CONTACTS = [
  'sip:bob@contoso.com', 'sip:carol@contoso.com', 'sip:SaraD@contoso.com', 'sip:ChrisB@contoso.com', 'sip:AlexD@contoso.com',
  'sip:DanaB@contoso.com', 'sip:LeneA@contoso.com', 'sip:ManishC@contoso.com', 'sip:toshm@contoso.com', 'sip:johndoe@contoso.com',
  'sip:janedoe@contoso.com', 'sip:dave@contoso.com', 'sip:erin@contoso.com', 'sip:frank@contoso.com',
];

/** The contact a contactPresence event is about, from its `in` link (lower case). */
const contactOf = (event: UcwaEvent): string => (event.in?.href ?? '').split('/').pop()?.toLowerCase() ?? '';

let sim: Simulator;
let client: UcwaClient;
let subscriptions: Subscription[];
let events: UcwaEvent[];
let states: ConnectionState[];
let resets: ResetSignal[];
let diagnostics: UcwaError[];

beforeEach(async () => {
  sim = await startFastSimulator();
  client = clientFor(sim, { eventChannel: { retry: { baseDelayMs: 2, maxDelayMs: 20, jitter: 0 } }, retry: { transient: { baseDelayMs: 2 }, cannotRedirect: { baseDelayMs: 2 } } });
  events = [];
  states = [];
  resets = [];
  diagnostics = [];
  subscriptions = [
    client.events$.subscribe({ next: (event) => events.push(event), error: () => undefined }),
    client.connectionState$.subscribe((state) => states.push(state)),
    client.resets$.subscribe((signal) => resets.push(signal)),
    client.diagnostics$.subscribe((error) => diagnostics.push(error)),
  ];
});
afterEach(async () => {
  subscriptions.forEach((s) => s.unsubscribe());
  await client.close();
  await sim.close();
});

const presenceEventsAfter = (start: number): string[] =>
  events.slice(start).filter((e) => e.link.rel === 'contactPresence' && e.type === 'updated').map(contactOf);

describe('event channel against the simulator', () => {
  it('delivers every event once and in order across faults that lose no state', async () => {
    await firstValueFrom(client.presenceSubscriptions.create(CONTACTS, 30));
    await eventually(() => new Set(presenceEventsAfter(0)).size === CONTACTS.length);
    const faults: Array<[string, FaultAction, number?]> = [
      ['response lost after the server released it', { kind: 'drop', when: 'after' }],
      ['connection dropped before handling', { kind: 'drop', when: 'before' }],
      ['503 with Retry-After', { kind: 'status', status: 503, retryAfter: 0 }],
      ['a burst of 410 CannotRedirect', { kind: 'status', status: 410, subcode: 'CannotRedirect' }, 3],
      ['500 ServiceFailure', { kind: 'status', status: 500 }],
      ['truncated JSON', { kind: 'malformed', body: 'truncated-json' }],
      ['an HTML error page', { kind: 'malformed', body: 'html', status: 502 }],
    ];
    const start = events.length;
    const expected: string[] = [];
    for (const [index, [, fault, times]] of faults.entries()) {
      sim.injectFault({ method: 'GET', path: '/events', fault, times: times ?? 1 });
      const contact = CONTACTS[index] ?? '';
      sim.setPresence(contact, { availability: 'Busy', activity: `step-${index}` });
      expected.push(contact.slice(4).toLowerCase());
      await eventually(() => presenceEventsAfter(start).length >= expected.length);
    }
    expect(presenceEventsAfter(start)).toEqual(expected);
    expect(states.some((s) => s.status === 'reconnecting')).toBe(true);
    expect(states.at(-1)).toEqual({ status: 'connected' });
    expect(diagnostics.some((d) => d.kind === 'decode')).toBe(true);
  });

  it('follows resync without losing events and signals a reset', async () => {
    await firstValueFrom(client.presenceSubscriptions.create(CONTACTS, 30));
    await eventually(() => new Set(presenceEventsAfter(0)).size === CONTACTS.length);
    const start = events.length;
    sim.forceResync();
    sim.setPresence('sip:bob@contoso.com', { availability: 'Away' });
    await eventually(() => presenceEventsAfter(start).length >= 1 && resets.length >= 1);
    sim.setPresence('sip:carol@contoso.com', { availability: 'Away' });
    await eventually(() => presenceEventsAfter(start).length >= 2);
    expect(presenceEventsAfter(start)).toEqual(['bob@contoso.com', 'carol@contoso.com']);
    expect(resets.map((r) => r.reason)).toEqual(['resync']);
  });

  it('recreates an expired application, sends its parameters to the new one, and signals the reset', async () => {
    const custom = clientFor(sim, { eventChannel: { timeout: 240, low: 20, medium: 6, retry: { baseDelayMs: 2, jitter: 0 } } });
    const running = custom.events$.subscribe({ error: () => undefined });
    const customResets: ResetSignal[] = [];
    custom.resets$.subscribe((r) => customResets.push(r));
    try {
      await eventually(() => sim.state().applications.some((a) => a.eventChannel.held && a.eventChannel.settings.timeout === 240));
      const before = sim.state().applications.find((a) => a.eventChannel.settings.timeout === 240)?.id;
      sim.expireApplication(before);
      await eventually(() => customResets.some((r) => r.reason === 'applicationRecreated'));
      await eventually(() => sim.state().applications.some((a) => a.id !== before && a.eventChannel.held && a.eventChannel.settings.timeout === 240));
      const recreated = sim.state().applications.find((a) => a.id !== before && a.eventChannel.settings.timeout === 240);
      expect(recreated?.eventChannel.settings).toEqual({ timeout: 240, low: 20, medium: 6 });
    } finally {
      running.unsubscribe();
      await custom.close();
    }
  });

  it('after resume resends the parameters and signals the reset', async () => {
    const custom = clientFor(sim, { eventChannel: { timeout: 240, low: 20, medium: 6 } });
    const running = custom.events$.subscribe({ error: () => undefined });
    const customResets: ResetSignal[] = [];
    custom.resets$.subscribe((r) => customResets.push(r));
    try {
      await eventually(() => sim.state().applications.some((a) => a.eventChannel.held && a.eventChannel.settings.timeout === 240));
      const id = sim.state().applications.find((a) => a.eventChannel.settings.timeout === 240)?.id;
      sim.forceResume(id);
      await eventually(() => customResets.some((r) => r.reason === 'resume'));
      await eventually(() => sim.state().applications.some((a) => a.id === id && a.eventChannel.held));
      expect(sim.state().applications.find((a) => a.id === id)?.eventChannel.settings).toEqual({ timeout: 240, low: 20, medium: 6 });
    } finally {
      running.unsubscribe();
      await custom.close();
    }
  });
});

describe('changing the parameters at run time', () => {
  it('replaces its own P-GET with a higher priority and carries on (not a take-over)', async () => {
    const local = await startFastSimulator();
    const own = clientFor(local, { eventChannel: { retry: { baseDelayMs: 2, jitter: 0 } } });
    const states: ConnectionState[] = [];
    own.connectionState$.subscribe((s) => states.push(s));
    const running = own.events$.subscribe({ error: () => undefined });
    try {
      await eventually(() => local.state().outstandingPgets === 1);
      own.setEventChannelParameters({ medium: 60, timeout: 900 });
      await eventually(() => local.state().applications[0]?.eventChannel.settings.medium === 60);
      expect(local.state().applications[0]?.eventChannel.settings).toEqual({ timeout: 900, low: 15, medium: 60 });
      const pgets = local.log.entries({ method: 'GET', path: '/events' }).map((e) => e.path);
      expect(pgets.at(-1)).toMatch(/priority=1/);
      expect(local.state().outstandingPgets).toBe(1);
      expect(states.some((s) => s.status === 'closed')).toBe(false);
    } finally {
      running.unsubscribe();
      await own.close();
      await local.close();
    }
  });
});

describe('grace period', () => {
  it('keeps the loop a grace period after the last subscriber, then aborts the P-GET and deletes the application', async () => {
    const { ManualClock } = await import('../../lib/simulator/index.js');
    const clock = new ManualClock();
    const local = await startFastSimulator({ clock });
    const own = clientFor(local, { clock, gracePeriodMs: 2000 });
    try {
      const first = own.events$.subscribe();
      await eventually(() => local.state().outstandingPgets === 1);
      first.unsubscribe();
      await clock.advance(1500, local.settle);
      expect(local.state().outstandingPgets).toBe(1);
      const second = own.events$.subscribe(); // back within the grace period: same loop, same P-GET
      await clock.advance(1000, local.settle);
      expect(local.log.count({ method: 'GET', path: '/events' })).toBe(1);
      second.unsubscribe();
      await clock.advance(2000, local.settle);
      await eventually(() => local.state().outstandingPgets === 0 && local.state().applications.length === 0);
      expect(local.log.count({ method: 'DELETE' })).toBe(1);
    } finally {
      await own.close();
      await local.close();
    }
  });
});
