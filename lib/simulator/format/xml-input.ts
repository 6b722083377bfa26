/**
 * Reads the XML request body form the reference shows for POST input:
 * `<input xmlns="..."><property name="x">v</property><propertyList name="y"><item>a</item></propertyList></input>`.
 */

/** Values read from an XML `<input>`: strings for properties, arrays for property lists. */
export type XmlInput = Record<string, string | string[]>;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the XML predefined entities and numeric character references. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  if (!match) return undefined;
  return decodeXmlText(match[2] ?? match[3] ?? '');
}

/**
 * Parses an `<input>` document. Returns undefined when the text is not such a document
 * (the caller answers 400 DeserializationFailure).
 */
export function parseXmlInput(text: string): XmlInput | undefined {
  const body = text.replace(/^\uFEFF/, '').replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '').trim();
  const root = /^<input(\s[^>]*)?>([\s\S]*)<\/input>$/.exec(body) ?? /^<input(\s[^>]*)?\/>$/.exec(body);
  if (!root) return undefined;
  let inner = root[2] ?? '';
  const result: XmlInput = {};
  const listPattern = /<propertyList(\s[^>]*)?>([\s\S]*?)<\/propertyList>|<propertyList(\s[^>]*)?\/>/g;
  inner = inner.replace(listPattern, (_whole, attrs: string | undefined, items: string | undefined, emptyAttrs: string | undefined) => {
    const name = attribute(attrs ?? emptyAttrs ?? '', 'name');
    if (name !== undefined) {
      const values: string[] = [];
      for (const item of (items ?? '').matchAll(/<item(?:\s[^>]*)?>([\s\S]*?)<\/item>/g)) values.push(decodeXmlText(item[1] ?? ''));
      result[name] = values;
    }
    return '';
  });
  const propPattern = /<property(\s[^>]*)?>([\s\S]*?)<\/property>|<property(\s[^>]*)?\/>/g;
  inner = inner.replace(propPattern, (_whole, attrs: string | undefined, value: string | undefined, emptyAttrs: string | undefined) => {
    const name = attribute(attrs ?? emptyAttrs ?? '', 'name');
    if (name !== undefined) result[name] = decodeXmlText(value ?? '');
    return '';
  });
  if (/<[a-zA-Z]/.test(inner) && !/^(\s|<link[^>]*\/>|<resource[\s\S]*<\/resource>)*$/.test(inner)) {
    // Links and embedded resources in input are ignored (PayloadFormat.md); anything else is malformed.
    return undefined;
  }
  return result;
}
