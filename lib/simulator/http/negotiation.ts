/** Media types the simulator reads and writes (PayloadFormat). */

/** The two payload formats. */
export type PayloadFormat = 'json' | 'xml';

/** The chosen response format and the Content-Type that goes with it. */
export interface Negotiated {
  /** JSON or XML. */
  readonly format: PayloadFormat;
  /** Content-Type for the response, with charset. */
  readonly contentType: string;
}

const XML_TYPES = ['application/vnd.microsoft.com.ucwa+xml', 'application/xml', 'text/xml'];
const JSON_TYPES = ['application/vnd.microsoft.com.ucwa+json', 'application/json'];

/** The bare media type of a Content-Type or Accept entry, lower case. */
export function mediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Picks the response format from Accept: the first UCWA-relevant type listed wins; XML only
 * when an XML type comes before any JSON type. JSON is the default.
 */
export function negotiate(accept: string | undefined): Negotiated {
  const entries = (accept ?? '').split(',').map((part) => mediaType(part));
  for (const entry of entries) {
    if (XML_TYPES.includes(entry)) {
      const type = entry === 'application/vnd.microsoft.com.ucwa+xml' ? entry : 'application/xml';
      return { format: 'xml', contentType: `${type}; charset=utf-8` };
    }
    if (JSON_TYPES.includes(entry)) {
      return { format: 'json', contentType: `${entry}; charset=utf-8` };
    }
  }
  return { format: 'json', contentType: 'application/json; charset=utf-8' };
}

/** True for a JSON request Content-Type. */
export function isJsonType(contentType: string | undefined): boolean {
  return JSON_TYPES.includes(mediaType(contentType));
}

/** True for an XML request Content-Type. */
export function isXmlType(contentType: string | undefined): boolean {
  return XML_TYPES.includes(mediaType(contentType));
}
