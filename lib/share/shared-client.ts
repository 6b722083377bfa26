import type { Subscription } from 'rxjs';
import type { UcwaClient } from '../client.js';
import type { UcwaClientOptions } from '../client-options.js';
import { systemClock } from '../time/clock.js';
import { clientFacade } from './client-facade.js';
import { DEFAULT_SHARE_TIMING, ShareHost, type ShareTiming } from './share-host.js';
import { ShareMember } from './share-member.js';
import { envelope, readMessage, type ShareMessage } from './share-messages.js';
import type { ShareTransport } from './share-transport.js';

/** How a shared client makes the real one when it leads. */
export type CreateOwnClient = (options: UcwaClientOptions) => UcwaClient;

/** What {@link createSharedClient} needs besides the client options. */
export interface SharedClientSetup {
  /** The bus and the lease. */
  readonly transport: ShareTransport;
  /** Makes the real client (createUcwaClient without sharing). */
  readonly createOwn: CreateOwnClient;
  /** This participant's id (default: a random UUID). */
  readonly id?: string | undefined;
  /** Heartbeat and timeout (default {@link DEFAULT_SHARE_TIMING}). */
  readonly timing?: ShareTiming | undefined;
}

/** A shared client, with what tests look at. */
export interface SharedClient extends UcwaClient {
  /** True while this participant leads (runs the real client). */
  readonly leading: boolean;
  /** The streams the real client has open while this participant leads (empty otherwise). */
  readonly hostedStreams: readonly string[];
  /** Tells the leader at once that this participant is going away for good (a page unloading), without closing. */
  leave(): void;
}

/**
 * A client shared by several participants (tabs, replicas) over a {@link ShareTransport}: each
 * stands for leadership; the leader runs the real client (`createOwn`) for the union of everyone's
 * wishes and publishes the values; every participant, the leader's own included, sees the same
 * API through the bus. When the leader goes, the next one starts its real client with the wishes
 * everyone sends again, and the streams go on with their last values.
 */
export function createSharedClient(options: UcwaClientOptions, setup: SharedClientSetup): SharedClient {
  const { transport, createOwn } = setup;
  const clock = options.clock ?? systemClock;
  const timing = setup.timing ?? DEFAULT_SHARE_TIMING;
  const publish = (message: ShareMessage): void => transport.publish(envelope(message));
  const member = new ShareMember(setup.id ?? globalThis.crypto.randomUUID(), publish);
  let leader: { readonly host: ShareHost; readonly client: UcwaClient } | undefined;
  let closing: Promise<void> | undefined;

  const stepDown = async (): Promise<void> => {
    const was = leader;
    leader = undefined;
    if (!was) return;
    was.host.stop();
    await was.client.close().catch(() => undefined);
  };
  const lead = (token: number): void => {
    if (leader || closing) return;
    // Above every term seen on the bus, so that everyone believes this leader over the last one.
    const term = Math.max(token, member.term + 1);
    const client = createOwn({ ...options, share: false });
    leader = { client, host: new ShareHost(client, term, member.tab, publish, clock, timing) };
  };

  const messages: Subscription = transport.messages$.subscribe((raw) => {
    let message: ShareMessage;
    try {
      message = readMessage(raw);
    } catch (problem) {
      member.report(problem);
      return;
    }
    // Another leader with a later term: this one lost its lease without being told (a frozen tab).
    if (leader && message.type === 'leader' && message.term > leader.host.term) void stepDown();
    try {
      leader?.host.receive(message);
      member.receive(message);
    } catch (problem) {
      // A value this code cannot rebuild (nested too deep to walk): skipped and reported, never fatal.
      member.report(problem);
    }
  });
  const leadership: Subscription = transport.leadership$.subscribe((state) => (state.leading ? lead(state.token) : void stepDown()));

  const facade = clientFacade({
    stream: (key) => member.stream(key),
    call: (path, args) => member.call(path, args),
    status: () => member.status(),
    setEventChannelParameters: (parameters) => void member.call('setEventChannelParameters', [parameters]).subscribe({ error: () => undefined }),
    close: () =>
      (closing ??= (async () => {
        member.close();
        leadership.unsubscribe();
        messages.unsubscribe();
        await stepDown();
        transport.close();
      })()),
  });
  return Object.defineProperties(facade as SharedClient, {
    leading: { get: () => leader !== undefined },
    hostedStreams: { get: () => leader?.host.openStreams ?? [] },
    leave: { value: () => member.leave() },
  });
}
