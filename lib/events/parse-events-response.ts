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
  /** What could not be decoded and was skipped (one bad sender or event skips only itself): the first 20, then one that counts the rest. */
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

/** Most problems reported for one response; a hostile one could hold 100,000 bad events. */
const MAX_PROBLEMS = 20;

/**
 * The problems of one response: the first {@link MAX_PROBLEMS} as DecodeErrors, the others only
 * counted (once full, failures are detected with the codecs' guards, without building errors).
 */
class Problems {
  readonly errors: DecodeError[] = [];
  private dropped = 0;

  get full(): boolean {
    return this.errors.length >= MAX_PROBLEMS;
  }

  add(error: DecodeError): void {
    if (this.full) this.dropped += 1;
    else this.errors.push(error);
  }

  /** Counts a failure without building its error (only once full). */
  drop(): void {
    this.dropped += 1;
  }

  /** The errors, with one more that counts the dropped ones. */
  list(base: string): DecodeError[] {
    if (this.dropped === 0) return this.errors;
    const summary = new DecodeError('event channel response', [{ path: 'sender', expected: 'decodable events', actual: `${this.dropped} more undecodable senders or events` }], 'mismatch', base);
    return [...this.errors, summary];
  }
}

/** Decodes one event, or throws why it cannot; once `problems` is full, with the guard only (no error built). */
function readEvent(rawEvent: unknown, target: string, base: string, problems: Problems): RawEvent | undefined {
  if (isPlainEvent(rawEvent)) return rawEvent;
  if (!problems.full) return decodeOrThrow(RawEventCodec, rawEvent, target, base);
  if (RawEventCodec.is(rawEvent)) return rawEvent;
  problems.drop();
  return undefined;
}

/** Decodes one sender block's events, each on its own: a failure skips that event only. */
function readSender(rawSender: unknown, senderIndex: number, base: string, events: UcwaEvent[], problems: Problems): void {
  let sender: RawSender;
  try {
    if (problems.full && !RawSenderCodec.is(rawSender)) {
      problems.drop();
      return;
    }
    sender = decodeOrThrow(RawSenderCodec, rawSender, `event sender ${senderIndex}`, base);
  } catch (error) {
    problems.add(asProblem(error, `event sender ${senderIndex}`, base));
    return;
  }
  const senderLink: RelLink = { rel: sender.rel, href: sender.href };
  (sender.events ?? []).forEach((rawEvent, eventIndex) => {
    const target = `event ${senderIndex}.${eventIndex}`;
    try {
      const raw = readEvent(rawEvent, target, base, problems);
      if (raw) events.push(toEvent(raw, senderLink, base));
    } catch (error) {
      problems.add(asProblem(error, target, base));
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
  const problems = new Problems();
  let envelope: EventsEnvelope;
  try {
    envelope = decodeOrThrow(EventsEnvelopeCodec, json, 'event channel response', base);
  } catch (error) {
    return { link: undefined, events: [], problems: [asProblem(error, 'event channel response', base)] };
  }
  const events: UcwaEvent[] = [];
  (envelope.sender ?? []).forEach((rawSender, senderIndex) => readSender(rawSender, senderIndex, base, events, problems));
  const link = channelLink(envelope);
  if (!link) problems.add(new DecodeError('event channel response', [{ path: '_links.next', expected: 'Link', actual: 'undefined' }], 'mismatch', base));
  return { link, events, problems: problems.list(base) };
}
