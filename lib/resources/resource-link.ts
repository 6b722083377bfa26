import { hrefOf, type ResourceBase } from '../codecs/link.js';
import { DecodeError } from '../errors/decode-error.js';
import { routingKey } from '../http/href.js';
import type { Located } from '../http/read-resource.js';
import type { HrefRef } from './people.js';

/**
 * The link `rel` of a resource read from `resource.url`, ready to request; a typed
 * DecodeError naming `target` when the server did not give that link.
 */
export function linkTarget(resource: Located<ResourceBase>, rel: string, target: string): HrefRef {
  const href = hrefOf(resource.value, rel);
  if (!href) throw new DecodeError(target, [{ path: `_links.${rel}`, expected: 'Link', actual: 'undefined' }]);
  return { href, base: resource.url };
}

/** Where a resource says it lives: its `self` link, or the URL it was read from. */
export function selfTarget(resource: Located<ResourceBase>): HrefRef {
  return { href: hrefOf(resource.value, 'self') ?? resource.url, base: resource.url };
}

/** The routing key of a resource's self link (events about it carry the same key). */
export function selfKey(resource: Located<ResourceBase>): string {
  const self = selfTarget(resource);
  return routingKey(self.href, self.base);
}

/**
 * What identifies an application: the routing key of its self href without the query (every
 * application read from POST applications has the same `url`, so the URL it was read from cannot
 * tell two apart; the query names an instance of it, MultiTabSupport.md, and all the instances of
 * one application share its resources).
 */
export function applicationKey(application: Located<ResourceBase> | undefined): string | undefined {
  if (application === undefined) return undefined;
  const self = selfTarget(application);
  const query = self.href.indexOf('?');
  return routingKey(query < 0 ? self.href : self.href.slice(0, query), self.base);
}
