import type { MembershipResource, PresenceSubscriptionResource } from '../../codecs/subscriptions.js';
import type { Located } from '../../http/read-resource.js';
import { selfKey } from '../resource-link.js';

/**
 * One presenceSubscription on the server as the client last saw it: its links, its members
 * (by lower-case URI, with the membership resource where a listing gave it), and its expiry.
 * `known` is false when a request touching it had an unknown outcome: its members must be read
 * from the server before they are trusted. One request at a time touches it (`busy`).
 */
export class ObservedSubscription {
  /** Routing key of its self href (events about it carry it). */
  readonly key: string;
  /** Members by lower-case URI; the membership resource once a listing showed it. */
  readonly members = new Map<string, Located<MembershipResource> | undefined>();
  /** Whether `members` is what the server has. */
  known = true;
  /** A request touching it is out. */
  busy = false;
  /** The server refused one more member (403 LimitExceeded); cleared when a member leaves. */
  full = false;
  /** Largest add to try next (halved after a 403 LimitExceeded on a larger one). */
  addSize = Number.POSITIVE_INFINITY;
  /** Its members may include some to remove (unwanted, failed, or held twice). */
  dirty = false;
  /** Its contacts are being moved to other subscriptions, so that it can be deleted (packing). */
  draining = false;
  /** The server said it is about to expire (its `updated` event). */
  expiring = false;
  /** When the client last extended it (clock ms). */
  extendedAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** The resource as last read (its self, memberships and addToPresenceSubscription links). */
    public resource: Located<PresenceSubscriptionResource>,
    /** When it expires unless extended (clock ms); at most the real expiry. */
    public expiresAt: number,
  ) {
    this.key = selfKey(resource);
  }
}
