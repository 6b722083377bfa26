import { isLeft } from '../util/either.js';
import { decodeOrThrow } from '../codecs/decode.js';
import { EventsEnvelopeCodec, RawEventCodec, RawSenderCodec, type RawEvent, type RawSender, type RelLink } from '../codecs/events.js';
import { hrefOf } from '../codecs/link.js';
import { DecodeError } from '../errors/decode-error.js';
import { isUcwaError } from '../errors/guards.js';
import { routingKey } from '../http/href.js';
import type { UcwaEvent } from './ucwa-event.js';

/** Where the channel goes after a response: exactly one of these links is followed. */
export type ChannelLink =
  /** Normal continuation. */
  | { readonly rel: 'next'; readonly href: string }
  /** Like next, after the server dropped transient state (subscriptions) during inactivity. */
  | { readonly rel: 'resume'; readonly href: string }
  /** The ack was out of range: follow to the first unacknowledged response; caches are stale. */
  | { readonly rel: 'resync'; readonly href: string };

/** A P-GET response, read as far as it could be read. */
export interface ParsedEventsResponse {
  /** The link to follow, or undefined when the response had none the library could read. */
  readonly link: ChannelLink | undefined;
  /** The events that decoded, in server order. */
  readonly events: readonly UcwaEvent[];
  /** What could not be decoded and was skipped (one bad sender or event skips only itself). */
  readonly problems: readonly DecodeError[];
}

function toEvent(raw: RawEvent, sender: RelLink, base: string): UcwaEvent {
  const embedded = raw._embedded;
  const resource = embedded === undefined ? undefined : (embedded[raw.link.rel] ?? Object.values(embedded)[0]);
  return {
    type: raw.type,
    sender,
    link: raw.link,
    in: raw.in,
    resource,
    reason: raw.reason,
    base,
    key: routingKey(raw.link.href, base),
    inKey: raw.in === undefined ? undefined : routingKey(raw.in.href, base),
  };
}

function isRelLink(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const link = value as { readonly href?: unknown; readonly rel?: unknown; readonly title?: unknown };
  return typeof link.href === 'string' && typeof link.rel === 'string' && (link.title === undefined || typeof link.title === 'string');
}

/**
 * True for an event of the usual shape (type, link, maybe `in` and `status`, nothing embedded):
 * such a value satisfies RawEventCodec, so the hot path skips the codec's generic walk.
 */
function isPlainEvent(value: unknown): value is RawEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as { readonly [field: string]: unknown };
  return (
    typeof event.type === 'string' &&
    isRelLink(event.link) &&
    (event.in === undefined || isRelLink(event.in)) &&
    event._embedded === undefined &&
    event.reason === undefined &&
    (event.status === undefined || typeof event.status === 'string')
  );
}

function channelLink(links: Parameters<typeof hrefOf>[0]): ChannelLink | undefined {
  const resync = hrefOf(links, 'resync');
  if (resync !== undefined) return { rel: 'resync', href: resync };
  const resume = hrefOf(links, 'resume');
  if (resume !== undefined) return { rel: 'resume', href: resume };
  const next = hrefOf(links, 'next');
  return next === undefined ? undefined : { rel: 'next', href: next };
}

/**
 * Reads a P-GET response body: the link to follow (resync wins over resume over next) and
 * every event, decoding senders and events one by one so that a malformed one is reported
 * and skipped while the rest is delivered.
 */
export function parseEventsResponse(json: unknown, base: string): ParsedEventsResponse {
  const problems: DecodeError[] = [];
  const envelope = EventsEnvelopeCodec.decode(json);
  if (isLeft(envelope)) {
    try {
      decodeOrThrow(EventsEnvelopeCodec, json, 'event channel response', base);
    } catch (error) {
      if (isUcwaError(error) && error.kind === 'decode') problems.push(error);
    }
    return { link: undefined, events: [], problems };
  }
  const events: UcwaEvent[] = [];
  (envelope.right.sender ?? []).forEach((rawSender, senderIndex) => {
    let sender: RawSender;
    try {
      sender = decodeOrThrow(RawSenderCodec, rawSender, `event sender ${senderIndex}`, base);
    } catch (error) {
      if (isUcwaError(error) && error.kind === 'decode') problems.push(error);
      return;
    }
    const senderLink: RelLink = { rel: sender.rel, href: sender.href };
    (sender.events ?? []).forEach((rawEvent, eventIndex) => {
      try {
        const raw = isPlainEvent(rawEvent) ? rawEvent : decodeOrThrow(RawEventCodec, rawEvent, `event ${senderIndex}.${eventIndex}`, base);
        events.push(toEvent(raw, senderLink, base));
      } catch (error) {
        if (isUcwaError(error)) problems.push(error.kind === 'decode' ? error : new DecodeError(`event ${senderIndex}.${eventIndex}`, [], 'mismatch', base));
        else throw error;
      }
    });
  });
  const link = channelLink(envelope.right);
  if (!link) problems.push(new DecodeError('event channel response', [{ path: '_links.next', expected: 'Link', actual: 'undefined' }], 'mismatch', base));
  return { link, events, problems };
}
