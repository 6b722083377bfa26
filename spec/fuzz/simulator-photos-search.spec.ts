import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeJpeg } from '../../lib/simulator/directory/photos/jpeg-encoder.js';
import { searchDirectory } from '../../lib/simulator/directory/search.js';
import type { PersonRecord } from '../../lib/simulator/directory/records.js';
import { checkProperty } from '../support/fuzz.js';

/** Walks a JPEG's marker segments; returns the markers in order and the entropy-coded bytes. */
function segments(bytes: Buffer): { markers: number[]; scan: Buffer } {
  const markers: number[] = [];
  let at = 2;
  while (at < bytes.length) {
    expect(bytes[at]).toBe(0xff);
    const marker = bytes[at + 1] ?? 0;
    markers.push(marker);
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xda) return { markers, scan: bytes.subarray(at + 2 + length, bytes.length - 2) };
    at += 2 + length;
  }
  throw new Error('no start of scan');
}

describe('properties of the simulator photo encoder and directory search', () => {
  it('encodes any picture as SOI, APP0, DQT, SOF0, DHT, SOS, a stuffed scan and EOI, with its size', () => {
    const picture = fc
      .record({ width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }), seed: fc.integer() })
      .map(({ width, height, seed }) => {
        const rgb = new Uint8Array(width * height * 3);
        let state = seed >>> 0;
        for (let i = 0; i < rgb.length; i++) {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          rgb[i] = state >>> 24;
        }
        return { width, height, rgb };
      });
    checkProperty(
      fc.property(picture, ({ width, height, rgb }) => {
        const jpeg = encodeJpeg(width, height, rgb);
        expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
        expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
        const { markers, scan } = segments(jpeg);
        expect(markers).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
        const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
        expect([jpeg.readUInt16BE(sof + 7), jpeg.readUInt16BE(sof + 5)]).toEqual([width, height]);
        // Inside the scan every 0xFF is followed by a stuffed zero byte (no marker can appear).
        for (let i = 0; i < scan.length; i++) if (scan[i] === 0xff) expect(scan[i + 1]).toBe(0x00);
      }),
      100,
    );
  });

  it('returns at most limit people, sorted by name, each matching, and says when more matched', () => {
    const person = fc.record({ first: fc.constantFrom('Ann', 'Bob', 'Cid', 'Dee', 'Eve'), last: fc.constantFrom('Ames', 'Bond', 'Cruz'), n: fc.nat(999) });
    checkProperty(
      fc.property(fc.uniqueArray(person, { selector: (p) => p.n, maxLength: 30 }), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'ann', 'bo'), fc.integer({ min: 1, max: 100 }), (people, query, limit) => {
        const records: PersonRecord[] = people.map(({ first, last, n }) => {
          const uri = `sip:${first.toLowerCase()}${n}@contoso.com`;
          return { key: uri, uri, spec: { uri, name: `${first} ${last}` } };
        });
        const result = searchDirectory(records, { query, limit });
        const matching = records.filter((r) => r.spec.name.toLowerCase().split(' ').some((w) => w.startsWith(query)) || r.key.slice(4).startsWith(query));
        expect(result.keys.length).toBe(Math.min(limit, matching.length));
        expect(result.moreResultsAvailable).toBe(matching.length > limit);
        const names = result.keys.map((key) => records.find((r) => r.key === key)?.spec.name ?? '');
        expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
        expect(result.keys.every((key) => matching.some((r) => r.key === key))).toBe(true);
      }),
    );
  });
});
