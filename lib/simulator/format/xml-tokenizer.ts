/**
 * A small XML tokenizer for request bodies, in linear time: every character is examined a
 * bounded number of times (no regular expression, no backtracking, no recursion). It reads
 * elements, attributes, text, CDATA, comments and processing instructions; it refuses DTDs
 * (so no entity expansion), undeclared entities, characters XML does not allow and malformed markup.
 */

/** A token of the document. */
export type XmlToken =
  | {
      readonly kind: 'start';
      /** The qualified name as written (`input`, `ucwa:input`). */
      readonly name: string;
      /** Attribute values by name, entities decoded. */
      readonly attributes: ReadonlyMap<string, string>;
      /** `<name/>`: no end token follows. */
      readonly selfClosing: boolean;
      readonly offset: number;
    }
  | { readonly kind: 'end'; readonly name: string; readonly offset: number }
  /** Character data (entities decoded) or a CDATA section (as written). */
  | { readonly kind: 'text'; readonly text: string; readonly offset: number }
  | { readonly kind: 'eof'; readonly offset: number };

/** Why a document is not well-formed, and where (a character offset). */
export class XmlSyntaxError {
  /** @param reason what is wrong; @param offset where, in UTF-16 code units from the start. */
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {}
}

/** Counts the characters examined, so tests can check that work is linear in the input. */
export interface StepMeter {
  /** Characters examined so far. */
  steps: number;
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** The longest reference body between `&` and `;` that is read (`#x0010FFFF` and some zero padding). */
const MAX_REFERENCE = 16;

function isNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a || code >= 0xc0;
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e || code === 0xb7;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** True for a code point XML 1.0 allows in a document (the Char production). */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Pulls tokens from a document one at a time. */
export class XmlTokenizer {
  private pos = 0;

  /** @param text the document; @param meter counts the characters examined. */
  constructor(
    private readonly text: string,
    private readonly meter: StepMeter = { steps: 0 },
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.advance(1);
  }

  /** The next token; throws {@link XmlSyntaxError} for malformed input. */
  next(): XmlToken {
    for (;;) {
      const { text, pos } = this;
      if (pos >= text.length) return { kind: 'eof', offset: pos };
      if (text.charCodeAt(pos) !== 0x3c /* < */) return this.characterData();
      if (text.startsWith('<!--', pos)) this.skipPast('-->', pos + 4, 'an unclosed comment');
      else if (text.startsWith('<?', pos)) this.skipPast('?>', pos + 2, 'an unclosed processing instruction');
      else if (text.startsWith('<![CDATA[', pos)) return this.cdata();
      else if (text.startsWith('<!', pos)) throw new XmlSyntaxError('DTDs and declarations are not accepted', pos);
      else if (text.startsWith('</', pos)) return this.endTag();
      else return this.startTag();
    }
  }

  private advance(count: number): void {
    this.pos += count;
    this.meter.steps += count;
  }

  private skipPast(terminator: string, from: number, what: string): void {
    const end = this.text.indexOf(terminator, from);
    if (end < 0) throw new XmlSyntaxError(what, this.pos);
    this.advance(end + terminator.length - this.pos);
  }

  private characterData(): XmlToken {
    const start = this.pos;
    const lt = this.text.indexOf('<', start);
    const end = lt < 0 ? this.text.length : lt;
    this.advance(end - start);
    return { kind: 'text', text: this.decode(start, end), offset: start };
  }

  private cdata(): XmlToken {
    const start = this.pos;
    const from = start + '<![CDATA['.length;
    const end = this.text.indexOf(']]>', from);
    if (end < 0) throw new XmlSyntaxError('an unclosed CDATA section', start);
    this.checkChars(from, end);
    this.advance(end + 3 - start);
    return { kind: 'text', text: this.text.slice(from, end), offset: start };
  }

  private name(): string {
    const start = this.pos;
    if (!isNameStart(this.text.charCodeAt(start))) throw new XmlSyntaxError('a name was expected', start);
    let end = start + 1;
    while (end < this.text.length && isNameChar(this.text.charCodeAt(end))) end++;
    this.advance(end - start);
    return this.text.slice(start, end);
  }

