import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isUcwaErrorOfKind } from '../../lib/errors/guards.js';
import { CAPABILITIES, LOCATION, NOTE } from '../../lib/resources/presence/contact-facets.js';
import { contactRefOf, refHref } from '../../lib/resources/presence/contact-ref.js';
import { PRESENCE } from '../../lib/resources/presence/presence-value.js';
import { meValue, myLocationValue, myNoteValue, myPresenceValue } from '../../lib/resources/me/me-values.js';
import { PhotoCache } from '../../lib/resources/photos/photo-cache.js';
import { ManualClock } from '../../lib/time/manual-clock.js';
import { checkProperty } from '../support/fuzz.js';
import { extremeValue, hostileValue, mutated } from './client-arbitraries.js';

const ME = {
  name: 'Alice Anders',
  uri: 'sip:alice@contoso.com',
  emailAddresses: ['alice@contoso.com'],
  title: 'Product Manager',
  _links: { self: { href: '/ucwa/oauth/v1/applications/101/me' }, photo: { href: '/ucwa/oauth/v1/applications/101/photos/alice@contoso.com' } },
};
const SAMPLES = [ME, { availability: 'Busy', activity: 'on-the-phone' }, { message: 'Heads down', type: 'Personal' }, { location: 'Building 7' }, { modalities: ['Messaging', 'Audio'] }];

/** The readers of values the client emits: each gives a value or throws a typed DecodeError, nothing else. */
const READERS: readonly ((body: unknown) => unknown)[] = [
  (body) => meValue(body, 'https://pool.contoso.com/ucwa/oauth/v1/applications/101/me'),
  (body) => myPresenceValue(body),
  (body) => myNoteValue(body),
  (body) => myLocationValue(body),
  ...[PRESENCE, NOTE, LOCATION, CAPABILITIES].map((kind) => (body: unknown) => kind.read('sip:bob@contoso.com', body)),
];

describe('the readers of my values and of a contact\'s values, on hostile bodies', () => {
  it('give a value of the right shape or a typed DecodeError, never another exception', () => {
    checkProperty(
      fc.property(fc.constantFrom(...READERS), fc.oneof(hostileValue, extremeValue, fc.constantFrom(...SAMPLES).chain(mutated)), (read, body) => {
        let value: unknown;
        try {
          value = read(body);
        } catch (error) {
          expect(isUcwaErrorOfKind(error, 'decode')).toBe(true);
          return;
        }
        expect(typeof value).toBe('object');
        for (const field of Object.values(value as Record<string, unknown>)) {
          // Every field is a string, a list of strings, a Date or absent: nothing of the body's other types leaks through.
          const ok = field === undefined || typeof field === 'string' || field instanceof Date || (Array.isArray(field) && field.every((item) => typeof item === 'string'));
          expect(ok).toBe(true);
        }
      }),
    );
  });
});

describe('a contact ref keeps its links', () => {
  const segment = fc.stringMatching(/^[a-zA-Z0-9@._-]{1,12}$/);
  it('every link of a watched value reads back as the server gave it, under the contact or elsewhere', () => {
    checkProperty(
      fc.property(
        segment,
        fc.dictionary(fc.constantFrom('contactPresence', 'contactNote', 'contactLocation', 'contactSupportedModalities'), fc.tuple(fc.boolean(), segment), { minKeys: 1 }),
        (address, links) => {
          const self = `/ucwa/oauth/v1/applications/101/people/${address}`;
          const hrefs = Object.fromEntries(Object.entries(links).map(([rel, [under, tail]]) => [rel, under ? `${self}/${tail}` : `/elsewhere/${tail}`]));
          const withPresence = { contactPresence: `${self}/presence`, ...hrefs };
          const ref = contactRefOf({
            value: { uri: `sip:${address}@contoso.com`, _links: { self: { href: self }, ...Object.fromEntries(Object.entries(withPresence).map(([rel, href]) => [rel, { href }])) } },
            url: 'https://pool.contoso.com/ucwa/oauth/v1/applications/101/people/contacts',
          });
          if (!/^[^\s@:;<>"]+$/.test(address)) return;
          expect(ref).toBeDefined();
          for (const [rel, href] of Object.entries(withPresence)) expect(refHref(ref!, rel)).toBe(href);
          expect(refHref(ref!, 'self')).toBeUndefined();
        },
      ),
    );
  });
});

describe('the photo cache', () => {
  it('behaves like a least-recently-used list of at most `capacity` entries, each kept `maxAgeMs`', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40 }) }),
    );
    checkProperty(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const clock = new ManualClock(0);
        const cache = new PhotoCache<number>(clock, capacity, 50);
        const model: { key: number; at: number }[] = []; // most recently used last
        for (const step of ops) {
          if (step.kind === 'wait') {
            void clock.advance(step.ms);
            continue;
          }
          const key = String(step.key);
          const index = model.findIndex((e) => e.key === step.key);
          const entry = index >= 0 ? model.splice(index, 1)[0] : undefined;
          if (step.kind === 'set') {
            cache.set(key, step.key);
            model.push({ key: step.key, at: clock.now() });
            while (model.length > capacity) model.shift();
          } else {
            const fresh = entry !== undefined && clock.now() - entry.at < 50;
            expect(cache.get(key)?.value).toBe(fresh ? step.key : undefined);
            if (fresh && entry) model.push(entry);
          }
          expect(cache.size).toBeLessThanOrEqual(capacity);
        }
      }),
    );
  });
});
