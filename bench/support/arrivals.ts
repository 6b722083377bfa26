import { now } from './timing.js';

/** Waits for a contact to reach an availability, and tells when it did (ms, high resolution). */
export class Arrivals {
  private readonly waiting = new Map<string, { readonly availability: string; readonly resolve: (at: number) => void }>();
  /** The last availability seen per contact (lower-case URI). */
  readonly latest = new Map<string, string>();

  /** Records a value as it arrives. */
  seen(uriKey: string, availability: string): void {
    this.latest.set(uriKey, availability);
    const waiter = this.waiting.get(uriKey);
    if (waiter && waiter.availability === availability) {
      this.waiting.delete(uriKey);
      waiter.resolve(now());
    }
  }

  /** Resolves with the arrival time of `availability` for the contact; rejects after `timeoutMs`. */
  next(uriKey: string, availability: string, timeoutMs: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(uriKey);
        reject(new Error(`no ${availability} for ${uriKey} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(uriKey, {
        availability,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  }

  /** Resolves once `count` contacts have a value; rejects after `timeoutMs`. */
  async all(count: number, timeoutMs: number): Promise<void> {
    const deadline = now() + timeoutMs;
    while (this.latest.size < count) {
      if (now() > deadline) throw new Error(`only ${this.latest.size} of ${count} first values within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
