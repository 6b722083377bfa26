import { isUcwaDate, type PropertyValue, type Resource } from './resource.js';

/** The UCWA XML namespace. */
export const UCWA_NAMESPACE = 'http://schemas.microsoft.com/rtc/2012/03/ucwa';

/** The XML declaration every UCWA XML body starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

/** Escapes text or an attribute value for XML. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Renders `name="value"` attribute pairs. */
export function xmlAttributes(attrs: ReadonlyArray<readonly [string, string]>): string {
  return attrs.map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('');
}

function propertyXml(name: string, value: PropertyValue, indent: string): string {
  if (Array.isArray(value)) {
    const items = (value as readonly string[]).map((item) => `${indent}  <item>${escapeXml(item)}</item>\n`).join('');
    return `${indent}<propertyList name="${escapeXml(name)}">\n${items}${indent}</propertyList>\n`;
  }
  const text = isUcwaDate(value) ? new Date(value.date).toISOString() : String(value);
  return `${indent}<property name="${escapeXml(name)}">${escapeXml(text)}</property>\n`;
}

/**
 * The XML form of a resource: `<resource rel href>` with `<link>` children, the `rel` and other
 * properties as `<property>`/`<propertyList>`, then embedded `<resource>` elements. The
 * namespace is declared on the outermost element only.
 */
export function resourceXml(res: Resource, indent = '', outermost = true): string {
  const ns = outermost ? ` xmlns="${UCWA_NAMESPACE}"` : '';
  const inner = `${indent}  `;
  let body = '';
  for (const { link } of res.links) {
    if (link.href === '') continue;
    const title = link.title === undefined ? '' : ` title="${escapeXml(link.title)}"`;
    body += `${inner}<link rel="${escapeXml(link.rel)}" href="${escapeXml(link.href)}"${title} />\n`;
  }
  body += propertyXml('rel', res.rel, inner);
  for (const [name, value] of res.properties) body += propertyXml(name, value, inner);
  for (const [, value] of res.embedded) {
    const list: readonly Resource[] = Array.isArray(value) ? (value as readonly Resource[]) : [value as Resource];
    for (const child of list) body += resourceXml(child, inner, false);
  }
  return `${indent}<resource rel="${escapeXml(res.rel)}" href="${escapeXml(res.href)}"${ns}>\n${body}${indent}</resource>\n`;
}

/** A complete XML document for a resource. */
export function resourceXmlDocument(res: Resource): string {
  return `${XML_DECLARATION}\n${resourceXml(res)}`;
}
