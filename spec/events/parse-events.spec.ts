import { describe, expect, it } from '@jest/globals';
import { parseEventsResponse } from '../../lib/events/parse-events-response.js';
import { EventRouter } from '../../lib/events/event-router.js';
import { routingKey } from '../../lib/http/href.js';
import type { UcwaEvent } from '../../lib/events/ucwa-event.js';
import * as samples from './reference-samples.js';

const BASE = 'https://fe1.contoso.com/ucwa/v1/applications/192/events?ack=1';

describe('parseEventsResponse on the reference samples', () => {
  it('reads the presenceSubscription added/updated/deleted samples', () => {
    const types = samples.presenceSubscriptionEvents.map((body) => parseEventsResponse(body, BASE));
    expect(types.map((r) => r.events.map((e) => `${e.type} ${e.link.rel}`))).toEqual([
      ['added presenceSubscription'],
      ['updated presenceSubscription'],
      ['deleted presenceSubscription'],
    ]);
    expect(types[0]?.link).toEqual({ rel: 'next', href: 'http://sample:80/ucwa/v1/applications/appId/events?ack=2' });
    expect(types[0]?.events[0]?.sender).toEqual({ rel: 'people', href: 'https://fe1.contoso.com:443/ucwa/v1/applications/192/people' });
  });

  it('keeps server order across senders and uses embedded resources', () => {
    const parsed = parseEventsResponse(samples.eventChannelDetailsSample, 'https://lyncweb.contoso.com/ucwa/oauth/v1/applications/102/events?ack=1');
    expect(parsed.problems).toEqual([]);
    expect(parsed.events.map((e) => `${e.sender.rel}:${e.type}:${e.link.rel}`)).toEqual([
      'communication:updated:communication',
      'me:updated:me',
      'me:added:presence',
      'me:added:note',
      'me:added:location',
    ]);
    expect(parsed.events[0]?.resource).toMatchObject({ etag: '2943169141', supportedModalities: ['Messaging'] });
    const expiring = parseEventsResponse(samples.presenceSubscriptionExpiring, 'https://lyncweb.contoso.com/x');
    expect(expiring.events[0]?.resource).toMatchObject({ id: '97b6bd66', rel: 'presenceSubscription' });
  });

  it('routes the samples to the right per-resource listeners through one keyed map', () => {
    const router = new EventRouter();
    const seen: Record<string, string[]> = { pinned: [], contact: [], presenceRel: [], sara: [] };
    const base = 'https://fe1.contoso.com/ucwa/v1/applications/192/events?ack=1';
    const listen = (name: string) => (event: UcwaEvent) => seen[name]?.push(`${event.type} ${event.link.rel}`);
    router.route(routingKey('/ucwa/v1/applications/192/groups/pinnedGroup', base)).subscribe(listen('pinned'));
    router.route(routingKey('/ucwa/v1/applications/192/people/282', base)).subscribe(listen('contact'));
    router.routeRel('contactPresence').subscribe(listen('presenceRel'));
    router.route(routingKey('/ucwa/oauth/v1/applications/101/people/sarad@contoso.com/presence', base)).subscribe(listen('sara'));
    const all = [
      samples.pinnedGroupEvents.added,
      samples.pinnedGroupEvents.updated,
      samples.pinnedGroupEvents.deleted,
      samples.contactPresenceUpdated,
      samples.selectedContactsEvents,
    ];
    for (const body of all) for (const event of parseEventsResponse(body, base).events) router.dispatch(event);
    expect(seen['pinned']).toEqual(['added contact', 'updated pinnedGroup', 'deleted contact']);
    expect(seen['contact']).toEqual(['added contact', 'deleted contact', 'updated contactPresence']);
    expect(seen['presenceRel']).toEqual(['updated contactPresence', 'updated contactPresence']);
    expect(seen['sara']).toEqual(['updated contactPresence']);
  });

  it('skips a malformed event or sender, reports it, and keeps the rest and the next link', () => {
    const body = {
      _links: { next: { href: '/events?ack=3' } },
      sender: [
        { rel: 'people', href: '/people', events: [{ link: { rel: 'contactPresence' }, type: 'updated' }, { link: { rel: 'contact', href: '/people/1' }, type: 'added' }] },
        'not a sender',
        { rel: 'me', href: '/me', events: [{ link: { rel: 'me', href: '/me' }, type: 'brandNewType' }] },
      ],
    };
    const parsed = parseEventsResponse(body, BASE);
    expect(parsed.link).toEqual({ rel: 'next', href: '/events?ack=3' });
    expect(parsed.events.map((e) => `${e.type} ${e.link.rel}`)).toEqual(['added contact', 'brandNewType me']);
    expect(parsed.problems).toHaveLength(2);
    expect(parsed.problems[0]).toMatchObject({ kind: 'decode', failures: [{ path: 'link.href', expected: 'string' }] });
  });

  it('skips an event nested 100,000 deep with a diagnostic and delivers the others', () => {
    const depth = 100_000;
    const deep: unknown = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    const body = {
      _links: { next: { href: '/events?ack=3' } },
      sender: [
        {
          rel: 'people',
          href: '/people',
          events: [
            { link: deep, type: 'updated' },
            { link: { rel: 'contact', href: '/people/1' }, type: deep },
            { link: { rel: 'contact', href: '/people/2' }, type: 'added', _embedded: { contact: deep }, reason: { code: deep } },
            { link: { rel: 'contact', href: '/people/3' }, type: 'added' },
          ],
        },
        { rel: deep, href: '/me', events: [] },
      ],
    };
    const parsed = parseEventsResponse(body, BASE);
    expect(parsed.link).toEqual({ rel: 'next', href: '/events?ack=3' });
    expect(parsed.events.map((e) => e.link.href)).toEqual(['/people/3']);
    expect(parsed.problems).toHaveLength(4);
    expect(parsed.problems.every((p) => p.kind === 'decode')).toBe(true);
  });

  it('reports the first 20 problems of a response and counts the others, still delivering the good events', () => {
    const bad = Array.from({ length: 100_000 }, (_, i) => ({ link: { rel: 'contact', href: i }, type: 'added' }));
    const body = { _links: { next: { href: '/events?ack=3' } }, sender: [{ rel: 'people', href: '/people', events: [...bad, { link: { rel: 'contact', href: '/people/1' }, type: 'added' }] }] };
    const parsed = parseEventsResponse(body, BASE);
    expect(parsed.events.map((e) => e.link.href)).toEqual(['/people/1']);
    expect(parsed.problems).toHaveLength(21);
    expect(parsed.problems[20]?.failures[0]?.actual).toBe('99980 more undecodable senders or events');
  });

  it('never throws, whatever the body', () => {
    const depth = 100_000;
    const deep: unknown = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    for (const body of [deep, { _links: deep }, { _links: { next: deep } }, { _links: { next: { href: '/e?ack=2' } }, sender: deep }, null, 42, 'x']) {
      const parsed = parseEventsResponse(body, BASE);
      expect(parsed.problems.length).toBeGreaterThan(0);
    }
  });

  it('prefers resync over resume over next, and reports a response with no link', () => {
    expect(parseEventsResponse({ _links: { resync: { href: '/e?ack=2' } } }, BASE).link).toEqual({ rel: 'resync', href: '/e?ack=2' });
    expect(parseEventsResponse({ _links: { self: { href: '/e?ack=9' }, resume: { href: '/e?ack=10' } } }, BASE).link).toEqual({ rel: 'resume', href: '/e?ack=10' });
    const broken = parseEventsResponse('<html>oops</html>', BASE);
    expect(broken.link).toBeUndefined();
    expect(broken.problems[0]).toMatchObject({ kind: 'decode', target: 'event channel response' });
  });
});
