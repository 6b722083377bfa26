import type { Subscription } from 'rxjs';
import type { UcwaClient } from '../client.js';
import type { Clock } from '../time/clock.js';
import { invokeOperation, isEventStream, openStream } from './client-facade.js';
import type { ShareMessage, ShareSignal } from './share-messages.js';
import { toWireError } from './wire-error.js';
import { fromWire, toWire } from './wire-value.js';

/** Timing of the share protocol, ms. */
export interface ShareTiming {
  /** How often the leader announces itself (and every participant answers with its wishes). */
  readonly heartbeatMs: number;
  /** How long a participant may stay silent before the leader drops its wishes. */
  readonly participantTimeoutMs: number;
}

/** The defaults: a heartbeat every second, a silent tab dropped after 10 s and a missed round. */
export const DEFAULT_SHARE_TIMING: ShareTiming = { heartbeatMs: 1000, participantTimeoutMs: 10_000 };

interface Participant {
  /** Wanted stream keys, with the generation of the participant's local stream. */
  wishes: ReadonlyMap<string, number>;
  /** When it was last heard from. */
  seenAt: number;
}

interface RealStream {
  subscription?: Subscription;
  /** The last value, in wire form, for participants that start wanting the stream. */
  last?: { readonly value: unknown };
}

/**
 * The leader's side: runs the real client for everyone. Keeps the union of the participants'
 * wishes subscribed on it (level-triggered: each wishes message is a participant's whole set),
 * publishes every value, error and end of those streams, runs the participants' one-shot
 * operations, and drops the wishes of a participant that stopped answering its heartbeats.
 */
export class ShareHost {
  private readonly participants = new Map<string, Participant>();
  private readonly streams = new Map<string, RealStream>();
  /** Streams that errored or ended, with the wishes (`tab gen`) that were told so: not reopened for them. */
  private readonly ended = new Map<string, ReadonlySet<string>>();
  private readonly calls = new Map<string, Subscription>();
  private lastAnnouncement: number;
  private cancelTimer: () => void = () => undefined;
  private stopped = false;

  constructor(
    private readonly client: UcwaClient,
    /** This leadership's term (fencing token): on every message it publishes. */
    readonly term: number,
    private readonly tab: string,
    private readonly publish: (message: ShareMessage) => void,
    private readonly clock: Clock,
    private readonly timing: ShareTiming,
  ) {
    this.lastAnnouncement = clock.now();
    this.heartbeat();
  }

  /** Handles one message from the bus. */
  receive(message: ShareMessage): void {
    if (this.stopped) return;
    switch (message.type) {
      case 'wishes':
        return this.wishes(message.tab, new Map(message.wishes.map((wish) => [wish.key, wish.gen])));
      case 'bye':
        this.participants.delete(message.tab);
        this.cancelCallsOf(message.tab);
        return this.reconcile();
      case 'call':
        this.seen(message.tab);
        return this.call(message.tab, message.id, message.path, message.args.map(fromWire));
      case 'cancel': {
        const key = `${message.tab} ${message.id}`;
        this.calls.get(key)?.unsubscribe();
        this.calls.delete(key);
        return;
      }
      default:
        return;
    }
  }

