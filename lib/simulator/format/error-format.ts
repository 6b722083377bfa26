import type { UcwaErrorBody } from '../http/types.js';
import type { JsonObject } from './json.js';
import { escapeXml, UCWA_NAMESPACE, XML_DECLARATION } from './xml.js';

/** The JSON error body `{code, subcode?, message?, parameters?}`. */
export function errorJson(error: UcwaErrorBody): JsonObject {
  const out: JsonObject = { code: error.code };
  if (error.subcode !== undefined) out.subcode = error.subcode;
  if (error.message !== undefined) out.message = error.message;
  if (error.parameters !== undefined) out.parameters = { ...error.parameters };
  return out;
}

/** The XML `reason` error body as ErrorsAndInformationalMessages shows it. */
export function errorXml(error: UcwaErrorBody): string {
  const parameters = Object.entries(error.parameters ?? {});
  const params =
    parameters.length === 0
      ? '  <parameters />\n'
      : `  <parameters>\n${parameters
          .map(([name, value]) => `    <property name="${escapeXml(name)}">${escapeXml(value)}</property>\n`)
          .join('')}  </parameters>\n`;
  return (
    `${XML_DECLARATION}\n` +
    `<reason xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="${UCWA_NAMESPACE}">\n` +
    `  <code>${escapeXml(error.code)}</code>\n` +
    (error.subcode !== undefined ? `  <subcode>${escapeXml(error.subcode)}</subcode>\n` : '') +
    (error.message !== undefined ? `  <message>${escapeXml(error.message)}</message>\n` : '') +
    '  <debugInfo />\n' +
    params +
    '</reason>\n'
  );
}
