/* fast-check arbitraries for XML request bodies: any text, near-valid documents, and valid <input> documents. */
import fc from 'fast-check';
import { escapeXml } from '../../lib/simulator/format/xml.js';
import { isXmlChar } from '../../lib/simulator/format/xml-tokenizer.js';

/** Any UTF-16 code unit, lone surrogates and control characters included. */
export const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Any string of code units. */
export const anyText = fc.string({ unit: anyCodeUnit, maxLength: 200 });

/** Pieces of XML, valid and broken, that a document is glued from. */
const PIECES = [
  '<input>', '</input>', '<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">', '<u:input xmlns:u="x">', '</u:input>', '<input/>',
  '<property name="duration">', '<property name="uris">', "<property name='a'>", '<property>', '</property>', '<property name="x"/>',
  '<propertyList name="uris">', '<propertyList name="contactUris">', '</propertyList>', '<propertyList name="l"/>', '<item>', '</item>', '<item/>',
  '<resource rel="r" href="/x">', '</resource>', '<link rel="self" href="/x"/>', '<link>', '</link>', '<unknown>', '</unknown>',
  '<!--', '-->', '<!-- c -->', '<![CDATA[', ']]>', '<?xml version="1.0" encoding="utf-8"?>', '<?pi x?>', '<!DOCTYPE input [<!ENTITY a "b">]>',
  '&amp;', '&lt;', '&#x41;', '&#65;', '&#x110000;', '&#0;', '&#xD800;', '&a;', '&', '&#;', '&#x;', '<', '>', '"', "'", '=', '/', ' ', '\n', '\t',
  '15', 'sip:bob@contoso.com', 'text', '\u0000', '\uD800', '\uDC00', '\uFFFE', '\uFEFF', '\u{1F600}', 'name="a"', ' a="1" a="2"',
] as const;

/** Documents glued from valid and broken pieces and random text: mostly almost-XML. */
export const almostXml = fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: anyText }), { maxLength: 60 }).map((parts) => parts.join(''));

/** A string XML can carry (every code point allowed by XML 1.0). */
const xmlText = fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => [...text].every((char) => isXmlChar(char.codePointAt(0) ?? 0)));

/** A property name: non-empty XML text, not only white space. */
const propertyName = xmlText.filter((name) => name.trim() !== '');

/** The values of a valid `<input>`: strings and string lists by name. */
export const inputValues = fc.dictionary(propertyName, fc.oneof(xmlText, fc.array(xmlText, { maxLength: 5 })), { maxKeys: 6 });

/** Serialises values as an `<input>` document, with some noise XML allows (comments, CDATA, ignored links). */
export function inputDocument(values: Readonly<Record<string, string | readonly string[]>>, noise: boolean): string {
  const text = (value: string): string => (noise && value !== '' && !value.includes(']]>') ? `<![CDATA[${value}]]>` : escapeXml(value));
  const body = Object.entries(values)
    .map(([name, value]) =>
      typeof value === 'string'
        ? `<property name="${escapeXml(name)}">${text(value)}</property>`
        : `<propertyList name="${escapeXml(name)}">${value.map((item) => `<item>${text(item)}</item>`).join(noise ? '<!-- x -->' : '')}</propertyList>`,
    )
    .join(noise ? '\n  <link rel="self" href="/x"/>\n  ' : '');
  return `<?xml version="1.0" encoding="utf-8"?>\n<input xmlns="http://schemas.microsoft.com/rtc/2012/03/ucwa">${body}</input>`;
}
