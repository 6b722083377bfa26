import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom, type Observable, type Subscription } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { isUcwaErrorOfKind } from '../../lib/errors/guards.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
let subscriptions: Subscription[] = [];
afterEach(async () => {
  subscriptions.forEach((s) => s.unsubscribe());
  subscriptions = [];
  await client?.close();
  await sim?.close();
});

function collect<T>(source: Observable<T>): { values: T[]; errors: unknown[]; subscription: Subscription } {
  const seen = { values: [] as T[], errors: [] as unknown[], subscription: undefined as unknown as Subscription };
  seen.subscription = source.subscribe({ next: (v) => seen.values.push(v), error: (e: unknown) => seen.errors.push(e) });
  subscriptions.push(seen.subscription);
  return seen;
}

const members = (s: Simulator): string[] => (s.state().applications[0]?.presenceSubscriptions ?? []).flatMap((p) => p.members);

describe("a contact's note, location and capabilities", () => {
  it('come with presence in the same server subscription, first values fetched, then live from their events', async () => {
    sim = await startFastSimulator();
    sim.setNote('sip:bob@contoso.com', { message: 'Back at 3' });
    sim.setLocation('sip:bob@contoso.com', 'Building 7');
    client = clientFor(sim);
    const presence = collect(client.presence$('sip:bob@contoso.com'));
    const note = collect(client.note$('sip:bob@contoso.com'));
    const location = collect(client.location$('sip:bob@contoso.com'));
    const capabilities = collect(client.capabilities$('sip:bob@contoso.com'));
    await eventually(() => presence.values.length > 0 && note.values.length > 0 && location.values.length > 0 && capabilities.values.length > 0);
    expect(note.values[0]).toEqual({ uri: 'sip:bob@contoso.com', message: 'Back at 3', type: 'Personal' });
    expect(location.values[0]).toEqual({ uri: 'sip:bob@contoso.com', location: 'Building 7' });
    expect(capabilities.values[0]?.modalities).toEqual(expect.arrayContaining(['Messaging', 'Audio', 'Video']));
    expect(sim.state().applications[0]?.presenceSubscriptions).toHaveLength(1);
    expect(members(sim).map((m) => m.toLowerCase())).toEqual(['sip:bob@contoso.com']);

    sim.setNote('sip:bob@contoso.com', { message: 'On leave', type: 'OutOfOffice' });
    await eventually(() => note.values.at(-1)?.message === 'On leave');
    expect(note.values.at(-1)?.type).toBe('OutOfOffice');
    sim.setLocation('sip:bob@contoso.com', undefined);
    await eventually(() => location.values.at(-1)?.location === undefined && location.values.length === 2);
    sim.setModalities('sip:bob@contoso.com', ['Messaging']);
    await eventually(() => capabilities.values.at(-1)?.modalities.join() === 'Messaging');
    expect([presence, note, location, capabilities].flatMap((s) => s.errors)).toEqual([]);
  });

  it('a note alone subscribes the contact, and leaves the subscription when its stream ends', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const note = collect(client.note$('sip:SaraD@contoso.com'));
    await eventually(() => note.values.length > 0);
    expect(note.values[0]).toEqual({ uri: 'sip:SaraD@contoso.com', message: 'Heads down today', type: 'Personal' });
    expect(members(sim)).toEqual(['sip:SaraD@contoso.com']);
    note.subscription.unsubscribe();
    await eventually(() => members(sim!).length === 0);
  });

  it('a value nobody watches any more is dropped after the grace period while presence goes on', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const presence = collect(client.presence$('sip:bob@contoso.com'));
    const note = collect(client.note$('sip:bob@contoso.com'));
    await eventually(() => presence.values.length > 0 && note.values.length > 0);
    note.subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the client's grace period (50 ms) passes
    sim.requests.reset();
    sim.setNote('sip:bob@contoso.com', { message: 'nobody reads this' });
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy' });
    await eventually(() => presence.values.at(-1)?.availability === 'Busy');
    expect(sim.requests.count({ path: '/note' })).toBe(0);
    expect(members(sim)).toEqual(['sip:bob@contoso.com']);
  });

  it('first values of many contacts come through the batch resource', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const uris = ['sip:bob@contoso.com', 'sip:SaraD@contoso.com', 'sip:ChrisB@contoso.com', 'sip:AlexD@contoso.com', 'sip:DanaB@contoso.com', 'sip:dave@contoso.com'];
    const notes = uris.map((uri) => collect(client!.note$(uri)));
    const locations = uris.map((uri) => collect(client!.location$(uri)));
    await eventually(() => [...notes, ...locations].every((s) => s.values.length > 0));
    expect(sim.requests.count({ method: 'GET', path: '/note' }) + sim.requests.count({ method: 'GET', path: '/location' })).toBe(0);
    expect(sim.requests.count({ method: 'POST', path: '/batch' })).toBeGreaterThan(0);
  });

  it('works for someone who is not in the contact list', async () => {
    sim = await startFastSimulator();
    sim.setNote('sip:carol@contoso.com', { message: 'Hiring!' });
    client = clientFor(sim);
    const note = collect(client.note$('sip:carol@contoso.com'));
    const presence = collect(client.presence$('sip:carol@contoso.com'));
    await eventually(() => note.values.length > 0 && presence.values.length > 0);
    expect(note.values[0]?.message).toBe('Hiring!');
    expect(presence.values[0]?.availability).toBe('Busy');
  });

  it('a malformed URI errors the stream with a typed error', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const error = await firstValueFrom(client.note$('not a uri')).catch((e: unknown) => e);
    expect(isUcwaErrorOfKind(error, 'invalidArgument')).toBe(true);
  });

  it('every value is fetched again after a reset', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim, { eventChannel: { retry: { baseDelayMs: 5, jitter: 0 } } });
    const note = collect(client.note$('sip:bob@contoso.com'));
    await eventually(() => note.values.length > 0);
    const reset = firstValueFrom(client.resets$);
    sim.forceResume();
    await reset;
    // Changed while the client could not hear of it: the resubscription reads it afresh.
    sim.setNote('sip:bob@contoso.com', { message: 'changed during the outage' });
    await eventually(() => note.values.at(-1)?.message === 'changed during the outage');
    expect(note.errors).toEqual([]);
  });
});
