import { isObservable, type Observable } from 'rxjs';
import type { UcwaClient } from '../client.js';
import { outsideAngular } from './outside-angular.js';
import type { ZoneRunner } from './zone-runner.js';

/**
 * `client` with every Observable it hands out (its streams, and what its methods and readers
 * return) subscribed outside the Angular zone and delivering inside it; see {@link outsideAngular}.
 * `setEventChannelParameters()` (it sends a new P-GET) and `close()` run outside the zone too. With
 * the zoneless NoopNgZone this changes nothing. Every member is listed on purpose: a member added
 * to {@link UcwaClient} fails the type check here until someone decides which zone it runs in.
 */
export function outsideAngularClient(client: UcwaClient, zone: ZoneRunner): UcwaClient {
  const bind = <T>(source: Observable<T>): Observable<T> => outsideAngular(source, zone);
  return {
    events$: bind(client.events$),
    connectionState$: bind(client.connectionState$),
    resets$: bind(client.resets$),
    diagnostics$: bind(client.diagnostics$),
    presence$: (uri) => bind(zone.runOutsideAngular(() => client.presence$(uri))),
    note$: (uri) => bind(zone.runOutsideAngular(() => client.note$(uri))),
    location$: (uri) => bind(zone.runOutsideAngular(() => client.location$(uri))),
    capabilities$: (uri) => bind(zone.runOutsideAngular(() => client.capabilities$(uri))),
    me$: bind(client.me$),
    myPresence$: bind(client.myPresence$),
    myNote$: bind(client.myNote$),
    myLocation$: bind(client.myLocation$),
    setMyPresence: (availability) => bind(zone.runOutsideAngular(() => client.setMyPresence(availability))),
    resetMyPresence: () => bind(zone.runOutsideAngular(() => client.resetMyPresence())),
    setMyNote: (message) => bind(zone.runOutsideAngular(() => client.setMyNote(message))),
    resetMyNote: () => bind(zone.runOutsideAngular(() => client.resetMyNote())),
    setMyLocation: (location) => bind(zone.runOutsideAngular(() => client.setMyLocation(location))),
    resetMyLocation: () => bind(zone.runOutsideAngular(() => client.resetMyLocation())),
    people: outsideAngularService(client.people, zone),
    photos: outsideAngularService(client.photos, zone),
    presenceSubscriptions: outsideAngularService(client.presenceSubscriptions, zone),
    myContactsAndGroupsSubscription$: bind(client.myContactsAndGroupsSubscription$),
    pinnedGroup$: bind(client.pinnedGroup$),
    groups: outsideAngularService(client.groups, zone),
    contacts: outsideAngularService(client.contacts, zone),
    contactsAndGroupsSubscription: outsideAngularService(client.contactsAndGroupsSubscription, zone),
    setEventChannelParameters: (parameters) => zone.runOutsideAngular(() => client.setEventChannelParameters(parameters)),
    status: () => client.status(),
    close: () => zone.runOutsideAngular(() => client.close()),
  };
}

/**
 * A view of `service` (readers such as `client.groups`) whose methods run outside the zone and
 * whose Observable results are bound with {@link outsideAngular}. Methods run on the service itself.
 */
export function outsideAngularService<T extends object>(service: T, zone: ZoneRunner): T {
  const methods = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  return new Proxy(service, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      let method = methods.get(key);
      if (!method) {
        method = (...args: unknown[]): unknown => {
          const result: unknown = zone.runOutsideAngular(() => Reflect.apply(value, target, args));
          return isObservable(result) ? outsideAngular(result, zone) : result;
        };
        methods.set(key, method);
      }
      return method;
    },
  });
}