  /** Stops serving: unsubscribes every real stream and call (nothing is published about it: followers keep their values). */
  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    for (const stream of this.streams.values()) stream.subscription?.unsubscribe();
    this.streams.clear();
    for (const call of this.calls.values()) call.unsubscribe();
    this.calls.clear();
  }

  /** Keys of the real streams open now (for tests and status). */
  get openStreams(): readonly string[] {
    return [...this.streams.keys()];
  }

  private heartbeat(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    // A participant is dropped when it missed the last round and was silent for the timeout: a
    // throttled leader timer (a hidden tab) does not make everyone look gone.
    for (const [tab, participant] of this.participants) {
      if (participant.seenAt < this.lastAnnouncement && now - participant.seenAt > this.timing.participantTimeoutMs) {
        this.participants.delete(tab);
        this.cancelCallsOf(tab);
      }
    }
    this.reconcile();
    this.lastAnnouncement = now;
    this.publish({ type: 'leader', term: this.term, tab: this.tab, status: toWire(this.client.status()) });
    this.cancelTimer = this.clock.setTimer(() => this.heartbeat(), this.timing.heartbeatMs);
  }

  private seen(tab: string): Participant {
    let participant = this.participants.get(tab);
    if (!participant) {
      participant = { wishes: new Map(), seenAt: this.clock.now() };
      this.participants.set(tab, participant);
    }
    participant.seenAt = this.clock.now();
    return participant;
  }

  private wishes(tab: string, wishes: ReadonlyMap<string, number>): void {
    const participant = this.seen(tab);
    const before = participant.wishes;
    participant.wishes = wishes;
    this.reconcile();
    // A stream this participant starts wanting gets the current value now (the others drop it as a repeat).
    for (const [key, gen] of wishes) {
      if (before.get(key) === gen) continue;
      const last = this.streams.get(key)?.last;
      if (last && !isEventStream(key)) this.publishSignal(key, { kind: 'next', value: last.value });
    }
  }

  /** Opens the real streams someone wants and closes the others. */
  private reconcile(): void {
    if (this.stopped) return;
    const wanted = new Map<string, Set<string>>();
    for (const [tab, participant] of this.participants) {
      for (const [key, gen] of participant.wishes) {
        let set = wanted.get(key);
        if (!set) wanted.set(key, (set = new Set()));
        set.add(`${tab} ${gen}`);
      }
    }
    for (const [key, told] of this.ended) {
      const wishes = wanted.get(key);
      // Reopened only for a wish that was not told of the end (a new local stream).
      if (!wishes) this.ended.delete(key);
      else if ([...wishes].every((wish) => told.has(wish))) wanted.delete(key);
      else this.ended.delete(key);
    }
    for (const [key, stream] of this.streams) {
      if (wanted.has(key)) continue;
      stream.subscription?.unsubscribe();
      this.streams.delete(key);
    }
    for (const [key, wishes] of wanted) if (!this.streams.has(key)) this.open(key, wishes);
  }

  private open(key: string, wishes: ReadonlySet<string>): void {
    const stream: RealStream = {};
    this.streams.set(key, stream);
    const end = (signal: ShareSignal): void => {
      if (this.streams.get(key) !== stream) return;
      this.streams.delete(key);
      this.ended.set(key, wishes);
      this.publishSignal(key, signal);
    };
    let source;
    try {
      source = openStream(this.client, key);
    } catch (error) {
      return end({ kind: 'error', error: toWireError(error) });
    }
    if (!source) return end({ kind: 'error', error: toWireError(new TypeError(`no stream ${key.split('|')[0] ?? ''}`)) });
    const subscription = source.subscribe({
      next: (value) => {
        const wire = toWire(value);
        if (!isEventStream(key)) stream.last = { value: wire };
        this.publishSignal(key, { kind: 'next', value: wire });
      },
      error: (error: unknown) => end({ kind: 'error', error: toWireError(error) }),
      complete: () => end({ kind: 'complete' }),
    });
    if (this.streams.get(key) === stream) stream.subscription = subscription;
  }

  private publishSignal(key: string, signal: ShareSignal): void {
    this.publish({ type: 'stream', term: this.term, key, signal });
  }

  private call(tab: string, id: number, path: string, args: readonly unknown[]): void {
    const key = `${tab} ${id}`;
    if (this.calls.has(key)) return; // a repeat after a takeover: already running
    const reply = (signal: ShareSignal): void => this.publish({ type: 'reply', term: this.term, tab, id, signal });
    const done = (signal: ShareSignal): void => {
      this.calls.delete(key);
      reply(signal);
    };
    let source;
    try {
      source = invokeOperation(this.client, path, args);
    } catch (error) {
      return done({ kind: 'error', error: toWireError(error) });
    }
    if (!source) return done({ kind: 'error', error: toWireError(new TypeError(`no operation ${path}`)) });
    const subscription = source.subscribe({
      next: (value) => reply({ kind: 'next', value: toWire(value) }),
      error: (error: unknown) => done({ kind: 'error', error: toWireError(error) }),
      complete: () => done({ kind: 'complete' }),
    });
    if (!subscription.closed) this.calls.set(key, subscription);
  }

  private cancelCallsOf(tab: string): void {
    for (const [key, call] of this.calls) {
      if (!key.startsWith(`${tab} `)) continue;
      call.unsubscribe();
      this.calls.delete(key);
    }
  }
}
