import * as t from 'io-ts';
import { LinkCodec, LinksCodec, ResourceBaseCodec } from './link.js';

/** The signed-in user, embedded in the application (me_ref). */
export const MeCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.partial({
      /** The user's display name. */
      name: t.string,
      /** The user's SIP URI, e.g. `sip:alice@contoso.com`. */
      uri: t.string,
      /** The user's e-mail addresses. */
      emailAddresses: t.array(t.string),
    }),
  ],
  'Me',
);
/** The signed-in user. */
export type Me = t.TypeOf<typeof MeCodec>;

/** The people hub, embedded in the application: links to subscriptions, groups and contacts (people_ref). */
export const PeopleCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.type({
      /** Links to the contact list, groups and subscriptions, by rel (e.g. `myContacts`, `myGroups`). */
      _links: LinksCodec,
    }),
  ],
  'People',
);
/** The people hub. */
export type People = t.TypeOf<typeof PeopleCodec>;

/** The application resource (application_ref, CreateAnApplication). */
export const ApplicationCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.type({
      /** Links by rel; `self` and `events` are always there. */
      _links: t.intersection([
        LinksCodec,
        t.type({
          /** The application itself. */
          self: LinkCodec,
          /** The event channel (events_ref). */
          events: LinkCodec,
        }),
      ]),
    }),
    t.partial({
      /** The culture and locale, e.g. `en-US`. */
      culture: t.string,
      /** The application's user agent, as given when it was created. */
      userAgent: t.string,
      /** The type of device the application runs on; UCWA supports only `Browser`. */
      type: t.string,
      /** The application's instance identifier. */
      instanceId: t.string,
      /** The resources the application embeds. */
      _embedded: t.partial({
        /** The signed-in user. */
        me: MeCodec,
        /** The people hub. */
        people: PeopleCodec,
        /** The dashboard for communication capabilities (not decoded further). */
        communication: ResourceBaseCodec,
        /** The dashboard for online meetings (not decoded further). */
        onlineMeetings: ResourceBaseCodec,
      }),
    }),
  ],
  'Application',
);
/** The application resource. */
export type Application = t.TypeOf<typeof ApplicationCodec>;

/** What POST applications takes (applications_ref, MultiTabSupport). */
export interface ApplicationInput {
  /** Identifies the client software, e.g. `ucwa-rx/0.1`. */
  readonly userAgent: string;
  /** Stable per user and browser profile (or service): the same value gets the same application back. */
  readonly endpointId: string;
  /** Culture for localised strings, e.g. `en-US`. */
  readonly culture: string;
  /** One per client instance (tab, process): each gets its own event channel on the shared application. */
  readonly instanceId?: string | undefined;
}