  /** Skips white space; returns how much there was. */
  private spaces(): number {
    const start = this.pos;
    let end = start;
    while (end < this.text.length && isSpace(this.text.charCodeAt(end))) end++;
    this.advance(end - start);
    return end - start;
  }

  private expect(char: string, what: string): void {
    if (this.text[this.pos] !== char) throw new XmlSyntaxError(`${what} was expected`, this.pos);
    this.advance(1);
  }

  private endTag(): XmlToken {
    const offset = this.pos;
    this.advance(2);
    const name = this.name();
    this.spaces();
    this.expect('>', '">"');
    return { kind: 'end', name, offset };
  }

  private startTag(): XmlToken {
    const offset = this.pos;
    this.advance(1);
    const name = this.name();
    const attributes = new Map<string, string>();
    for (;;) {
      const spaced = this.spaces() > 0;
      if (this.text.startsWith('/>', this.pos)) {
        this.advance(2);
        return { kind: 'start', name, attributes, selfClosing: true, offset };
      }
      if (this.text[this.pos] === '>') {
        this.advance(1);
        return { kind: 'start', name, attributes, selfClosing: false, offset };
      }
      if (!spaced) throw new XmlSyntaxError('white space, ">" or "/>" was expected', this.pos);
      const at = this.pos;
      const attribute = this.name();
      if (attributes.has(attribute)) throw new XmlSyntaxError(`attribute "${attribute}" is repeated`, at);
      this.spaces();
      this.expect('=', '"="');
      this.spaces();
      const quote = this.text[this.pos];
      if (quote !== '"' && quote !== "'") throw new XmlSyntaxError('a quoted attribute value was expected', this.pos);
      const start = this.pos + 1;
      const end = this.text.indexOf(quote, start);
      if (end < 0) throw new XmlSyntaxError('an unclosed attribute value', this.pos);
      this.advance(end + 1 - this.pos);
      attributes.set(attribute, this.decode(start, end, true));
    }
  }

  /** Checks that text[from, to) holds only XML characters (surrogates in pairs), and no "<" in an attribute value. */
  private checkChars(from: number, to: number, attribute = false): void {
    const { text } = this;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        const low = i + 1 < to ? text.charCodeAt(i + 1) : 0;
        if (low < 0xdc00 || low > 0xdfff) throw new XmlSyntaxError('a lone surrogate', i);
        i++;
      } else if (!isXmlChar(code)) {
        throw new XmlSyntaxError(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, i);
      } else if (attribute && code === 0x3c) {
        throw new XmlSyntaxError('"<" in an attribute value', i);
      }
    }
    this.meter.steps += to - from;
  }

  /**
   * Decodes text[from, to): predefined entities and character references; anything else is an
   * error. Every search stays inside the segment, so the work is proportional to its length.
   */
  private decode(from: number, to: number, attribute = false): string {
    this.checkChars(from, to, attribute);
    const segment = this.text.slice(from, to);
    let out = '';
    let i = 0;
    for (;;) {
      const amp = segment.indexOf('&', i);
      if (amp < 0) return out + segment.slice(i);
      out += segment.slice(i, amp);
      const window = segment.slice(amp + 1, amp + 2 + MAX_REFERENCE);
      const semi = window.indexOf(';');
      if (semi < 0) throw new XmlSyntaxError('"&" must start an entity or character reference', from + amp);
      out += reference(window.slice(0, semi), from + amp);
      this.meter.steps += semi + 1;
      i = amp + semi + 2;
    }
  }
}

/** The text of a reference body (`amp`, `#38`, `#x26`). */
function reference(body: string, offset: number): string {
  const named = PREDEFINED[body];
  if (named !== undefined) return named;
  const hex = /^#x[0-9a-fA-F]+$/.test(body);
  const decimal = /^#[0-9]+$/.test(body);
  if (!hex && !decimal) throw new XmlSyntaxError(`unknown entity "&${body};"`, offset);
  const code = hex ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  if (!isXmlChar(code)) throw new XmlSyntaxError(`"&${body};" is not a character XML allows`, offset);
  return String.fromCodePoint(code);
}
