import type { ErrorBody } from '../codecs/error-body.js';
import type { EventType, RelLink } from '../codecs/events.js';

/**
 * One event from the event channel, in server order (EventChannelDetails): what happened
 * (`type`), to which resource (`link`), in which collection (`in`), sent by whom (`sender`),
 * with the resource itself when the server embedded it, and a `reason` for server-initiated
 * changes or failed operations.
 */
export interface UcwaEvent {
  /** added, updated or deleted (resources); started, updated or completed (operations); unknown types kept. */
  readonly type: EventType;
  /** The resource that sent the event, e.g. `people`. */
  readonly sender: RelLink;
  /** The resource the event is about. */
  readonly link: RelLink;
  /** The collection the resource was added to or removed from, e.g. `pinnedGroup`, `subscribedContacts`. */
  readonly in?: RelLink | undefined;
  /** The embedded resource, when the event carries it (`_embedded[link.rel]`). */
  readonly resource?: unknown;
  /** Why the change happened, in the UCWA error structure. */
  readonly reason?: ErrorBody | undefined;
  /** URL of the P-GET response that carried the event: hrefs resolve against it. */
  readonly base: string;
  /** Routing key of `link` (normalised href; see routingKey). */
  readonly key: string;
  /** Routing key of `in`, when present. */
  readonly inKey?: string | undefined;
}
