import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseXmlInput, type StepMeter } from '../../lib/simulator/format/xml-input.js';
import { openSession, startHarness, type Harness, type Session } from './helpers.js';

const NS = 'http://schemas.microsoft.com/rtc/2012/03/ucwa';

describe('XML input parser', () => {
  it('reads properties and property lists in the forms XML allows', () => {
    const doc =
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- a comment -->\n' +
      `<u:input xmlns:u='${NS}'>\n  <u:property name='duration'>15</u:property>\n` +
      '  <property name="text"><![CDATA[<b>&amp;</b>]]> &#x1F600;&#38;&lt;</property>\n' +
      '  <property name="empty"/>\n  <propertyList name="uris"><item>sip:a@b</item> <item/>\n<!-- x --></propertyList>\n' +
      '  <link rel="self" href="/x"><ignored/></link>\n  <resource rel="r" href="/r"><property name="deep">1</property><resource><x/></resource></resource>\n' +
      '  <property name="__proto__">p</property>\n</u:input>\n<!-- trailing -->\n';
    const parsed = parseXmlInput(doc);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect({ ...parsed.input }).toEqual({ duration: '15', text: '<b>&amp;</b> \u{1F600}&<', empty: '', uris: ['sip:a@b', ''], ['__proto__']: 'p' });
    expect(Object.getPrototypeOf(parsed.input)).toBeNull();
  });

  it.each([
    ['', 'no <input> element'],
    ['<input>', 'is not closed'],
    ['<input></output>', 'does not close'],
    ['<input/><input/>', 'only one <input>'],
    ['<resource/>', 'is not <input>'],
    ['<input>text</input>', 'text is not allowed'],
    ['<input><unknown>1</unknown></input>', 'is not allowed in <input>'],
    ['<input><property>1</property></input>', 'needs a name attribute'],
    ['<input><property name="a"><b/></property></input>', 'only text'],
    ['<input><propertyList name="a"><x/></propertyList></input>', '<item> elements only'],
    ['<!DOCTYPE input [<!ENTITY a "aaaa">]><input>&a;</input>', 'DTDs'],
    ['<input><property name="a">&a;</property></input>', 'unknown entity'],
    ['<input><property name="a">&#x110000;</property></input>', 'is not a character XML allows'],
    ['<input><property name="a">&#0;</property></input>', 'is not a character XML allows'],
    ['<input><property name="a">&#xD800;</property></input>', 'is not a character XML allows'],
    ['<input><property name="a">&#99999999999999999999;</property></input>', '"&" must start'],
    ['<input><property name="a">a & b</property></input>', '"&" must start'],
    ['<input><property name="a">\u0000</property></input>', 'U+0000'],
    ['<input><property name="a">\uD800</property></input>', 'lone surrogate'],
    ['<input><property name="a" name="b"/></input>', 'repeated'],
    ['<input><property name="a<"/></input>', '"<" in an attribute'],
    ['<input><property name=a/></input>', 'quoted attribute'],
    ['<input><property name="a"name="b"/></input>', 'white space'],
    ['<input><!-- open', 'unclosed comment'],
    ['<input><![CDATA[ open', 'unclosed CDATA'],
    ['<1input/>', 'a name was expected'],
  ])('refuses %j with a typed failure (%s)', (text, reason) => {
    const parsed = parseXmlInput(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.reason).toContain(reason);
    expect(parsed.error.offset).toBeGreaterThanOrEqual(0);
    expect(parsed.error.offset).toBeLessThanOrEqual(text.length);
  });

  // Each of these took the old regular-expression parser exponential or quadratic time: it
  // could not finish them. Linear work is checked by counting, not by a clock.
  const pathological: ReadonlyArray<readonly [string, string]> = [
    ['nested resources then an unknown element', `<input>${'<resource></resource>'.repeat(200_000)}<x/></input>`],
    ['unclosed properties', `<input>${'<property name="a">'.repeat(200_000)}`],
    ['unclosed property lists', `<input>${'<propertyList name="a"><item>'.repeat(100_000)}`],
    ['unclosed comments', '<!--'.repeat(500_000)],
    ['ampersands', `<input><property name="a">${'&amp'.repeat(500_000)}</property></input>`],
    ['attribute after attribute', `<input><property ${Array.from({ length: 100_000 }, (_, i) => `a${i}="&lt;"`).join(' ')}/></input>`],
    ['text segments', `<input>${'<link/> '.repeat(300_000)}</input>`],
    ['deep nesting', `<input><resource>${'<r>'.repeat(300_000)}${'</r>'.repeat(300_000)}</resource></input>`],
  ];

  it.each(pathological)('parses %s in linear time', (_name, text) => {
    const meter: StepMeter = { steps: 0 };
    const parsed = parseXmlInput(text, meter);
    expect(typeof parsed.ok).toBe('boolean');
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(meter.steps).toBeLessThanOrEqual(4 * text.length + 16);
  });
});

describe('XML input over HTTP', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  function postXml(body: string): ReturnType<Session['post']> {
    return s.post(s.people('presenceSubscriptions'), undefined, { headers: { 'content-type': 'application/xml' }, body });
  }

  it('answers a character reference outside Unicode with 400 DeserializationFailure, not 500', async () => {
    const res = await postXml(`<input xmlns="${NS}"><property name="duration">&#x110000;</property></input>`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 'BadRequest', subcode: 'DeserializationFailure', message: expect.any(String) });
  });

  it('answers a small body that made the old parser backtrack for hours with 400 at once', async () => {
    const res = await postXml(`<input>${'<resource></resource>'.repeat(60)}<x/></input>`);
    expect(res.status).toBe(400);
    expect(res.body.subcode).toBe('DeserializationFailure');
    const ok = await postXml(`<input xmlns="${NS}"><property name="duration">10</property><propertyList name="uris"><item>sip:bob@contoso.com</item></propertyList></input>`);
    expect(ok.status).toBe(201);
  });
});
