import type { FleetEntry } from './balance-policy.js';

/**
 * This process's fleet clients, by service and holder name, with whether each leads now. The
 * registry in Redis says the same, but only as of each one's last heartbeat, and it may still hold
 * the entries of a former process that ran a replica of the same name (restarted within one TTL:
 * they lead nothing any more). Balancing reads this process's replicas from here instead: a lease
 * taken or handed over a moment ago counts at once, and a former incarnation does not count.
 */
const byService = new Map<string, Map<string, FleetEntry>>();

/** The process's own record of its fleet clients. */
export const localLeadership = {
  /** Records a fleet client of `service` (or its new leadership). */
  set(service: string, holder: string, entry: FleetEntry): void {
    let entries = byService.get(service);
    if (!entries) byService.set(service, (entries = new Map()));
    entries.set(holder, entry);
  },
  /** This process's fleet clients of `service`. */
  entries(service: string): readonly FleetEntry[] {
    return [...(byService.get(service)?.values() ?? [])];
  },
  /** Whether this process runs a replica of that name in `service`. */
  hosts(service: string, replica: string): boolean {
    for (const entry of byService.get(service)?.values() ?? []) if (entry.replica === replica) return true;
    return false;
  },
  /**
   * The entries balancing goes by: the registry's for the replicas other processes run, and this
   * process's own fleet clients as they are now (the registry's entries of a replica this process
   * runs come from a former process of the same name, or from a process misconfigured with it).
   */
  merge(service: string, registry: readonly FleetEntry[]): FleetEntry[] {
    return [...registry.filter((entry) => !this.hosts(service, entry.replica)), ...this.entries(service)];
  },
  /** Forgets a fleet client that closed. */
  delete(service: string, holder: string): void {
    const entries = byService.get(service);
    entries?.delete(holder);
    if (entries?.size === 0) byService.delete(service);
  },
};
