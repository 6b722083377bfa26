import { AppUrls } from '../../lib/simulator/app/urls.js';
import { DirectoryStore } from '../../lib/simulator/directory/directory-store.js';
import { uriKey } from '../../lib/simulator/directory/uri.js';
import { stringifyUcwaJson, resourceJson } from '../../lib/simulator/format/json.js';
import { contactPresenceResource, contactResource } from '../../lib/simulator/representations/contacts.js';
import { systemClock } from '../../lib/time/clock.js';
import { benchDirectory, contactUri } from './directory.js';

/**
 * What the server sends about each of `n` contacts, as the simulator serialises it: the
 * contact resource (as myContacts embeds it) and its contactPresence resource, JSON text.
 */
export function rawContactJson(n: number): { readonly contact: string; readonly presence: string }[] {
  const directory = new DirectoryStore(benchDirectory(n), systemClock);
  const urls = new AppUrls('101');
  return Array.from({ length: n }, (_, i) => {
    const key = uriKey(contactUri(i));
    return {
      contact: stringifyUcwaJson(resourceJson(contactResource(urls, directory, key))),
      presence: stringifyUcwaJson(resourceJson(contactPresenceResource(urls, directory, key))),
    };
  });
}
