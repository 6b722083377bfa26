import { isLeft } from '../util/either.js';
import { Observable, defer, from, switchMap, type MonoTypeOperatorFunction, type SchedulerLike, type Subscriber } from 'rxjs';
import { routingKey } from '../http/href.js';
import { retryTransient } from '../operators/retry-policy.js';
import type { HttpResponse, Requester } from '../http/transport.js';
import type { BatchPartResult } from '../http/batch.js';

/** The batch code, loaded on first use. */
type BatchModule = typeof import('../http/batch.js');
let batchModule: BatchModule | undefined;

function loadBatchModule(): Promise<BatchModule> {
  return import('../http/batch.js').then((module) => (batchModule = module));
}

/** Where the batch resource is, once the application is known. */
export interface BatchLink {
  readonly href: string;
  readonly base: string;
}

/** What {@link ResourceFetcher} needs. */
export interface ResourceFetcherOptions {
  /** Requests without retries: the fetcher retries each fetch itself, and the batch logic splits on 429. */
  readonly sendOnce: Requester;
  /** The batch resource of the current application, if any. */
  readonly batchLink: () => BatchLink | undefined;
  /** Scheduler of the retry waits. */
  readonly scheduler: SchedulerLike;
  /** Most parts per batch (default 100). */
  readonly maxParts?: number | undefined;
}

interface Pending {
  readonly key: string;
  readonly href: string;
  readonly base: string;
  readonly subscribers: Set<Subscriber<HttpResponse>>;
  sent: boolean;
}

/**
 * GETs resources the event channel announced. Fetches asked for in the same tick (typically
 * while one P-GET response is dispatched), or while the previous request was out, go out
 * together through the batch resource, at most 100 parts a batch; a lone fetch is a plain GET.
 * Concurrent fetches of the same href share one request. `fresh` fetches never join one already
 * on the wire (its answer may predate the event).
 */
export class ResourceFetcher {
  private queue: Pending[] = [];
  private readonly queued = new Map<string, Pending>();
  private readonly sent = new Map<string, Pending>();
  private flushScheduled = false;
  /** A GET or batch of this fetcher is on the wire. */
  private busy = false;
  /** The retry policy of every fetch: one operator, made once (it keeps no state between subscriptions). */
  private readonly retry: MonoTypeOperatorFunction<HttpResponse>;

  constructor(private readonly options: ResourceFetcherOptions) {
    this.retry = retryTransient('GET', { scheduler: options.scheduler });
  }

  /**
   * GETs `href` (relative to `base`); shares with a queued fetch of the same href, and with one in
   * flight unless `fresh`. A transient failure (network, timeout, 5xx, 429) is retried with
   * backoff, alone or in a batch alike: the one retry policy of every fetch.
   */
  get(href: string, base: string, fresh = false): Observable<HttpResponse> {
    return this.attempt(href, base, fresh).pipe(this.retry);
  }

  /** One attempt of {@link get}. */
  private attempt(href: string, base: string, fresh: boolean): Observable<HttpResponse> {
    return new Observable<HttpResponse>((subscriber) => {
      const key = routingKey(href, base);
      let pending = this.queued.get(key) ?? (fresh ? undefined : this.sent.get(key));
      if (!pending) {
        pending = { key, href, base, subscribers: new Set(), sent: false };
        this.queued.set(key, pending);
        this.queue.push(pending);
        this.scheduleFlush();
      }
      const joined = pending;
      joined.subscribers.add(subscriber);
      return () => {
        joined.subscribers.delete(subscriber);
        if (joined.subscribers.size === 0 && !joined.sent && this.queued.get(key) === joined) {
          this.queued.delete(key);
          this.queue = this.queue.filter((p) => p !== joined);
        }
      };
    });
  }

  /**
   * One request at a time: up to `maxParts` queued fetches go out together (a lone one as a plain
   * GET), and whatever is queued meanwhile goes out when the answer is back. A burst thus fills
   * whole batches, and the server never sees more than one batch of this client at once.
   */
  private pump(): void {
    if (this.busy) return;
    const live = this.queue.filter((p) => p.subscribers.size > 0);
    const maxParts = this.options.maxParts ?? 100;
    const batch = live.slice(0, maxParts);
    this.queue = live.slice(maxParts);
    for (const pending of batch) {
      this.queued.delete(pending.key);
      pending.sent = true;
      this.sent.set(pending.key, pending);
    }
    if (batch.length === 0) return;
    this.busy = true;
    const done = (): void => {
      this.busy = false;
      this.pump();
    };
    const link = this.options.batchLink();
    const first = batch[0];
    if (batch.length === 1 && first) {
      this.single(first, done);
      return;
    }
    if (!link) {
      let left = batch.length;
      for (const pending of batch) this.single(pending, () => (--left === 0 ? done() : undefined));
      return;
    }
    const requests = batch.map((p) => ({ method: 'GET' as const, href: p.href, base: p.base }));
    // The multipart code is loaded with the first batch: an app that never fetches two things at once never downloads it.
    // Once loaded it is called at once (no promise to wait for: the batch goes out in this turn).
    const loaded = batchModule;
    const send = (module: BatchModule): Observable<BatchPartResult[]> =>
      module.batchRequests(this.options.sendOnce, link.href, link.base, requests, { scheduler: this.options.scheduler, maxParts });
    (loaded ? send(loaded) : defer(() => from(loadBatchModule())).pipe(switchMap(send))).subscribe({
      next: (results) =>
        results.forEach((result, index) => {
          const pending = batch[index];
          if (!pending) return;
          if (isLeft(result)) this.fail(pending, result.left);
          else this.deliver(pending, result.right);
        }),
      error: (error: unknown) => batch.forEach((pending) => this.fail(pending, error)),
      complete: done,
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.pump();
    });
  }

  private single(pending: Pending, done: () => void): void {
    this.options.sendOnce({ method: 'GET', href: pending.href, base: pending.base }).subscribe({
      next: (response) => this.deliver(pending, response),
      error: (error: unknown) => {
        this.fail(pending, error);
        done();
      },
      complete: done,
    });
  }

  private settle(pending: Pending): Subscriber<HttpResponse>[] {
    if (this.sent.get(pending.key) === pending) this.sent.delete(pending.key);
    const subscribers = [...pending.subscribers];
    pending.subscribers.clear();
    return subscribers;
  }

  private deliver(pending: Pending, response: HttpResponse): void {
    for (const subscriber of this.settle(pending)) {
      subscriber.next(response);
      subscriber.complete();
    }
  }

  private fail(pending: Pending, error: unknown): void {
    for (const subscriber of this.settle(pending)) subscriber.error(error);
  }
}
