import { isLeft } from 'fp-ts/lib/Either.js';
import { Observable, type SchedulerLike, type Subscriber } from 'rxjs';
import { batchRequests } from '../http/batch.js';
import { routingKey } from '../http/href.js';
import type { HttpResponse, Requester } from '../http/transport.js';

/** Where the batch resource is, once the application is known. */
export interface BatchLink {
  readonly href: string;
  readonly base: string;
}

/** What {@link ResourceFetcher} needs. */
export interface ResourceFetcherOptions {
  /** Requests with retries, for a fetch that goes alone. */
  readonly send: Requester;
  /** Requests without retries, for batch POSTs (the batch logic splits on 429 itself). */
  readonly sendOnce: Requester;
  /** The batch resource of the current application, if any. */
  readonly batchLink: () => BatchLink | undefined;
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
 * while one P-GET response is dispatched) go out together through the batch resource, at most
 * 100 parts a batch; a lone fetch is a plain GET. Concurrent fetches of the same href share one
 * request. `fresh` fetches never join one already on the wire (its answer may predate the event).
 */
export class ResourceFetcher {
  private queue: Pending[] = [];
  private readonly queued = new Map<string, Pending>();
  private readonly sent = new Map<string, Pending>();
  private flushScheduled = false;

  constructor(private readonly options: ResourceFetcherOptions) {}

  /** GETs `href` (relative to `base`); shares with a queued fetch of the same href, and with one in flight unless `fresh`. */
  get(href: string, base: string, fresh = false): Observable<HttpResponse> {
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

  /** Sends everything queued now (the event channel calls it after dispatching a response). */
  flush(): void {
    const batch = this.queue.filter((p) => p.subscribers.size > 0);
    this.queue = [];
    this.queued.clear();
    if (batch.length === 0) return;
    for (const pending of batch) {
      pending.sent = true;
      this.sent.set(pending.key, pending);
    }
    const link = this.options.batchLink();
    if (batch.length === 1 || !link) {
      for (const pending of batch) this.single(pending);
      return;
    }
    const requests = batch.map((p) => ({ method: 'GET' as const, href: p.href, base: p.base }));
    batchRequests(this.options.sendOnce, link.href, link.base, requests, { scheduler: this.options.scheduler, maxParts: this.options.maxParts }).subscribe({
      next: (results) =>
        results.forEach((result, index) => {
          const pending = batch[index];
          if (!pending) return;
          if (isLeft(result)) this.fail(pending, result.left);
          else this.deliver(pending, result.right);
        }),
      error: (error: unknown) => batch.forEach((pending) => this.fail(pending, error)),
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private single(pending: Pending): void {
    this.options.send({ method: 'GET', href: pending.href, base: pending.base }).subscribe({
      next: (response) => this.deliver(pending, response),
      error: (error: unknown) => this.fail(pending, error),
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
