import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type * as t from 'io-ts';
import { firstValueFrom, of } from 'rxjs';
import * as applicationCodecs from '../../lib/codecs/application.js';
import * as contactCodecs from '../../lib/codecs/contact.js';
import * as discoveryCodecs from '../../lib/codecs/discovery.js';
import * as errorCodecs from '../../lib/codecs/error-body.js';
import * as eventCodecs from '../../lib/codecs/events.js';
import * as groupCodecs from '../../lib/codecs/group.js';
import * as linkCodecs from '../../lib/codecs/link.js';
import * as meCodecs from '../../lib/codecs/me.js';
import * as presenceCodecs from '../../lib/codecs/presence.js';
import * as subscriptionCodecs from '../../lib/codecs/subscriptions.js';
import * as dateCodecs from '../../lib/codecs/ucwa-date.js';
import { decodeOrThrow } from '../../lib/codecs/decode.js';
import { isUcwaError, type UcwaError } from '../../lib/errors/guards.js';
import { redactText } from '../../lib/errors/redact.js';
import { parseEventsResponse } from '../../lib/events/parse-events-response.js';
import { parseOAuthChallenge } from '../../lib/http/auth/challenge.js';
import { sendBatch } from '../../lib/http/batch.js';
import { httpErrorFromResponse } from '../../lib/http/error-from-response.js';
import { resolveHref, routingKey, withQuery } from '../../lib/http/href.js';
import { boundaryOf, encodeBatchingRequest, parseBatchingResponse } from '../../lib/http/multipart-batching.js';
import { decodeResponse } from '../../lib/http/read-resource.js';
import { parseRetryAfter } from '../../lib/http/retry-after.js';
import type { HttpResponse, Requester } from '../../lib/http/transport.js';
import * as samples from '../events/reference-samples.js';
import { checkAsyncProperty, checkProperty } from '../support/fuzz.js';
import { SECRET, extremeValue, headerValue, hostileText, hostileValue, jsonText, mutated } from './client-arbitraries.js';

/** Every io-ts codec the client decodes server answers with. */
const CODECS: ReadonlyArray<t.Type<unknown, unknown, unknown>> = [
  applicationCodecs, contactCodecs, discoveryCodecs, errorCodecs, eventCodecs, groupCodecs, linkCodecs, meCodecs, presenceCodecs, subscriptionCodecs, dateCodecs,
].flatMap((module) => Object.values(module).filter((value): value is t.Type<unknown, unknown, unknown> => typeof value === 'object' && value !== null && 'decode' in value && 'is' in value));

const APPLICATION = {
  culture: 'en-US',
  userAgent: 'ucwa-rx',
  _links: { self: { href: '/ucwa/oauth/v1/applications/105' }, events: { href: '/ucwa/oauth/v1/applications/105/events?ack=1' }, batch: { href: '/ucwa/oauth/v1/applications/105/batch' } },
  _embedded: { me: { name: 'Alice', uri: 'sip:alice@contoso.com', _links: { self: { href: '/me' } } }, people: { _links: { self: { href: '/p' }, presenceSubscriptions: { href: '/p/ps' } } } },
  rel: 'application',
};
const ERROR_BODY = { code: 'BadRequest', subcode: 'ParameterValidationFailure', message: 'Please check', debugInfo: { diagnostics: '2300' }, parameters: { duration: '45' }, link: { href: '/help' } };
const RESOURCE_SAMPLES: readonly unknown[] = [
  APPLICATION,
  ERROR_BODY,
  { uri: 'sip:bob@contoso.com', name: 'Bob', type: 'User', emailAddresses: ['bob@contoso.com'], _links: { self: { href: '/people/bob' } } },
  { availability: 'Online', activity: 'on-the-phone', deviceType: 'PC', lastActive: '/Date(1474932023993)/', _links: { self: { href: '/p' } } },
  { _embedded: { pinnedGroup: { id: '1', name: 'Pinned', _embedded: { contact: [{ uri: 'sip:x@y' }] } }, group: [{ id: '2', name: 'G' }] } },
  { access_token: SECRET, token_type: 'Bearer', expires_in: 28800 },
  { _links: { user: { href: 'https://h/user' }, xframe: { href: 'https://h/x' } } },
];
const EVENT_SAMPLES: readonly unknown[] = [
  samples.eventChannelDetailsSample,
  samples.selectedContactsEvents,
  samples.presenceSubscriptionExpiring,
  samples.pinnedGroupEvents.added,
  samples.contactPresenceUpdated,
  { _links: { resync: { href: '/events?ack=3' } } },
];

