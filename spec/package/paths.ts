import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** True when `path` (relative to the repository root) exists. */
export function existsInRepo(path: string): boolean {
  return existsSync(new URL(path, new URL('../../', import.meta.url)));
}
