import type { UcwaStorage } from '../identity/storage.js';

/**
 * A {@link UcwaStorage} in memory: clients given the same one share their endpointId (one
 * application per user) for as long as the process lives. For tests and short-lived tools.
 */
export function memoryStorage(initial: Readonly<Record<string, string>> = {}): UcwaStorage {
  const values = new Map(Object.entries(initial));
  return {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.set(key, value);
    },
  };
}
