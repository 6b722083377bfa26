import { decodeOrThrow } from '../codecs/decode.js';
import { EventsEnvelopeCodec, RawEventCodec, RawSenderCodec, type EventsEnvelope, type RawEvent, type RawSender, type RelLink } from '../codecs/events.js';
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

/** The embedded resource of an event: the one under the link's rel, else the first one (own properties only). */
function embeddedResource(embedded: Readonly<Record<string, unknown>> | undefined, rel: string): unknown {
  if (embedded === undefined) return undefined;
  if (Object.prototype.hasOwnProperty.call(embedded, rel) && embedded[rel] !== undefined) return embedded[rel];
  for (const key in embedded) if (Object.prototype.hasOwnProperty.call(embedded, key)) return embedded[key];
  return undefined;
}

function toEvent(raw: RawEvent, sender: RelLink, base: string): UcwaEvent {
  const resource = embeddedResource(raw._embedded, raw.link.rel);
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

/** Any failure while reading part of a response, as the DecodeError reported for it. */
function asProblem(error: unknown, target: string, base: string): DecodeError {
  if (isUcwaError(error) && error.kind === 'decode') return error;
  const actual = isUcwaError(error) ? error.kind : 'an unreadable value';
  return new DecodeError(target, [{ path: '', expected: target, actual }], 'mismatch', base);
}

/** Decodes one sender block's events, each on its own: a failure skips that event only. */
function readSender(rawSender: unknown, senderIndex: number, base: string, events: UcwaEvent[], problems: DecodeError[]): void {
  let sender: RawSender;
  try {
    sender = decodeOrThrow(RawSenderCodec, rawSender, `event sender ${senderIndex}`, base);
  } catch (error) {
    problems.push(asProblem(error, `event sender ${senderIndex}`, base));
    return;
  }
  const senderLink: RelLink = { rel: sender.rel, href: sender.href };
  (sender.events ?? []).forEach((rawEvent, eventIndex) => {
    const target = `event ${senderIndex}.${eventIndex}`;
    try {
      const raw = isPlainEvent(rawEvent) ? rawEvent : decodeOrThrow(RawEventCodec, rawEvent, target, base);
      events.push(toEvent(raw, senderLink, base));
    } catch (error) {
      problems.push(asProblem(error, target, base));
    }
  });
}

/**
 * Reads a P-GET response body: the link to follow (resync wins over resume over next) and
 * every event, decoding senders and events one by one so that a malformed one is reported
 * and skipped while the rest is delivered. Never throws: whatever the body, what could not be
 * read is in `problems`.
 */
export function parseEventsResponse(json: unknown, base: string): ParsedEventsResponse {
  const problems: DecodeError[] = [];
  let envelope: EventsEnvelope;
  try {
    envelope = decodeOrThrow(EventsEnvelopeCodec, json, 'event channel response', base);
  } catch (error) {
    return { link: undefined, events: [], problems: [asProblem(error, 'event channel response', base)] };
  }
  const events: UcwaEvent[] = [];
  (envelope.sender ?? []).forEach((rawSender, senderIndex) => readSender(rawSender, senderIndex, base, events, problems));
  const link = channelLink(envelope);
  if (!link) problems.push(new DecodeError('event channel response', [{ path: '_links.next', expected: 'Link', actual: 'undefined' }], 'mismatch', base));
  return { link, events, problems };
}
