import type { UcwaEvent } from '../index.js';

/**
 * An event as one NDJSON object: `type`, `sender`, `link`, and `in`, `resource` (when the
 * server embedded it) and `reason` when present; hrefs exactly as the server sent them.
 */
export function eventRecord(event: UcwaEvent): Record<string, unknown> {
  return {
    type: event.type,
    sender: event.sender,
    link: event.link,
    ...(event.in === undefined ? {} : { in: event.in }),
    ...(event.resource === undefined ? {} : { resource: event.resource }),
    ...(event.reason === undefined ? {} : { reason: event.reason }),
  };
}
