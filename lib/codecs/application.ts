import * as t from 'io-ts';
import { LinkCodec, LinksCodec, ResourceBaseCodec } from './link.js';

/** The signed-in user, embedded in the application (me_ref.md). */
export const MeCodec = t.intersection(
  [ResourceBaseCodec, t.partial({ name: t.string, uri: t.string, emailAddresses: t.array(t.string) })],
  'Me',
);
/** The signed-in user. */
export type Me = t.TypeOf<typeof MeCodec>;

/** The people hub, embedded in the application: links to subscriptions, groups and contacts (people_ref.md). */
export const PeopleCodec = t.intersection([ResourceBaseCodec, t.type({ _links: LinksCodec })], 'People');
/** The people hub. */
export type People = t.TypeOf<typeof PeopleCodec>;

/** The application resource (application_ref.md, CreateAnApplication.md). */
export const ApplicationCodec = t.intersection(
  [
    ResourceBaseCodec,
    t.type({ _links: t.intersection([LinksCodec, t.type({ self: LinkCodec, events: LinkCodec })]) }),
    t.partial({
      culture: t.string,
      userAgent: t.string,
      type: t.string,
      instanceId: t.string,
      _embedded: t.partial({ me: MeCodec, people: PeopleCodec, communication: ResourceBaseCodec, onlineMeetings: ResourceBaseCodec }),
    }),
  ],
  'Application',
);
/** The application resource. */
export type Application = t.TypeOf<typeof ApplicationCodec>;

/** What POST applications takes (applications_ref.md). */
export interface ApplicationInput {
  /** Identifies the client software, e.g. `ucwa-rx/0.1`. */
  readonly userAgent: string;
  /** Stable per client instance: the same value gets the same application back. */
  readonly endpointId: string;
  /** Culture for localised strings, e.g. `en-US`. */
  readonly culture: string;
}
