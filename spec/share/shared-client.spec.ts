import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom, lastValueFrom, take, toArray, type Subscription } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import { createUcwaClient } from '../../lib/client.js';
import type { UcwaClientOptions } from '../../lib/client-options.js';
import type { ContactPresence } from '../../lib/codecs/presence.js';
import { InvalidArgumentError } from '../../lib/errors/argument-errors.js';
import { DecodeError } from '../../lib/errors/decode-error.js';
import { MemoryShareHub } from '../../lib/share/memory-transport.js';
import { createSharedClient, type SharedClient } from '../../lib/share/shared-client.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

const BOB = 'sip:bob@contoso.com';
const CAROL = 'sip:carol@contoso.com';
/** Short so that a silent participant is dropped soon; only `eventually` waits on it (no speed assertion). */
const TIMING = { heartbeatMs: 20, participantTimeoutMs: 200 };

let sim: Simulator | undefined;
let hub: MemoryShareHub;
const clients: SharedClient[] = [];
const subscriptions: Subscription[] = [];

afterEach(async () => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim?.close();
  sim = undefined;
});

async function start(): Promise<Simulator> {
  sim = await startFastSimulator();
  hub = new MemoryShareHub();
  return sim;
}

/** A participant on the hub; returns the client and its transport's id on the hub. */
function participant(server: Simulator): { readonly client: SharedClient; readonly id: number } {
  const options: UcwaClientOptions = { discoveryUrl: server.discoveryUrl, credentials: { username: 'alice@contoso.com', password: 'password' }, gracePeriodMs: 50 };
  const transport = hub.transport();
  const client = createSharedClient(options, { transport, createOwn: createUcwaClient, timing: TIMING });
  clients.push(client);
  return { client, id: transport.id };
}

/** Every availability a stream delivers, in order. */
function record(client: SharedClient, uri: string): string[] {
  const seen: string[] = [];
  subscriptions.push(client.presence$(uri).subscribe({ next: (p: ContactPresence) => seen.push(p.availability), error: (e: unknown) => seen.push(`error ${String(e)}`) }));
  return seen;
}

const last = (values: readonly string[]): string | undefined => values[values.length - 1];

