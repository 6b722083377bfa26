/**
 * Reads the XML request body form the reference shows for POST input:
 * `<input xmlns="..."><property name="x">v</property><propertyList name="y"><item>a</item></propertyList></input>`.
 * Links and embedded resources in input are ignored (PayloadFormat); anything else is malformed.
 * Linear in the length of the body (see xml-tokenizer.ts).
 */
import { XmlSyntaxError, XmlTokenizer, type StepMeter, type XmlToken } from './xml-tokenizer.js';

/** Values read from an XML `<input>`: strings for properties, arrays for property lists. */
export type XmlInput = Record<string, string | string[]>;

/** Why a body is not an `<input>` document, and where (a character offset). */
export interface XmlInputError {
  /** What is wrong. */
  readonly reason: string;
  /** Where, in UTF-16 code units from the start of the body. */
  readonly offset: number;
}

/** The values of an `<input>` document, or why it is not one. */
export type XmlInputResult = { readonly ok: true; readonly input: XmlInput } | { readonly ok: false; readonly error: XmlInputError };

export type { StepMeter } from './xml-tokenizer.js';

/** The local part of a qualified name (`ucwa:input` is `input`). */
function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

const isBlank = (text: string): boolean => text.trim() === '';

/** Reads tokens with the document's structure checked: end tags match, one root element. */
class Reader {
  private readonly open: string[] = [];

  constructor(private readonly tokens: XmlTokenizer) {}

  /** The next token; start and end tags are matched. */
  next(): XmlToken {
    const token = this.tokens.next();
    if (token.kind === 'start' && !token.selfClosing) this.open.push(token.name);
    if (token.kind === 'end' && this.open.pop() !== token.name) throw new XmlSyntaxError(`</${token.name}> does not close the open element`, token.offset);
    if (token.kind === 'eof' && this.open.length > 0) throw new XmlSyntaxError(`<${this.open.at(-1) ?? ''}> is not closed`, token.offset);
    return token;
  }

  /** Skips what is left of an element whose start tag was just read (any well-formed content). */
  skipElement(): void {
    const depth = this.open.length;
    while (this.open.length >= depth) this.next();
  }

  /** The text content of an element whose start tag was just read; a child element is an error. */
  textContent(): string {
    let text = '';
    for (;;) {
      const token = this.next();
      if (token.kind === 'text') text += token.text;
      else if (token.kind === 'end') return text;
      else throw new XmlSyntaxError('only text is allowed here', token.offset);
    }
  }
}

function nameOf(token: Extract<XmlToken, { kind: 'start' }>): string {
  const name = token.attributes.get('name');
  if (name === undefined) throw new XmlSyntaxError(`<${token.name}> needs a name attribute`, token.offset);
  return name;
}

function propertyList(reader: Reader): string[] {
  const items: string[] = [];
  for (;;) {
    const token = reader.next();
    if (token.kind === 'end') return items;
    if (token.kind === 'text' && isBlank(token.text)) continue;
    if (token.kind === 'start' && localName(token.name) === 'item') {
      items.push(token.selfClosing ? '' : reader.textContent());
      continue;
    }
    throw new XmlSyntaxError('a propertyList holds <item> elements only', token.offset);
  }
}

function inputElement(reader: Reader): XmlInput {
  // No prototype: a property named "__proto__" is a property like any other.
  const result: XmlInput = Object.create(null) as XmlInput;
  for (;;) {
    const token = reader.next();
    if (token.kind === 'end') return result;
    if (token.kind === 'text') {
      if (isBlank(token.text)) continue;
      throw new XmlSyntaxError('text is not allowed directly in <input>', token.offset);
    }
    if (token.kind !== 'start') throw new XmlSyntaxError('</input> was expected', token.offset);
    const element = localName(token.name);
    if (element === 'property') result[nameOf(token)] = token.selfClosing ? '' : reader.textContent();
    else if (element === 'propertyList') result[nameOf(token)] = token.selfClosing ? [] : propertyList(reader);
    else if (element === 'link' || element === 'resource') {
      if (!token.selfClosing) reader.skipElement();
    } else throw new XmlSyntaxError(`<${token.name}> is not allowed in <input>`, token.offset);
  }
}

function document(reader: Reader): XmlInput {
  let input: XmlInput | undefined;
  for (;;) {
    const token = reader.next();
    if (token.kind === 'eof') {
      if (input === undefined) throw new XmlSyntaxError('the body has no <input> element', token.offset);
      return input;
    }
    if (token.kind === 'text' && isBlank(token.text)) continue;
    if (token.kind !== 'start' || input !== undefined) throw new XmlSyntaxError('only one <input> element may appear', token.offset);
    if (localName(token.name) !== 'input') throw new XmlSyntaxError(`<${token.name}> is not <input>`, token.offset);
    input = token.selfClosing ? (Object.create(null) as XmlInput) : inputElement(reader);
  }
}

/**
 * Parses an `<input>` document; never throws. A failure (the caller answers 400
 * DeserializationFailure) says what is wrong and where. `meter` counts the characters examined.
 */
export function parseXmlInput(text: string, meter?: StepMeter): XmlInputResult {
  try {
    return { ok: true, input: document(new Reader(new XmlTokenizer(text, meter))) };
  } catch (error) {
    if (error instanceof XmlSyntaxError) return { ok: false, error: { reason: error.reason, offset: error.offset } };
    throw error;
  }
}
