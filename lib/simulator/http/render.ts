import { eventPageJson, eventPageXml, type EventHrefStyle } from '../events/event-format.js';
import { errorJson, errorXml } from '../format/error-format.js';
import { resourceJson, stringifyUcwaJson } from '../format/json.js';
import { resourceXmlDocument } from '../format/xml.js';
import { negotiate } from './negotiation.js';
import type { Reply, ResponseHeaders, SimResponse } from './types.js';

/** Headers every UCWA response carries. */
const COMMON_HEADERS: ResponseHeaders = { 'Cache-Control': 'no-cache', 'X-MS-Server-Fqdn': 'ucwa-rx-simulator' };

/**
 * Turns a route's {@link Reply} into bytes: JSON or XML by the request's Accept header,
 * errors as `{code, subcode, message}` or the XML `reason` element.
 */
export function renderReply(reply: Reply, accept: string | undefined, style: EventHrefStyle): SimResponse {
  const { format, contentType } = negotiate(accept);
  const headers = (extra?: ResponseHeaders, type?: string): ResponseHeaders => ({
    ...COMMON_HEADERS,
    ...(type === undefined ? {} : { 'Content-Type': type }),
    ...(extra ?? {}),
  });
  switch (reply.kind) {
    case 'resource':
      return {
        status: reply.status,
        headers: headers(reply.headers, contentType),
        body: format === 'xml' ? resourceXmlDocument(reply.resource) : stringifyUcwaJson(resourceJson(reply.resource)),
      };
    case 'error':
      return {
        status: reply.status,
        headers: headers(reply.headers, contentType),
        body: format === 'xml' ? errorXml(reply.error) : JSON.stringify(errorJson(reply.error)),
      };
    case 'events':
      return {
        status: 200,
        headers: headers(undefined, contentType),
        body: format === 'xml' ? eventPageXml(reply.page, style) : stringifyUcwaJson(eventPageJson(reply.page, style)),
      };
    case 'empty':
      return { status: reply.status, headers: headers(reply.headers), body: '' };
    case 'json':
      return {
        status: reply.status,
        headers: headers(reply.headers, 'application/json; charset=utf-8'),
        body: JSON.stringify(reply.body),
      };
    case 'raw':
      return { status: reply.status, headers: headers(reply.headers, reply.contentType), body: reply.body };
  }
}