describe('a client shared over a transport', () => {
  it('runs one real client for all participants, with one application and one P-GET, and every change reaches everyone', async () => {
    const server = await start();
    const tabs = [participant(server), participant(server), participant(server)];
    const seen = tabs.map((tab) => record(tab.client, BOB));
    await eventually(() => seen.every((values) => last(values) === 'Online'));
    expect(tabs.filter((tab) => tab.client.leading)).toHaveLength(1);
    expect(server.state().applications).toHaveLength(1);
    await eventually(() => server.state().outstandingPgets === 1);

    server.setPresence(BOB, { availability: 'Busy' });
    await eventually(() => seen.every((values) => last(values) === 'Busy'));
    expect(seen).toEqual([
      ['Online', 'Busy'],
      ['Online', 'Busy'],
      ['Online', 'Busy'],
    ]);
  });

  it('a crashed leader is replaced: the next one re-establishes the union of wishes, streams go on without errors or repeats', async () => {
    const server = await start();
    const tabs = [participant(server), participant(server), participant(server)];
    const bob = tabs.map((tab) => record(tab.client, BOB));
    const carol = record(tabs[2]!.client, CAROL); // only a follower wants Carol
    await eventually(() => bob.every((values) => last(values) === 'Online') && last(carol) === 'Busy');
    const leader = tabs.find((tab) => tab.client.leading)!;
    expect(leader).toBe(tabs[0]);

    // It dies without a word; its application is gone too (as the server expires a dead tab's).
    hub.crash(leader.id);
    await leader.client.close();
    await eventually(() => tabs[1]!.client.leading);
    await eventually(() => tabs[1]!.client.hostedStreams.includes(`presence$|${CAROL}`));

    server.setPresence(BOB, { availability: 'Away' });
    server.setPresence(CAROL, { availability: 'Online' });
    await eventually(() => last(bob[1]!) === 'Away' && last(bob[2]!) === 'Away' && last(carol) === 'Online');
    expect(bob[1]).toEqual(['Online', 'Away']);
    expect(bob[2]).toEqual(['Online', 'Away']);
    expect(carol).toEqual(['Busy', 'Online']);
    await eventually(() => server.state().applications.length === 1 && server.state().outstandingPgets === 1);
  });

  it('a leader that closes hands over, and a value changed meanwhile is not lost', async () => {
    const server = await start();
    const [first, second] = [participant(server), participant(server)];
    const bob = record(second.client, BOB);
    await eventually(() => last(bob) === 'Online');
    expect(first.client.leading).toBe(true);
    await first.client.close();
    server.setPresence(BOB, { availability: 'DoNotDisturb' });
    await eventually(() => last(bob) === 'DoNotDisturb');
    expect(second.client.leading).toBe(true);
    expect(bob).toEqual(['Online', 'DoNotDisturb']);
  });

  it('drops the wishes of a participant that stops answering heartbeats', async () => {
    const server = await start();
    const [leader, follower] = [participant(server), participant(server)];
    record(leader.client, BOB);
    const carol = record(follower.client, CAROL);
    await eventually(() => last(carol) === 'Busy');
    expect(leader.client.hostedStreams).toContain(`presence$|${CAROL}`);
    hub.crash(follower.id);
    await eventually(() => !leader.client.hostedStreams.includes(`presence$|${CAROL}`));
    expect(leader.client.hostedStreams).toEqual([`presence$|${BOB}`]);
  });

  it('keeps a stream the leader serves to a follower after the leader itself stops watching it', async () => {
    const server = await start();
    const [leader, follower] = [participant(server), participant(server)];
    const own = leader.client.presence$(BOB).subscribe();
    const bob = record(follower.client, BOB);
    await eventually(() => last(bob) === 'Online');
    own.unsubscribe();
    server.setPresence(BOB, { availability: 'Away' });
    await eventually(() => last(bob) === 'Away');
    expect(leader.client.hostedStreams).toEqual([`presence$|${BOB}`]);
  });

  it('a late subscriber gets the current value at once from the leader', async () => {
    const server = await start();
    const [leader, follower] = [participant(server), participant(server)];
    record(leader.client, BOB);
    await eventually(() => leader.client.hostedStreams.length === 1);
    server.setPresence(BOB, { availability: 'Busy' });
    await eventually(() => leader.client.status().watchedContacts === 1);
    const value = await firstValueFrom(follower.client.presence$(BOB));
    expect(['Online', 'Busy']).toContain(value.availability);
  });

  it('errors a follower stream with the typed error of the real one', async () => {
    const server = await start();
    participant(server);
    const follower = participant(server);
    const error = await firstValueFrom(follower.client.presence$('not a uri')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ kind: 'invalidArgument', argument: 'uri' });
    // A new subscription asks again (and gets the same answer), it does not hang.
    const again = await firstValueFrom(follower.client.presence$('not a uri')).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(InvalidArgumentError);
  });

  it('runs a follower one-shot operation on the leader', async () => {
    const server = await start();
    participant(server);
    const follower = participant(server);
    await lastValueFrom(follower.client.setMyNote('in the lab'), { defaultValue: undefined });
    const note = await firstValueFrom(follower.client.myNote$);
    expect(note.message).toBe('in the lab');
    const people = await firstValueFrom(follower.client.people.search('Carol'));
    expect(people.contacts.map((p) => p.uri)).toContain(CAROL);
  });

  it('ignores a malformed message or one of another version and reports it on diagnostics$', async () => {
    const server = await start();
    const [, follower] = [participant(server), participant(server)];
    const bob = record(follower.client, BOB);
    const diagnostics = firstValueFrom(follower.client.diagnostics$.pipe(take(2), toArray()));
    await eventually(() => last(bob) === 'Online');
    hub.inject({ v: 99, type: 'stream', term: 1e15, key: `presence$|${BOB}`, signal: { kind: 'complete' } });
    hub.inject({ v: 1, type: 'stream', term: 'high', key: 7 });
    const reported = await diagnostics;
    expect(reported.every((d) => d instanceof DecodeError)).toBe(true);
    expect(reported.map((d) => (d as DecodeError).target)).toEqual(['share message', 'share message']);
    server.setPresence(BOB, { availability: 'Away' });
    await eventually(() => last(bob) === 'Away');
    expect(bob).toEqual(['Online', 'Away']);
  });
});
