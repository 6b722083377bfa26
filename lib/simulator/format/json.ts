import { isUcwaDate, type Link, type PropertyValue, type Resource } from './resource.js';

/** A JSON value as produced by the simulator's serialisers. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** JSON form of a link object (`{href, title?}`). */
export function linkJson(link: Link): JsonObject {
  return link.title === undefined ? { href: link.href } : { href: link.href, title: link.title };
}

function propertyJson(value: PropertyValue): JsonValue {
  if (isUcwaDate(value)) return `/Date(${value.date})/`;
  if (Array.isArray(value)) return [...(value as readonly string[])];
  return value as string | number | boolean;
}

/**
 * The JSON form of a resource: `rel` first, then the properties, `_links` (self first) and
 * `_embedded`, as the reference's samples are laid out.
 */
export function resourceJson(res: Resource): JsonObject {
  const out: JsonObject = { rel: res.rel };
  for (const [name, value] of res.properties) out[name] = propertyJson(value);
  const links: JsonObject = { self: { href: res.href } };
  for (const { link, many } of res.links) {
    if (many) {
      const existing = links[link.rel];
      const list: JsonValue[] = Array.isArray(existing) ? existing : [];
      if (link.href !== '') list.push(linkJson(link));
      links[link.rel] = list;
    } else {
      links[link.rel] = linkJson(link);
    }
  }
  out._links = links;
  if (res.embedded.length > 0) {
    const embedded: JsonObject = {};
    for (const [rel, value] of res.embedded) {
      embedded[rel] = isResourceList(value) ? value.map(resourceJson) : resourceJson(value);
    }
    out._embedded = embedded;
  }
  return out;
}

function isResourceList(value: Resource | readonly Resource[]): value is readonly Resource[] {
  return Array.isArray(value);
}

/**
 * Serialises a JSON value the way UCWA does: dates appear as `"\/Date(ms)\/"` on the wire
 * (the escaped solidus of ASP.NET AJAX); the decoded string value is `/Date(ms)/`.
 */
export function stringifyUcwaJson(value: JsonValue): string {
  return JSON.stringify(value).replace(/"\/Date\((-?\d+)\)\/"/g, '"\\/Date($1)\\/"');
}
