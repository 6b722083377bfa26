import * as t from 'io-ts';

/** A web link: where a resource is (`href`, relative or absolute) and an optional `title`. */
export const LinkCodec = t.intersection(
  [
    t.type({
      /** Where the resource is: an absolute URL or a path on the server. */
      href: t.string,
    }),
    t.partial({
      /** Extra data some links carry, e.g. a participant's display name. */
      title: t.string,
    }),
  ],
  'Link',
);
/** A web link; see {@link LinkCodec}. */
export type Link = t.TypeOf<typeof LinkCodec>;

/** The `_links` map: rel -> one link, or several (subscribedContacts lists `contact` links). */
export const LinksCodec = t.record(t.string, t.union([LinkCodec, t.array(LinkCodec)]), 'Links');
/** The `_links` map; see {@link LinksCodec}. */
export type Links = t.TypeOf<typeof LinksCodec>;

/** `_embedded`: rel -> an embedded resource or a list of them, decoded by each resource's codec. */
export const EmbeddedCodec = t.record(t.string, t.unknown, 'Embedded');

/** Fields every UCWA resource may carry. `rel` and `_links` are common but not guaranteed. */
export const ResourceBaseCodec = t.partial({
  /** The resource's relation name, e.g. `contactPresence`. */
  rel: t.string,
  /** Links to the resource itself (`self`) and to related resources, by rel. */
  _links: LinksCodec,
  /** Related resources included in this one, by rel. */
  _embedded: EmbeddedCodec,
  /** The server's version tag of the resource. */
  etag: t.string,
});
/** Fields every UCWA resource may carry. */
export type ResourceBase = t.TypeOf<typeof ResourceBaseCodec>;

/** The `_links` entry of `rel`, an own property only (a rel named `constructor` is not Object's). */
function ownLinks(resource: ResourceBase, rel: string): Link | Link[] | undefined {
  const links = resource._links;
  return links !== undefined && Object.prototype.hasOwnProperty.call(links, rel) ? links[rel] : undefined;
}

/** The first link of `rel` in a resource's `_links`, if any. */
export function linkOf(resource: ResourceBase, rel: string): Link | undefined {
  const found = ownLinks(resource, rel);
  return Array.isArray(found) ? found[0] : found;
}

/** Every link of `rel` in a resource's `_links` (empty when there is none). */
export function linksOf(resource: ResourceBase, rel: string): readonly Link[] {
  const found = ownLinks(resource, rel);
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

/** The href of the first link of `rel`, if any. */
export function hrefOf(resource: ResourceBase, rel: string): string | undefined {
  return linkOf(resource, rel)?.href;
}
