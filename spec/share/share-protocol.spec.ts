import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Subscription } from 'rxjs';
import { FakeUcwaClient } from '../../lib/testing/fake-ucwa-client.js';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { HttpError } from '../../lib/errors/http-error.js';
import { isHttpError } from '../../lib/errors/guards.js';
import type { ConnectionState } from '../../lib/events/connection-state.js';
import { MemoryShareHub } from '../../lib/share/memory-transport.js';
import { createSharedClient, type SharedClient } from '../../lib/share/shared-client.js';
import { SHARE_PROTOCOL_VERSION } from '../../lib/share/share-messages.js';

const BOB = 'sip:bob@contoso.com';
const CAROL = 'sip:carol@contoso.com';
const TIMING = { heartbeatMs: 1000, participantTimeoutMs: 5000 };

/** Lets the hub's microtask deliveries and their answers run. */
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

let clock: ManualClock;
let hub: MemoryShareHub;
const fakes: FakeUcwaClient[] = [];
const clients: SharedClient[] = [];
const subscriptions: Subscription[] = [];

afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  fakes.splice(0);
});

/** A participant whose real client, when it leads, is a FakeUcwaClient (kept in `fakes`). */
function participant(): { readonly client: SharedClient; readonly id: number } {
  const transport = hub.transport();
  const client = createSharedClient(
    { discoveryUrl: 'https://lyncdiscover.contoso.com/', token: 'cwt=unused', clock },
    {
      transport,
      timing: TIMING,
      createOwn: () => {
        const fake = new FakeUcwaClient();
        fake.setPresence(BOB, { availability: 'Online' });
        fake.setPresence(CAROL, { availability: 'Busy' });
        fakes.push(fake);
        return fake;
      },
    },
  );
  clients.push(client);
  return { client, id: transport.id };
}

function record<T>(values: T[], subscription: Subscription): T[] {
  subscriptions.push(subscription);
  return values;
}

function availabilities(client: SharedClient, uri: string): string[] {
  const seen: string[] = [];
  return record(seen, client.presence$(uri).subscribe({ next: (p) => seen.push(p.availability), error: (e: unknown) => seen.push(`error: ${String(e)}`) }));
}

