/**
 * `ucwa-rx/node`: what only Node services need. Storages for the endpointId (the client's
 * `storage` option), so that a restarted service gets its application back.
 * @module ucwa-rx/node
 */
export { memoryStorage } from './memory-storage.js';
export { fileStorage } from './file-storage.js';
export type { UcwaStorage } from '../identity/storage.js';
