import type { Observable, Subscription } from 'rxjs';
import type { Clock } from '../../lib/index.js';
import { classifyError, type ErrorClass } from './error-class.js';

/** The streams the soak subscribes to. */
export type StreamName = 'presence' | 'pinnedGroup' | 'contactsAndGroups';

/** One subscription of one stream, with everything it delivered and when (clock time). */
export interface StreamRecord<T> {
  /** Sequence number of the subscription, from 1. */
  readonly id: number;
  readonly stream: StreamName;
  /** The contact, for presence$. */
  readonly uri: string | undefined;
  readonly subscribedAt: number;
  readonly values: { readonly at: number; readonly value: T }[];
  error: { readonly at: number; readonly error: unknown; readonly class: ErrorClass } | undefined;
  completedAt: number | undefined;
  unsubscribedAt: number | undefined;
}

/** Told of a stream error as it happens. */
export type ErrorListener = (record: StreamRecord<unknown>) => void;

/** Subscribes the soak's streams and records every value, error and completion with the clock time. */
export class StreamRecorder {
  private readonly records: StreamRecord<unknown>[] = [];
  private readonly subscriptions = new Map<StreamRecord<unknown>, Subscription>();
  private nextId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly onError: ErrorListener,
  ) {}

  /** Subscribes `source$` and records it. */
  record<T>(stream: StreamName, uri: string | undefined, source$: Observable<T>): StreamRecord<T> {
    const record: StreamRecord<T> = {
      id: this.nextId++,
      stream,
      uri,
      subscribedAt: this.clock.now(),
      values: [],
      error: undefined,
      completedAt: undefined,
      unsubscribedAt: undefined,
    };
    this.records.push(record as StreamRecord<unknown>);
    const subscription = source$.subscribe({
      next: (value) => record.values.push({ at: this.clock.now(), value }),
      error: (error: unknown) => {
        record.error = { at: this.clock.now(), error, class: classifyError(error) };
        this.subscriptions.delete(record as StreamRecord<unknown>);
        this.onError(record as StreamRecord<unknown>);
      },
      complete: () => {
        record.completedAt = this.clock.now();
        this.subscriptions.delete(record as StreamRecord<unknown>);
      },
    });
    if (!subscription.closed) this.subscriptions.set(record as StreamRecord<unknown>, subscription);
    return record;
  }

  /** Unsubscribes one record (the soak's subscriber leaves). */
  unsubscribe(record: StreamRecord<unknown>): void {
    const subscription = this.subscriptions.get(record);
    if (!subscription) return;
    this.subscriptions.delete(record);
    record.unsubscribedAt = this.clock.now();
    subscription.unsubscribe();
  }

  /** Records still subscribed: not unsubscribed, not errored, not completed. */
  live(stream?: StreamName): StreamRecord<unknown>[] {
    return [...this.subscriptions.keys()].filter((r) => stream === undefined || r.stream === stream);
  }

  /** Every record since the start. */
  all(): readonly StreamRecord<unknown>[] {
    return this.records;
  }

  /** Values delivered in all, over every record. */
  get valueCount(): number {
    return this.records.reduce((sum, r) => sum + r.values.length, 0);
  }
}
