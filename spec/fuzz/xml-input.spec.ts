import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseXmlInput, type StepMeter, type XmlInputResult } from '../../lib/simulator/format/xml-input.js';
import { checkProperty } from '../support/fuzz.js';
import { almostXml, anyText, inputDocument, inputValues } from './xml-arbitraries.js';

/** Parses and checks the invariants every input must keep: a typed result, found in linear work. */
function parseChecked(text: string): XmlInputResult {
  const meter: StepMeter = { steps: 0 };
  let result: XmlInputResult;
  try {
    result = parseXmlInput(text, meter);
  } catch (error) {
    throw new Error(`parseXmlInput threw instead of failing: ${String(error)}`);
  }
  if (result.ok) {
    for (const value of Object.values(result.input)) {
      expect(typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))).toBe(true);
    }
  } else {
    expect(typeof result.error.reason).toBe('string');
    expect(result.error.offset).toBeGreaterThanOrEqual(0);
    expect(result.error.offset).toBeLessThanOrEqual(text.length);
  }
  expect(meter.steps).toBeLessThanOrEqual(4 * text.length + 16);
  return result;
}

describe('XML input parser (fast-check)', () => {
  it('gives a typed result or a typed failure for any string, in linear work', () => {
    checkProperty(fc.property(anyText, (text) => void parseChecked(text)), 1000);
  });

  it('gives a typed result or a typed failure for almost-XML, in linear work', () => {
    checkProperty(fc.property(almostXml, (text) => void parseChecked(text)), 1000);
  });

  it('stays linear on long repetitions of any piece', () => {
    checkProperty(
      fc.property(almostXml, fc.integer({ min: 100, max: 3000 }), (piece, times) => void parseChecked(piece.repeat(times))),
      50,
    );
  });

  it('reads back every valid <input> document it is given', () => {
    checkProperty(
      fc.property(inputValues, fc.boolean(), (values, noise) => {
        const result = parseChecked(inputDocument(values, noise));
        expect(result.ok).toBe(true);
        if (result.ok) expect({ ...result.input }).toEqual(values);
      }),
      500,
    );
  });
});
