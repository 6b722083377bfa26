import type { Clock } from '../../time/clock.js';

/** One entry: the photo, or `undefined` for a person known to have none, and when it was read. */
interface Entry<T> {
  readonly value: T | undefined;
  readonly at: number;
}

/**
 * A bounded cache of photos by key (a contact and a size): at most `capacity` entries, the least
 * recently used going first, each kept `maxAgeMs` on the client's clock (UCWA sends no event when
 * a photo changes, so a cached one is read again after that long).
 */
export class PhotoCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
    private readonly maxAgeMs: number,
  ) {}

  /** The cached entry of `key` (refreshing its place), or undefined when absent or too old. */
  get(key: string): Entry<T> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.clock.now() - entry.at >= this.maxAgeMs) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  /** Caches `value` (undefined: no photo) under `key`, dropping the least recently used beyond capacity. */
  set(key: string, value: T | undefined): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.clock.now() });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }
}
