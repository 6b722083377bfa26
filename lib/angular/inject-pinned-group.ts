import type { PinnedGroup } from '../resources/groups/pinned-group.js';
import { liveState } from '../operators/live-state.js';
import { stateInjector, type InjectStateOptions } from './inject-presence.js';
import { liveSignal, type LiveSignal } from './live-signal.js';
import { UCWA_CLIENT } from './ucwa-client-token.js';

/**
 * The live pinned group (`{ id, name, contacts }`) as a {@link LiveSignal}: `loading`, `live`,
 * `stale` while the connection recovers, `error` if the group is refused. Call it in an injection
 * context; the subscription lasts as long as the component (or `options.injector`).
 */
export function injectPinnedGroup(options: InjectStateOptions = {}): LiveSignal<PinnedGroup> {
  const injector = stateInjector(injectPinnedGroup, options);
  const client = injector.get(UCWA_CLIENT);
  return liveSignal(undefined, () => client.pinnedGroup$.pipe(liveState(client)), injector);
}
