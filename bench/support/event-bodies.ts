import { AppUrls } from '../../lib/simulator/app/urls.js';
import type { ChannelEvent } from '../../lib/simulator/events/channel-event.js';
import { eventPageJson } from '../../lib/simulator/events/event-format.js';

/** The origin the generated bodies pretend to come from. */
export const BENCH_ORIGIN = 'https://pool.contoso.com';
const APP_ID = '101';

/** Display-case URI of generated contact `i` (events keep the directory's case, as a real pool does). */
export const displayUri = (i: number): string => `sip:Person${i}@Contoso.com`;

/** Where contact `i`'s presence is, as a contact resource gives it: a relative, lower-case href. */
export function presenceHrefOf(i: number): string {
  return new AppUrls(APP_ID).contactPresence(displayUri(i));
}

/** The URL a P-GET response comes from: hrefs in it resolve against this. */
export function eventsUrl(ack: number): string {
  return `${BENCH_ORIGIN}${new AppUrls(APP_ID).events(ack)}`;
}

/**
 * P-GET response bodies, serialised by the simulator's own formatter: `bodies` responses of
 * `perBody` contactPresence `updated` events each (absolute, display-case hrefs, an `in` link
 * to the contact, sender `people`), contact `i` for event `i` modulo `contacts`.
 */
export function presenceEventBodies(contacts: number, bodies: number, perBody: number): string[] {
  const urls = new AppUrls(APP_ID);
  const sender = { rel: 'people', href: urls.people };
  const out: string[] = [];
  for (let b = 0; b < bodies; b++) {
    const events: ChannelEvent[] = [];
    for (let e = 0; e < perBody; e++) {
      const contact = (b * perBody + e) % contacts;
      const uri = displayUri(contact);
      events.push({
        type: 'updated',
        priority: 'medium',
        sender,
        link: { rel: 'contactPresence', href: urls.contactPresence(uri, true) },
        in: { rel: 'contact', href: urls.contact(uri, true) },
      });
    }
    const page = { number: b + 1, selfHref: urls.events(b + 1), continuation: { rel: 'next' as const, href: urls.events(b + 2) }, events };
    out.push(JSON.stringify(eventPageJson(page, { origin: BENCH_ORIGIN, absolute: true })));
  }
  return out;
}
