import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UcwaStorage } from '../identity/storage.js';

/**
 * A {@link UcwaStorage} kept in a JSON file (created with its folder when first written): a
 * service restarted with the same file registers with the same endpointId, and so gets its
 * application back instead of leaving one behind per restart. Writes replace the file whole
 * (written beside it, then renamed); a missing or unreadable file reads as empty. Give replicas
 * that should share one application the same file, or the same explicit `endpointId`.
 */
export function fileStorage(path: string): UcwaStorage {
  let writing: Promise<void> = Promise.resolve();
  const read = async (): Promise<Record<string, string>> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
      return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch {
      return {};
    }
  };
  return {
    get: async (key) => {
      await writing.catch(() => undefined);
      return (await read())[key];
    },
    set: (key, value) => {
      // One write at a time, each on top of the last: two sets never lose one another.
      writing = writing.catch(() => undefined).then(async () => {
        const values = { ...(await read()), [key]: value };
        await mkdir(dirname(path), { recursive: true });
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
        await rename(temporary, path);
      });
      return writing;
    },
  };
}
