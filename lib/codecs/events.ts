import * as t from 'io-ts';
import { ErrorBodyCodec } from './error-body.js';
import { LinkCodec, LinksCodec } from './link.js';
import { openEnum } from './open-enum.js';

/** Event types: added/updated/deleted for resources, started/updated/completed for operations. */
export const EventTypeCodec = openEnum('EventType', ['added', 'updated', 'deleted', 'started', 'completed'] as const);
/** An event type; unknown types are kept as sent. */
export type EventType = t.TypeOf<typeof EventTypeCodec>;

/** A link that names its relation: an event's target, its `in` collection, its sender. */
export const RelLinkCodec = t.intersection(
  [
    LinkCodec,
    t.type({
      /** The relation of the linked resource, e.g. `contactPresence`. */
      rel: t.string,
    }),
  ],
  'RelLink',
);
/** A link with its relation. */
export type RelLink = t.TypeOf<typeof RelLinkCodec>;

/** One event as sent inside a sender block (EventChannelDetails). */
export const RawEventCodec = t.intersection(
  [
    t.type({
      /** The resource the event is about. */
      link: RelLinkCodec,
      /** What happened. */
      type: EventTypeCodec,
    }),
    t.partial({
      /** The collection the resource was added to or removed from. */
      in: RelLinkCodec,
      /** The resource itself, when the server embeds it. */
      _embedded: t.record(t.string, t.unknown),
      /** Why, for server-initiated changes and failed operations. */
      reason: ErrorBodyCodec,
      /** An operation's status, where the server sends one. */
      status: t.string,
    }),
  ],
  'Event',
);
/** One event as sent. */
export type RawEvent = t.TypeOf<typeof RawEventCodec>;

/** A sender block: the resource that sent the events, and its events in order. Decoded event by event. */
export const RawSenderCodec = t.intersection([t.type({ rel: t.string, href: t.string }), t.partial({ events: t.array(t.unknown) })], 'Sender');
/** A sender block; its events are still undecoded. */
export type RawSender = t.TypeOf<typeof RawSenderCodec>;

/**
 * The envelope of a P-GET response: `_links` (self and one of next, resume, resync) and the
 * sender list, whose members are decoded one by one so that one bad event skips only itself.
 */
export const EventsEnvelopeCodec = t.intersection(
  [t.type({ _links: LinksCodec }), t.partial({ sender: t.array(t.unknown) })],
  'EventsResponse',
);
/** The envelope of a P-GET response. */
export type EventsEnvelope = t.TypeOf<typeof EventsEnvelopeCodec>;
