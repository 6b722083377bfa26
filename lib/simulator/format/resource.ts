/**
 * The simulator's neutral model of a UCWA resource: a rel, a self href, a property bag, links
 * and embedded resources. It is serialised to JSON (json.ts) or to the XML form (xml.ts), so
 * every resource answers in both formats the reference shows.
 */

/** A date property: JSON renders it as `\/Date(ms)\/`, XML as ISO 8601. */
export interface UcwaDate {
  /** Milliseconds since the epoch. */
  readonly date: number;
}

/** A property value: strings, numbers, booleans, string arrays (propertyList) or dates. */
export type PropertyValue = string | number | boolean | readonly string[] | UcwaDate;

/** A web link: relation, target and optional title. */
export interface Link {
  /** The relation name. */
  readonly rel: string;
  /** The target, relative or absolute. */
  readonly href: string;
  /** Optional human-readable name of the target. */
  readonly title?: string;
}

/** A resource as the reference describes it (see PayloadFormat). */
export interface Resource {
  /** The resource's relation name (its `rel` property). */
  readonly rel: string;
  /** The self link. */
  readonly href: string;
  /** Properties in the order they are written. */
  readonly properties: ReadonlyArray<readonly [string, PropertyValue]>;
  /** Links other than self; `many` marks a rel that is always an array in JSON. */
  readonly links: ReadonlyArray<{ readonly link: Link; readonly many: boolean }>;
  /** Embedded resources by rel; an array value is always an array in JSON. */
  readonly embedded: ReadonlyArray<readonly [string, Resource | readonly Resource[]]>;
}

/** True when a property value is a date. */
export function isUcwaDate(value: PropertyValue): value is UcwaDate {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'date' in value;
}

/** Fluent builder for {@link Resource}; undefined property values are skipped. */
export class ResourceBuilder {
  private readonly props: Array<readonly [string, PropertyValue]> = [];
  private readonly linkList: Array<{ link: Link; many: boolean }> = [];
  private readonly embeds: Array<readonly [string, Resource | readonly Resource[]]> = [];

  /** @param rel the resource's rel; @param href its self link. */
  constructor(
    private readonly rel: string,
    private readonly href: string,
  ) {}

  /** Adds a property unless `value` is undefined. */
  prop(name: string, value: PropertyValue | undefined): this {
    if (value !== undefined) this.props.push([name, value]);
    return this;
  }

  /** Adds a single link. */
  link(rel: string, href: string, title?: string): this {
    this.linkList.push({ link: title === undefined ? { rel, href } : { rel, href, title }, many: false });
    return this;
  }

  /** Adds a link rel that is always an array in JSON (possibly empty). */
  links(rel: string, hrefs: readonly string[]): this {
    if (hrefs.length === 0) this.linkList.push({ link: { rel, href: '' }, many: true });
    for (const href of hrefs) this.linkList.push({ link: { rel, href }, many: true });
    return this;
  }

  /** Embeds one resource (or an always-array list of resources) under `rel`. */
  embed(rel: string, resource: Resource | readonly Resource[]): this {
    this.embeds.push([rel, resource]);
    return this;
  }

  /** The finished resource. */
  build(): Resource {
    return { rel: this.rel, href: this.href, properties: this.props, links: this.linkList, embedded: this.embeds };
  }
}

/** Starts a {@link ResourceBuilder}. */
export function resource(rel: string, href: string): ResourceBuilder {
  return new ResourceBuilder(rel, href);
}
