/**
 * One kind of value the presence reconciler keeps for a watched contact: its presence, note,
 * location or capabilities. Each is a resource linked from the contact (`rels`, the first also
 * being the rel of its `updated` events), delivered by the same presence subscription.
 */
export interface FacetKind<T> {
  /** The contact's link rels to the resource, preferred first; the first is also its events' rel. */
  readonly rels: readonly [string, ...string[]];
  /** The value of the resource's body for the contact `uri`; throws a typed DecodeError. */
  read(uri: string, body: unknown, url?: string): T;
  /** True when two values say the same (no emission). */
  same(a: T, b: T): boolean;
}
