/**
 * Where the client keeps what must survive a reload or a restart (the endpointId): the
 * browser's `localStorage` by default; Node services pass their own (`fileStorage` or
 * `memoryStorage` from `ucwa-rx/node`, or anything with `get` and `set`). Values are short strings.
 */
export interface UcwaStorage {
  /** The value stored under `key`, or null/undefined when there is none. */
  get(key: string): string | null | undefined | Promise<string | null | undefined>;
  /** Stores `value` under `key`. */
  set(key: string, value: string): void | Promise<void>;
}

/** The page's `localStorage`, when there is a page and it may be used (not in Node, workers, or where storage is blocked). */
export function pageStorage(): UcwaStorage | undefined {
  try {
    const storage = typeof window === 'undefined' ? undefined : window.localStorage;
    if (!storage) return undefined;
    return { get: (key) => storage.getItem(key), set: (key, value) => storage.setItem(key, value) };
  } catch {
    // A SecurityError where storage is blocked (sandboxed frames, some privacy settings).
    return undefined;
  }
}
