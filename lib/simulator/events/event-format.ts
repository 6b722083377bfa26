import type { JsonObject, JsonValue } from '../format/json.js';
import { resourceJson } from '../format/json.js';
import { escapeXml, resourceXml, UCWA_NAMESPACE, XML_DECLARATION } from '../format/xml.js';
import type { ChannelEvent, EventLink } from './channel-event.js';
import type { EventPage } from './event-page.js';

/** How event hrefs are written. */
export interface EventHrefStyle {
  /** The origin the client used; prefixed to event hrefs when {@link absolute}. */
  readonly origin: string;
  /** Write sender/link/in hrefs absolute, as the reference's event samples do. */
  readonly absolute: boolean;
}

interface SenderBlock {
  readonly sender: EventLink;
  readonly events: ChannelEvent[];
}

/** Groups consecutive events of the same sender; a sender may occur more than once, keeping order. */
function senderBlocks(events: readonly ChannelEvent[]): SenderBlock[] {
  const blocks: SenderBlock[] = [];
  for (const event of events) {
    const last = blocks[blocks.length - 1];
    if (last && last.sender.rel === event.sender.rel && last.sender.href === event.sender.href) last.events.push(event);
    else blocks.push({ sender: event.sender, events: [event] });
  }
  return blocks;
}

function href(path: string, style: EventHrefStyle): string {
  return style.absolute ? `${style.origin}${path}` : path;
}

/** The JSON form of an event response (EventChannelDetails). */
export function eventPageJson(page: EventPage, style: EventHrefStyle): JsonObject {
  if (page.resyncHref !== undefined) return { _links: { resync: { href: page.resyncHref } } };
  const links: JsonObject = { self: { href: page.selfHref } };
  if (page.continuation) links[page.continuation.rel] = { href: page.continuation.href };
  const out: JsonObject = { _links: links };
  if (page.events.length === 0) return out;
  out.sender = senderBlocks(page.events).map((block): JsonValue => ({
    rel: block.sender.rel,
    href: href(block.sender.href, style),
    events: block.events.map((event) => {
      const item: JsonObject = { link: { rel: event.link.rel, href: href(event.link.href, style) } };
      if (event.in) item.in = { rel: event.in.rel, href: href(event.in.href, style) };
      if (event.embedded) item._embedded = { [event.embedded.rel]: resourceJson(event.embedded) };
      item.type = event.type;
      return item;
    }),
  }));
  return out;
}

/**
 * The XML form: `<events href>` with `<link rel="next|resume|resync">`, `<sender>` blocks and
 * `<added|updated|deleted rel href>` elements; an `in` link is an `<in rel href />` child and
 * an embedded resource a `<resource>` child.
 */
export function eventPageXml(page: EventPage, style: EventHrefStyle): string {
  const head = `${XML_DECLARATION}\n`;
  if (page.resyncHref !== undefined) {
    return `${head}<events xmlns="${UCWA_NAMESPACE}">\n  <link rel="resync" href="${escapeXml(page.resyncHref)}" />\n</events>\n`;
  }
  let body = '';
  if (page.continuation) {
    body += `  <link rel="${page.continuation.rel}" href="${escapeXml(page.continuation.href)}" />\n`;
  }
  for (const block of senderBlocks(page.events)) {
    body += `  <sender rel="${escapeXml(block.sender.rel)}" href="${escapeXml(href(block.sender.href, style))}">\n`;
    for (const event of block.events) {
      const open = `    <${event.type} rel="${escapeXml(event.link.rel)}" href="${escapeXml(href(event.link.href, style))}"`;
      const children =
        (event.in ? `      <in rel="${escapeXml(event.in.rel)}" href="${escapeXml(href(event.in.href, style))}" />\n` : '') +
        (event.embedded ? resourceXml(event.embedded, '      ', false) : '');
      body += children === '' ? `${open} />\n` : `${open}>\n${children}    </${event.type}>\n`;
    }
    body += '  </sender>\n';
  }
  return `${head}<events href="${escapeXml(page.selfHref)}" xmlns="${UCWA_NAMESPACE}">\n${body}</events>\n`;
}
