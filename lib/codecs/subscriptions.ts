import * as t from 'io-ts';
import { ResourceBaseCodec } from './link.js';
import { openEnum } from './open-enum.js';

/** The presenceSubscription resource (presenceSubscription_ref). */
export const PresenceSubscriptionCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The subscription's id, unique within the application. */
      id: t.string,
    }),
  ],
  'PresenceSubscription',
);
/** A presence subscription as decoded. */
export type PresenceSubscriptionResource = t.TypeOf<typeof PresenceSubscriptionCodec>;

/** presenceSubscriptions (presenceSubscriptions_ref): the embedded presenceSubscription list. */
export const PresenceSubscriptionsCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The subscriptions. */
      _embedded: t.partial({
        /** Every presence subscription of the application. */
        presenceSubscription: t.array(PresenceSubscriptionCodec),
      }),
    }),
  ],
  'PresenceSubscriptions',
);
/** The collection as decoded. */
export type PresenceSubscriptionsResource = t.TypeOf<typeof PresenceSubscriptionsCodec>;

/** A presenceSubscriptionMembership: links to its contact and its subscription. */
export const MembershipCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The membership's id, where the server gives one. */
      id: t.string,
    }),
  ],
  'PresenceSubscriptionMembership',
);
/** A membership as decoded. */
export type MembershipResource = t.TypeOf<typeof MembershipCodec>;

/** presenceSubscriptionMemberships (and addToPresenceSubscription's answer): the embedded memberships. */
export const MembershipsCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The memberships. */
      _embedded: t.partial({
        /** One per (contact, subscription) pair; each links its `contact`. */
        presenceSubscriptionMembership: t.array(MembershipCodec),
      }),
    }),
  ],
  'PresenceSubscriptionMemberships',
);
/** The memberships as decoded. */
export type MembershipsResource = t.TypeOf<typeof MembershipsCodec>;

/** Subscription states (SubscriptionState_ref); unknown values are kept. */
export const SubscriptionStateCodec = openEnum('SubscriptionState', ['Connected', 'Connecting', 'Disconnected', 'Disconnecting'] as const);
/** A subscription state, e.g. `Connected`. */
export type SubscriptionState = t.TypeOf<typeof SubscriptionStateCodec>;

/** myContactsAndGroupsSubscription (myContactsAndGroupsSubscription_ref). */
export const ContactsAndGroupsSubscriptionCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** Connecting, Connected, Disconnecting or Disconnected (unknown values kept). */
      state: SubscriptionStateCodec,
    }),
  ],
  'MyContactsAndGroupsSubscription',
);
/** The contacts-and-groups subscription as decoded. */
export type ContactsAndGroupsSubscriptionResource = t.TypeOf<typeof ContactsAndGroupsSubscriptionCodec>;
