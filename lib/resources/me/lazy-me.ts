import { defer, from, switchMap, type Observable } from 'rxjs';
import type { ClientContext } from '../../client-context.js';
import { once } from '../../util/lazy-service.js';
import type { MeResources } from './me-resources.js';
import type { MeOptions } from './me-types.js';

const STREAMS = ['me$', 'myPresence$', 'myNote$', 'myLocation$'] as const;
const WRITES = ['setMyPresence', 'resetMyPresence', 'setMyNote', 'resetMyNote', 'setMyLocation', 'resetMyLocation'] as const;

/**
 * The signed-in user's side of a client, loaded on first use: an app that only watches its
 * contacts never downloads it. Behaves like {@link createMeResources}.
 */
export function lazyMeResources(context: ClientContext, options: MeOptions | undefined): MeResources {
  let instance: MeResources | undefined;
  let closed = false;
  const load = once(async () => {
    const module = await import('./me-resources.js');
    instance = module.createMeResources(context, options);
    if (closed) instance.close();
    return instance;
  });
  const lazy = <T>(pick: (resources: MeResources) => Observable<T>): Observable<T> => defer(() => from(load())).pipe(switchMap(pick));
  const members: Record<string, unknown> = {
    close: () => {
      closed = true;
      instance?.close();
    },
  };
  for (const name of STREAMS) members[name] = lazy((resources): Observable<unknown> => resources[name]);
  for (const name of WRITES) members[name] = (argument: never) => lazy((resources) => resources[name](argument));
  return members as unknown as MeResources;
}