const BASE = 'https://fe1.contoso.com/ucwa/oauth/v1/applications/105/events?ack=4';

/** The checks every error the client produces must pass: typed, small, serialisable, no secret. */
function expectWellFormedError(error: unknown): asserts error is UcwaError {
  expect(isUcwaError(error)).toBe(true);
  const text = `${(error as Error).message} ${JSON.stringify(error)}`;
  expect(text).not.toContain(SECRET.slice(4));
  expect(text.length).toBeLessThan(200_000);
}

describe('fuzz: client decoders and parsers never throw anything but a UcwaError', () => {
  it('every io-ts codec, through decodeOrThrow, on arbitrary and hostile JSON', () => {
    expect(CODECS.length).toBeGreaterThan(30);
    checkProperty(
      fc.property(fc.constantFrom(...CODECS), fc.oneof(hostileValue, fc.constantFrom(...RESOURCE_SAMPLES).chain(mutated)), (codec, value) => {
        try {
          decodeOrThrow(codec, value, codec.name, 'https://h/x');
        } catch (error) {
          expectWellFormedError(error);
          expect(error.kind).toBe('decode');
          if (error.kind === 'decode') {
            expect(error.failures.length).toBeLessThanOrEqual(21);
            for (const failure of error.failures) expect(failure.actual.length).toBeLessThanOrEqual(80);
          }
        }
      }),
    );
  });

  it('decodeResponse on any body, content type and JSON value', () => {
    checkProperty(
      fc.property(fc.constantFrom(...CODECS), hostileText(RESOURCE_SAMPLES), headerValue, (codec, text, contentType) => {
        let json: unknown;
        try {
          json = /json/i.test(contentType) && text.trim() !== '' ? (JSON.parse(text) as unknown) : undefined;
        } catch {
          json = undefined;
        }
        const response: HttpResponse = { status: 200, url: 'https://h/r', headers: new Headers(), contentType, text, json };
        try {
          decodeResponse(response, codec);
        } catch (error) {
          expectWellFormedError(error);
        }
      }),
      100,
    );
  });

  it('parseEventsResponse: never throws; events and problems well formed; one bad event skips only itself', () => {
    checkProperty(
      fc.property(fc.oneof(hostileValue, fc.constantFrom(...EVENT_SAMPLES).chain(mutated)), (body) => {
        const parsed = parseEventsResponse(body, BASE);
        for (const problem of parsed.problems) {
          expectWellFormedError(problem);
          expect(problem.kind).toBe('decode');
        }
        for (const event of parsed.events) {
          expect(typeof event.type).toBe('string');
          expect(typeof event.link.href).toBe('string');
          expect(typeof event.link.rel).toBe('string');
          expect(typeof event.key).toBe('string');
          expect(event.key).toBe(event.key.toLowerCase());
        }
        if (parsed.link) {
          expect(['next', 'resume', 'resync']).toContain(parsed.link.rel);
          expect(typeof parsed.link.href).toBe('string');
        } else {
          expect(parsed.problems.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('parseEventsResponse keeps every good event of a response whose other events are hostile', () => {
    const good = { link: { rel: 'contact', href: '/people/1' }, type: 'added' };
    checkProperty(
      fc.property(fc.array(fc.oneof(fc.constant<unknown>(good), hostileValue), { maxLength: 8 }), (events) => {
        const parsed = parseEventsResponse({ _links: { next: { href: '/events?ack=5' } }, sender: [{ rel: 'people', href: '/people', events }] }, BASE);
        const expected = events.filter((e) => e === good).length;
        expect(parsed.events.filter((e) => e.link.href === '/people/1' && e.type === 'added').length).toBeGreaterThanOrEqual(expected);
        expect(parsed.events.length + parsed.problems.length).toBe(events.length);
        expect(parsed.link).toEqual({ rel: 'next', href: '/events?ack=5' });
      }),
    );
  });

  it('httpErrorFromResponse: any status, headers and body give a well-formed HttpError without the secret', () => {
    checkProperty(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.record({ contentType: headerValue, retryAfter: fc.oneof(headerValue, fc.constantFrom('7', '1'.repeat(400), 'Wed, 21 Oct 2015 07:28:00 GMT')), diagnostics: headerValue }),
        hostileText([ERROR_BODY, { code: SECRET, subcode: SECRET, message: `Bearer ${SECRET}`, debugInfo: { [SECRET]: [SECRET] } }]),
        (status, headers, text) => {
          const error = httpErrorFromResponse(
            { status, headers: new Headers({ 'content-type': headers.contentType, 'retry-after': headers.retryAfter, 'x-ms-diagnostics': headers.diagnostics }), text },
            'GET',
            'https://h/x',
            Date.UTC(2026, 0, 1),
            (value) => redactText(value, [SECRET]),
          );
          expectWellFormedError(error);
          expect(error.kind).toBe('http');
          if (error.kind !== 'http') return;
          expect(error.status).toBe(status);
          expect(typeof error.code).toBe('string');
          expect(error.code.length).toBeGreaterThan(0);
          if (error.retryAfterMs !== undefined) expect(Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0).toBe(true);
        },
      ),
      100,
    );
  });

  it('multipart/batching: parseBatchingResponse and boundaryOf on arbitrary and broken bodies', () => {
    const encoded = encodeBatchingRequest([
      { method: 'GET', url: new URL('https://h/a') },
      { method: 'POST', url: new URL('https://h/b?x=1'), body: '{"a":1}', contentType: 'application/json' },
    ]);
    const response = `--${encoded.boundary}\r\nContent-Type: application/http; msgtype=response\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"a":1}\r\n--${encoded.boundary}\r\nContent-Type: application/http; msgtype=response\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\n\r\n--${encoded.boundary}--\r\n`;
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.nat().map((cut) => response.slice(0, cut % (response.length + 1))),
      fc.tuple(fc.nat(), fc.string({ maxLength: 40 })).map(([at, junk]) => { const i = at % (response.length + 1); return response.slice(0, i) + junk + response.slice(i); }),
      fc.tuple(fc.nat(), extremeValue).map(([at, value]) => { const i = at % (response.length + 1); return response.slice(0, i) + (typeof value === 'string' ? value : jsonText(value)) + response.slice(i); }),
      fc.constantFrom(`--${encoded.boundary}\r\n${'\r\n'.repeat(100_000)}`, `--${encoded.boundary}\r\nHTTP/1.1 200 OK\r\n${'a: b\r\n'.repeat(50_000)}\r\n{}`, `${'?'.repeat(100_000)}`),
    );
    checkProperty(
      fc.property(body, fc.oneof(fc.constant(encoded.boundary), fc.string({ maxLength: 20 })), headerValue, (text, boundary, contentType) => {
        boundaryOf(contentType);
        const parts = parseBatchingResponse(text, boundary);
        for (const part of parts) {
          if (part._tag === 'Left') {
            expect(typeof part.left.reason).toBe('string');
            expect(part.left.excerpt.length).toBeLessThanOrEqual(80);
          } else {
            expect(Number.isInteger(part.right.status)).toBe(true);
            expect(part.right.status).toBeGreaterThanOrEqual(100);
            expect(part.right.status).toBeLessThanOrEqual(999);
            expect(typeof part.right.text).toBe('string');
          }
        }
      }),
      100,
    );
  });

  it('sendBatch: any answer to the batch POST gives typed results or a typed error', async () => {
    const parts = [{ method: 'GET' as const, href: '/a' }, { method: 'GET' as const, href: '/b' }, { method: 'GET' as const, href: 'https://evil.example/c' }];
    await checkAsyncProperty(
      fc.asyncProperty(headerValue, hostileText([{ a: 1 }]), async (contentType, text) => {
        const send: Requester = () => of<HttpResponse>({ status: 200, url: 'https://h/batch', headers: new Headers({ 'content-type': contentType }), contentType, text, json: undefined });
        try {
          const results = await firstValueFrom(sendBatch(send, '/batch', 'https://h/app', parts));
          expect(results).toHaveLength(3);
          for (const result of results) if (result._tag === 'Left') expectWellFormedError(result.left);
          expect(results[2]?._tag).toBe('Left');
        } catch (error) {
          expectWellFormedError(error);
        }
      }),
      100,
    );
  });

  it('hrefs: resolveHref, routingKey and withQuery return well-formed results or an InvalidArgumentError', () => {
    const href = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.webPath(),
      fc.constantFrom('//v1/applications/833/people', '/people/saraD@Contoso.com/presence', 'HTTPS://FE1.contoso.com:443//ucwa/%7E/a?b=C', 'javascript:alert(1)', 'http://[::1]/x', 'http://a b/', 'https://xn--nxasmq6b.com/x', `http://${'a'.repeat(100_000)}!/x`, `/${'%'.repeat(50_000)}`, `/${'a/'.repeat(50_000)}`),
    );
    const base = fc.oneof(fc.constantFrom('https://fe1.contoso.com/ucwa/x', 'http://127.0.0.1:4000/', 'https://h:8443/a/b?c=d'), fc.webUrl(), fc.string({ maxLength: 30 }));
    checkProperty(
      fc.property(href, base, fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(undefined))), (h, b, query) => {
        try {
          const url = resolveHref(h, b);
          expect(['http:', 'https:']).toContain(url.protocol);
          expect(url.hash).toBe('');
          const withParams = withQuery(url, query);
          for (const [name, value] of Object.entries(query)) if (value !== undefined) expect(withParams.searchParams.get(name)).toBe(String(value));
        } catch (error) {
          expectWellFormedError(error);
          expect(error.kind).toBe('invalidArgument');
        }
        try {
          const key = routingKey(h, b);
          expect(key).toBe(key.toLowerCase());
        } catch (error) {
          expectWellFormedError(error);
          expect(error.kind).toBe('invalidArgument');
        }
      }),
    );
  });

  it('routingKey: the fast paths give exactly what the URL parser gives', () => {
    const segment = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~!$&()*+,;=:@%20'.split('')), minLength: 1, maxLength: 8 });
    const href = fc.tuple(
      fc.constantFrom('', 'https://FE1.contoso.com', 'http://127.0.0.1:4000', 'https://h:443', 'http://h:80', 'https://a-b.c-d.example:8443'),
      fc.array(fc.oneof(segment, fc.constant('')), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('', '?ack=1', '?A=B&c=%41', '?'),
    ).map(([origin, segments, query]) => `${origin}/${segments.join('/')}${query}`);
    const decode = (segment: string): string => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    };
    checkProperty(
      fc.property(href, fc.constantFrom('https://fe1.contoso.com/ucwa/x', 'http://127.0.0.1:4000/a'), (h, b) => {
        const url = resolveHref(h, b);
        const expected = `${url.origin}/${url.pathname.split('/').filter((s) => s !== '').map(decode).join('/')}${url.search}`.toLowerCase();
        expect(routingKey(h, b)).toBe(expected);
      }),
    );
  });

  it('small header parsers: Retry-After and the MsRtcOAuth challenge', () => {
    checkProperty(
      fc.property(fc.oneof(headerValue, fc.string({ maxLength: 100 }), fc.constantFrom('1'.repeat(400), '1e400', '-5', ' 12 ', 'MsRtcOAuth href="https://h/t",grant_type="password"')), (value) => {
        const ms = parseRetryAfter(value, Date.UTC(2026, 0, 1));
        if (ms !== undefined) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
        const challenge = parseOAuthChallenge(value);
        if (challenge) {
          expect(typeof challenge.href).toBe('string');
          expect(challenge.href.length).toBeGreaterThan(0);
          for (const grant of challenge.grantTypes) expect(typeof grant).toBe('string');
        }
      }),
    );
  });

  it('redactText removes every given secret and is idempotent', () => {
    const secret = fc.string({ unit: fc.constantFrom(...'ABCabc0123456789+/=-_.'.split('')), minLength: 6, maxLength: 40 });
    checkProperty(
      fc.property(fc.string({ maxLength: 60 }), secret, fc.string({ maxLength: 60 }), (before, token, after) => {
        const text = `${before}${token}${after}${encodeURIComponent(token)}`;
        const redacted = redactText(text, [token]);
        expect(redacted).not.toContain(token);
        expect(redactText(redacted, [token])).toBe(redacted);
      }),
    );
  });
});
