import { Observable, Subject, merge, type Subscriber } from 'rxjs';
import type { ClientStatus } from '../client-status.js';
import { IDLE_STATUS, isEventStream } from './client-facade.js';
import type { ShareMessage, ShareSignal, ShareWish } from './share-messages.js';
import { fromWireError } from './wire-error.js';
import { fromWire, sameWireValue, toWire } from './wire-value.js';

interface LocalStream {
  refs: number;
  /** A new number each time the stream is opened here: tells the leader this is a new subscriber. */
  readonly gen: number;
  readonly subject: Subject<unknown>;
  /** The last value, in wire form (to drop repeats) and as delivered. */
  last?: { readonly wire: unknown; readonly value: unknown };
}

interface PendingCall {
  readonly path: string;
  readonly args: readonly unknown[];
  readonly subscriber: Subscriber<unknown>;
  /** True once a value arrived: not sent again to a new leader. */
  answered: boolean;
}

/**
 * One participant's side (every tab, the leader's included): the client's streams and operations
 * as seen through the bus. Local subscribers of a stream share one local stream (refcounted);
 * the participant's wishes (what it has open) go to the leader on every change and every
 * heartbeat; values are delivered once (repeats dropped, the last one kept across a change of
 * leader), and nothing from a former leader (a lower term) is believed.
 */
export class ShareMember {
  private readonly local = new Map<string, LocalStream>();
  private readonly calls = new Map<number, PendingCall>();
  private readonly problems = new Subject<unknown>();
  private generations = 0;
  private callIds = 0;
  private wishesQueued = false;
  private closed = false;
  private lastStatus: ClientStatus = IDLE_STATUS;
  /** The highest leadership term seen. */
  term = 0;

  constructor(
    /** This participant's id on the bus. */
    readonly tab: string,
    private readonly publish: (message: ShareMessage) => void,
  ) {}

  /** The stream a key names, as the leader serves it. */
  stream(key: string): Observable<unknown> {
    const remote = new Observable<unknown>((subscriber) => {
      if (this.closed) return subscriber.complete();
      let stream = this.local.get(key);
      if (!stream) {
        stream = { refs: 0, gen: ++this.generations, subject: new Subject() };
        this.local.set(key, stream);
        this.queueWishes();
      }
      const opened = stream;
      opened.refs += 1;
      if (opened.last) subscriber.next(opened.last.value);
      const inner = opened.subject.subscribe(subscriber);
      return () => {
        inner.unsubscribe();
        opened.refs -= 1;
        if (opened.refs === 0 && this.local.get(key) === opened) {
          this.local.delete(key);
          this.queueWishes();
        }
      };
    });
    // Problems of the sharing itself (a malformed message) are diagnostics too.
    return key === 'diagnostics$' ? merge(remote, this.problems) : remote;
  }

  /** A one-shot operation run by the leader; sent again to a new leader if it had not answered. */
  call(path: string, args: readonly unknown[]): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      if (this.closed) return subscriber.complete();
      const id = ++this.callIds;
      const call: PendingCall = { path, args: args.map(toWire), subscriber, answered: false };
      this.calls.set(id, call);
      this.sendCall(id, call);
      return () => {
        if (this.calls.delete(id)) this.publish({ type: 'cancel', tab: this.tab, id });
      };
    });
  }

  /** The status the leader last announced. */
  status(): ClientStatus {
    return this.lastStatus;
  }

  /** Reports a problem of the sharing (a rejected message) on `diagnostics$`. */
  report(problem: unknown): void {
    this.problems.next(problem);
  }

  /** Sends the wishes now: on every heartbeat of its own and when the leader asks. */
  sendWishes(): void {
    if (this.closed) return;
    const wishes: ShareWish[] = [...this.local].map(([key, stream]) => ({ key, gen: stream.gen }));
    this.publish({ type: 'wishes', tab: this.tab, wishes });
  }

  /** Handles one message from the bus. */
  receive(message: ShareMessage): void {
    if (this.closed) return;
    if (message.type !== 'leader' && message.type !== 'stream' && message.type !== 'reply') return;
    if (message.term < this.term) return; // a former leader, fenced off
    const newLeader = message.term > this.term;
    this.term = message.term;
    if (newLeader) this.followNewLeader();
    switch (message.type) {
      case 'leader':
        this.lastStatus = fromWire(message.status) as ClientStatus;
        // The answer to every heartbeat: the leader knows who is alive without relying on our timers.
        if (!newLeader) this.sendWishes();
        return;
      case 'stream':
        return this.streamSignal(message.key, message.signal);
      case 'reply':
        if (message.tab === this.tab) this.replySignal(message.id, message.signal);
        return;
    }
  }

  /** Says goodbye without closing anything: the page is going away for good, its wishes can go now. */
  leave(): void {
    if (!this.closed) this.publish({ type: 'bye', tab: this.tab });
  }

  /** Completes every stream and call here (as a closed client does) and says goodbye. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.local.values()) stream.subject.complete();
    this.local.clear();
    for (const call of this.calls.values()) call.subscriber.complete();
    this.calls.clear();
    this.problems.complete();
    this.publish({ type: 'bye', tab: this.tab });
  }

  private followNewLeader(): void {
    this.sendWishes();
    for (const [id, call] of this.calls) {
      // A call that already answered has delivered its value: it ends here rather than run twice.
      if (call.answered) {
        this.calls.delete(id);
        call.subscriber.complete();
      } else this.sendCall(id, call);
    }
  }

  private queueWishes(): void {
    if (this.wishesQueued) return;
    this.wishesQueued = true;
    // Every change of one turn in one message.
    queueMicrotask(() => {
      this.wishesQueued = false;
      this.sendWishes();
    });
  }

  private sendCall(id: number, call: PendingCall): void {
    this.publish({ type: 'call', tab: this.tab, id, path: call.path, args: [...call.args] });
  }

  private streamSignal(key: string, signal: ShareSignal): void {
    const stream = this.local.get(key);
    if (!stream) return;
    if (signal.kind === 'next') {
      const event = isEventStream(key);
      if (!event && stream.last && sameWireValue(stream.last.wire, signal.value)) return;
      const value = fromWire(signal.value);
      if (!event) stream.last = { wire: signal.value, value };
      stream.subject.next(value);
      return;
    }
    this.local.delete(key);
    if (signal.kind === 'error') stream.subject.error(fromWireError(signal.error));
    else stream.subject.complete();
  }

  private replySignal(id: number, signal: ShareSignal): void {
    const call = this.calls.get(id);
    if (!call) return;
    if (signal.kind === 'next') {
      call.answered = true;
      call.subscriber.next(fromWire(signal.value));
      return;
    }
    this.calls.delete(id);
    if (signal.kind === 'error') call.subscriber.error(fromWireError(signal.error));
    else call.subscriber.complete();
  }
}