describe('the share protocol', () => {
  beforeEach(() => {
    clock = new ManualClock();
    hub = new MemoryShareHub();
  });

  it('elects one leader and serves the others from its real client', async () => {
    const [a, b] = [participant(), participant()];
    const seen = availabilities(b.client, BOB);
    await flush();
    await flush();
    expect(a.client.leading).toBe(true);
    expect(b.client.leading).toBe(false);
    expect(fakes).toHaveLength(1);
    expect(seen).toEqual(['Online']);
    fakes[0]!.setPresence(BOB, { availability: 'Away' });
    await flush();
    expect(seen).toEqual(['Online', 'Away']);
  });

  it('believes nothing from a former leader (a lower term)', async () => {
    const [a, b] = [participant(), participant()];
    const seen = availabilities(b.client, BOB);
    await flush();
    await flush();
    const stale = { v: SHARE_PROTOCOL_VERSION, type: 'stream', term: 0, key: `presence$|${BOB}`, signal: { kind: 'next', value: { uri: BOB, availability: 'Offline' } } };
    hub.inject(stale);
    hub.inject({ ...stale, signal: { kind: 'complete' } });
    await flush();
    fakes[0]!.setPresence(BOB, { availability: 'Busy' });
    await flush();
    expect(seen).toEqual(['Online', 'Busy']);
    expect(a.client.leading).toBe(true);
  });

  it('keeps the wishes of a participant that answered the last heartbeat, even when the leader timer fired late', async () => {
    const [leader, follower] = [participant(), participant()];
    availabilities(follower.client, CAROL);
    await flush();
    await flush();
    expect(leader.client.hostedStreams).toEqual([`presence$|${CAROL}`]);
    // A hidden tab's timers may be throttled to one a minute: a single late heartbeat drops no one.
    await clock.advance(60_000, flush);
    expect(leader.client.hostedStreams).toEqual([`presence$|${CAROL}`]);
    // A participant that stops answering is dropped once it missed a round and the timeout passed.
    hub.crash(follower.id);
    await clock.advance(TIMING.heartbeatMs, flush);
    expect(leader.client.hostedStreams).toEqual([`presence$|${CAROL}`]);
    await clock.advance(TIMING.participantTimeoutMs + TIMING.heartbeatMs, flush);
    expect(leader.client.hostedStreams).toEqual([]);
    expect(fakes[0]!.watchers(CAROL)).toBe(0);
  });

  it('drops the wishes of a participant that leaves at once, without waiting for the timeout', async () => {
    const [leader, follower] = [participant(), participant()];
    availabilities(follower.client, CAROL);
    await flush();
    await flush();
    expect(leader.client.hostedStreams).toEqual([`presence$|${CAROL}`]);
    follower.client.leave();
    await flush();
    expect(leader.client.hostedStreams).toEqual([]);
  });

  it('refcounts wishes per participant: the server stream stays while any participant watches', async () => {
    const [leader, follower] = [participant(), participant()];
    const first = follower.client.presence$(BOB).subscribe();
    const second = follower.client.presence$(BOB).subscribe();
    const own = leader.client.presence$(BOB).subscribe();
    await flush();
    await flush();
    expect(fakes[0]!.watchers(BOB)).toBe(1);
    first.unsubscribe();
    own.unsubscribe();
    await flush();
    await flush();
    expect(leader.client.hostedStreams).toEqual([`presence$|${BOB}`]);
    second.unsubscribe();
    await flush();
    await flush();
    expect(leader.client.hostedStreams).toEqual([]);
    expect(fakes[0]!.watchers(BOB)).toBe(0);
  });

  it('delivers errors as their typed class, also inside values', async () => {
    const [, follower] = [participant(), participant()];
    const errors: unknown[] = [];
    const states: ConnectionState[] = [];
    record(errors, follower.client.presence$(BOB).subscribe({ error: (e: unknown) => errors.push(e) }));
    record(states, follower.client.connectionState$.subscribe((s) => states.push(s)));
    await flush();
    await flush();
    const refusal = new HttpError({ status: 403, code: 'Forbidden', subcode: 'PrivacyRestriction', method: 'POST', url: 'https://pool/x', fromUcwa: true, retryAfterMs: 5 });
    fakes[0]!.setConnectionState({ status: 'reconnecting', reason: refusal, attempt: 2, retryInMs: 1000 });
    fakes[0]!.failPresence(BOB, refusal);
    await flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(HttpError);
    expect(isHttpError(errors[0], 403, 'PrivacyRestriction')).toBe(true);
    expect(errors[0]).toMatchObject({ message: refusal.message, retryAfterMs: 5, fromUcwa: true });
    const reconnecting = states[states.length - 1];
    expect(reconnecting).toMatchObject({ status: 'reconnecting', attempt: 2 });
    expect(reconnecting?.status === 'reconnecting' && isHttpError(reconnecting.reason, 403)).toBe(true);
  });

  it('a new leader starts its real client with the union of wishes; streams keep their last value meanwhile', async () => {
    const [a, b, c] = [participant(), participant(), participant()];
    const bob = availabilities(b.client, BOB);
    const carol = availabilities(c.client, CAROL);
    await flush();
    await flush();
    expect(a.client.leading).toBe(true);
    hub.crash(a.id);
    await flush();
    await flush();
    expect(b.client.leading).toBe(true);
    expect([...b.client.hostedStreams].sort()).toEqual([`presence$|${BOB}`, `presence$|${CAROL}`]);
    // The new real client starts with the same values: nothing is delivered twice.
    expect(bob).toEqual(['Online']);
    expect(carol).toEqual(['Busy']);
    fakes[1]!.setPresence(CAROL, { availability: 'Away' });
    await flush();
    expect(carol).toEqual(['Busy', 'Away']);
  });
});
