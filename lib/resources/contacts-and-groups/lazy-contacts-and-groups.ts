import { defer, from, switchMap, type Observable } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { lazyService, once } from '../../util/lazy-service.js';
import type { ContactDirectory } from '../presence/contact-directory.js';
import type { ContactsAndGroupsResources } from './contacts-and-groups-resources.js';

/**
 * The contact-list side of a client, loaded on first use: an app that only watches presence
 * never downloads the contacts-and-groups code (bundlers split it into a chunk of its own).
 * Behaves like {@link createContactsAndGroupsResources}: streams are shared as there.
 */
export function lazyContactsAndGroupsResources(context: ClientContext, directory: ContactDirectory): ContactsAndGroupsResources {
  let instance: ContactsAndGroupsResources | undefined;
  let closed = false;
  const load = once(async () => {
    const module = await import('./contacts-and-groups-resources.js');
    instance = module.createContactsAndGroupsResources(context, directory);
    if (closed) instance.close();
    return instance;
  });
  const stream = <T>(pick: (resources: ContactsAndGroupsResources) => Observable<T>): Observable<T> =>
    defer(() => from(load())).pipe(switchMap(pick));
  return {
    myContactsAndGroupsSubscription$: stream((r) => r.myContactsAndGroupsSubscription$),
    pinnedGroup$: stream((r) => r.pinnedGroup$),
    groups: lazyService(async () => (await load()).groups),
    contacts: lazyService(async () => (await load()).contacts),
    contactsAndGroupsSubscription: lazyService(async () => (await load()).contactsAndGroupsSubscription),
    close: () => {
      closed = true;
      instance?.close();
    },
  };
}
