import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, of } from 'rxjs';
import { decode, decodeOrThrow } from '../../lib/codecs/decode.js';
import { ApplicationCodec } from '../../lib/codecs/application.js';
import { ErrorBodyCodec } from '../../lib/codecs/error-body.js';
import { linksOf, hrefOf } from '../../lib/codecs/link.js';
import { RawEventCodec } from '../../lib/codecs/events.js';
import { UserResourceCodec } from '../../lib/codecs/discovery.js';
import { DecodeError } from '../../lib/errors/decode-error.js';

describe('codecs', () => {
  it('decodes the application of CreateAnApplication.md, ignoring properties it does not know', () => {
    const application = decodeOrThrow(
      ApplicationCodec,
      {
        culture: 'en-US',
        userAgent: 'UCWA Samples',
        somethingNew: { nested: true },
        _links: {
          self: { href: '/ucwa/oauth/v1/applications/105' },
          batch: { href: '/ucwa/oauth/v1/applications/105/batch' },
          events: { href: '/ucwa/oauth/v1/applications/105/events?ack=1' },
        },
        _embedded: {
          me: { name: 'Lene Aaling', uri: 'sip:lenea@contoso.com', _links: { self: { href: '/ucwa/oauth/v1/applications/105/me' } }, rel: 'me' },
          people: { _links: { self: { href: '/p' }, presenceSubscriptions: { href: '/p/presenceSubscriptions' } }, rel: 'people' },
        },
        rel: 'application',
      },
      'application',
    );
    expect(hrefOf(application, 'events')).toBe('/ucwa/oauth/v1/applications/105/events?ack=1');
    expect(application._embedded?.me?.uri).toBe('sip:lenea@contoso.com');
  });

  it('says which path failed', () => {
    const attempt = () => decodeOrThrow(ApplicationCodec, { _links: { self: { href: '/a' }, events: { href: 42 } } }, 'application');
    expect(attempt).toThrow(DecodeError);
    try {
      attempt();
    } catch (error) {
      expect((error as DecodeError).failures).toContainEqual({ path: '_links.events.href', expected: 'string', actual: '42' });
      expect((error as DecodeError).message).toContain('_links.events.href');
    }
  });

  it('keeps unknown enum values: event types, error codes and subcodes', () => {
    const event = decodeOrThrow(RawEventCodec, { link: { rel: 'contactPresence', href: '/p' }, type: 'teleported' }, 'event');
    expect(event.type).toBe('teleported');
    const body = decodeOrThrow(ErrorBodyCodec, { code: 'BrandNewCode', subcode: 'BrandNewSubcode', link: '/help' }, 'error');
    expect(body).toEqual({ code: 'BrandNewCode', subcode: 'BrandNewSubcode', link: '/help' });
  });

  it('reads single and repeated links', () => {
    const user = decodeOrThrow(UserResourceCodec, { _links: { contact: [{ href: '/a' }, { href: '/b' }], self: { href: '/s' } } }, 'user');
    expect(linksOf(user, 'contact').map((l) => l.href)).toEqual(['/a', '/b']);
    expect(linksOf(user, 'missing')).toEqual([]);
  });

  it('reports a value nested 100,000 deep as a DecodeError, never a RangeError', () => {
    const depth = 100_000;
    const deepArray: unknown = JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    const deepObject: unknown = JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
    for (const value of [deepArray, { _links: { self: { href: '/a' }, events: deepArray } }, { _links: { self: { href: '/a' }, events: { href: deepObject } } }]) {
      const error = (() => {
        try {
          return decodeOrThrow(ApplicationCodec, value, 'application');
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(DecodeError);
      for (const failure of (error as DecodeError).failures) expect(failure.actual.length).toBeLessThanOrEqual(80);
    }
  });

  it('the decode operator errors the stream with a DecodeError', async () => {
    const error = await firstValueFrom(of({ code: 7 }).pipe(decode(ErrorBodyCodec))).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'decode', target: 'ErrorBody', failures: [{ path: 'code', expected: 'ErrorCode', actual: '7' }] });
  });
});
