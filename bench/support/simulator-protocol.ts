import type { PresenceUpdate, SimulatorLimits } from '../../lib/simulator/index.js';

/** What a simulator thread is started with. */
export interface SimulatorThreadOptions {
  /** Contacts in Alice's list (see benchDirectory). */
  readonly contacts: number;
  /** The simulator's aggregationScale (0.01: the 5 s medium window becomes 50 ms). */
  readonly aggregationScale: number;
  /** Limits overriding the simulator's defaults (e.g. small ones, so that a few contacts fill an application). */
  readonly limits?: Partial<SimulatorLimits> | undefined;
}

/** A request from the benchmark to its simulator thread. */
export type SimulatorRequest =
  | { readonly id: number; readonly op: 'setPresence'; readonly uris: readonly string[]; readonly presence: PresenceUpdate }
  | { readonly id: number; readonly op: 'resources' }
  | { readonly id: number; readonly op: 'summary' }
  | { readonly id: number; readonly op: 'requestKinds' }
  | { readonly id: number; readonly op: 'close' };

/** The simulator thread's own event loop: open server sockets, timers, all resources by type. */
export interface ServerResources {
  readonly sockets: number;
  readonly timers: number;
  readonly byType: Readonly<Record<string, number>>;
}

/** What the simulator holds for the benchmark's applications. */
export interface ServerSummary {
  readonly applications: number;
  readonly presenceSubscriptions: number;
  readonly members: number;
  readonly heldPgets: number;
  readonly requests: number;
}

/** The thread's answer: `ready` once listening, then one reply per request. */
export type SimulatorReply =
  | { readonly kind: 'ready'; readonly discoveryUrl: string }
  | { readonly kind: 'reply'; readonly id: number; readonly result?: unknown; readonly error?: string };

/** Counts `process.getActiveResourcesInfo()` by type. */
export function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
