/**
 * Balancing of identities over the replicas of a service (docs/fleet.md), as pure functions of
 * what the registry says: who is alive, which identities each replica stands for, how many
 * leases each holds.
 */

/** One fleet client in the registry: a replica standing for an identity's lease. */
export interface FleetEntry {
  /** The replica it runs on (fleet clients with the same replica name count as one replica). */
  readonly replica: string;
  /** The identity whose lease it stands for. */
  readonly identity: string;
  /** True while it leads (holds the lease). */
  readonly leading: boolean;
}

/** The live replicas of a service and what each stands for and leads. */
export interface FleetView {
  /** Replica name -> the identities it stands for and how many leases it holds. */
  readonly replicas: ReadonlyMap<string, { readonly identities: ReadonlySet<string>; readonly leads: number }>;
  /** Every identity some live replica stands for. */
  readonly identities: ReadonlySet<string>;
}

/** Gathers the registry's live entries by replica. */
export function fleetView(entries: Iterable<FleetEntry>): FleetView {
  const replicas = new Map<string, { identities: Set<string>; led: Set<string> }>();
  const identities = new Set<string>();
  for (const entry of entries) {
    let replica = replicas.get(entry.replica);
    if (!replica) replicas.set(entry.replica, (replica = { identities: new Set(), led: new Set() }));
    replica.identities.add(entry.identity);
    if (entry.leading) replica.led.add(entry.identity);
    identities.add(entry.identity);
  }
  return { replicas: new Map([...replicas].map(([name, { identities: stands, led }]) => [name, { identities: stands, leads: led.size }])), identities };
}

/** The fair share of leases per replica: ceil(identities / live replicas); 0 with no replica. */
export function fairShare(view: FleetView): number {
  return view.replicas.size === 0 ? 0 : Math.ceil(view.identities.size / view.replicas.size);
}

/** How many leases a replica holds, as the view says (0 if it is not in it). */
export const leadsOf = (view: FleetView, replica: string): number => view.replicas.get(replica)?.leads ?? 0;

/**
 * The replica a leader of `identity` on `replica` should hand its lease over to, if any: the live
 * replica standing for that identity that leads the fewest (then the first by name), if it leads
 * at least two fewer than `replica`. A replica above its fair share always finds one when every
 * replica stands for every identity (were all the others within one of it, they would lead more
 * identities than there are); and the rule goes on to even out what the fair share allows (7
 * identities on 3 replicas end 3, 2, 2, not 3, 3, 1). Each hand-over lowers the sum of the squares
 * of the replicas' lead counts, so hand-overs stop after a finite number: no flapping (a lease
 * never goes back and forth between two replicas).
 */
export function handoverTarget(view: FleetView, replica: string, identity: string): string | undefined {
  const mine = leadsOf(view, replica);
  let best: { readonly name: string; readonly leads: number } | undefined;
  for (const [name, other] of view.replicas) {
    if (name === replica || !other.identities.has(identity)) continue;
    if (!best || other.leads < best.leads || (other.leads === best.leads && name < best.name)) best = { name, leads: other.leads };
  }
  return best && best.leads <= mine - 2 ? best.name : undefined;
}

/**
 * How long a replica waits before trying to take the free lease of `identity`: at once while it
 * leads fewer than its fair share (or knows nothing yet), or when no other live replica standing
 * for that identity leads fewer than it does (no one is better placed: waiting would only delay
 * the fail-over; e.g. the leader just died and the registry still shows it); otherwise one
 * `periodMs` (a lease renewal period) per lease held from its share on, at most three: replicas
 * below their share, and the least loaded, take free leases first.
 */
export function acquireDelayMs(view: FleetView | undefined, replica: string, identity: string, periodMs: number): number {
  if (!view) return 0;
  const mine = leadsOf(view, replica);
  const over = mine - fairShare(view);
  if (over < 0) return 0;
  const betterPlaced = [...view.replicas].some(([name, other]) => name !== replica && other.identities.has(identity) && other.leads < mine);
  return betterPlaced ? periodMs * Math.min(3, over + 1) : 0;
}
