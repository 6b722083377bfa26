import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Observable, Subject, firstValueFrom, isObservable, of, toArray } from 'rxjs';
import { outsideAngular } from '../../lib/angular/outside-angular.js';
import { outsideAngularClient, outsideAngularService } from '../../lib/angular/outside-angular-client.js';
import type { Simulator } from '../../lib/simulator/index.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { RecordingZone } from './support/recording-zone.js';

/** Where things happened, as seen by a RecordingZone: true when inside the Angular zone. */
interface Sightings {
  subscribed?: boolean;
  tornDown?: boolean;
  delivered: boolean[];
}

function watchedSource<T>(zone: RecordingZone, sightings: Sightings, source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    sightings.subscribed = zone.inside;
    const subscription = source.subscribe(subscriber);
    return () => {
      sightings.tornDown = zone.inside;
      subscription.unsubscribe();
    };
  });
}

describe('outsideAngular', () => {
  it('subscribes and tears down outside the zone, delivers inside it', () => {
    const zone = new RecordingZone();
    const sightings: Sightings = { delivered: [] };
    const later = new Subject<number>();
    const bound = outsideAngular(watchedSource(zone, sightings, later), zone);

    const subscription = zone.run(() => bound.subscribe(() => sightings.delivered.push(zone.inside)));
    expect(sightings.subscribed).toBe(false);

    // A value pushed from outside (a fetch resolving, a timer) re-enters the zone.
    zone.runOutsideAngular(() => later.next(1));
    zone.runOutsideAngular(() => later.next(2));
    expect(sightings.delivered).toEqual([true, true]);

    zone.run(() => subscription.unsubscribe());
    expect(sightings.tornDown).toBe(false);
  });

  it('delivers synchronous values, errors and completion inside the zone', async () => {
    const zone = new RecordingZone();
    const seen: string[] = [];
    const failing = new Observable<number>((subscriber) => {
      subscriber.next(7);
      subscriber.error(new Error('boom'));
    });
    outsideAngular(failing, zone).subscribe({
      next: (value) => seen.push(`next ${value} ${zone.inside}`),
      error: (error: unknown) => seen.push(`error ${(error as Error).message} ${zone.inside}`),
    });
    outsideAngular(of(1), zone).subscribe({ complete: () => seen.push(`complete ${zone.inside}`) });
    expect(seen).toEqual(['next 7 true', 'error boom true', 'complete true']);
    await expect(firstValueFrom(outsideAngular(of(1, 2, 3), zone).pipe(toArray()))).resolves.toEqual([1, 2, 3]);
  });
});

describe('outsideAngularService', () => {
  class Reader {
    private readonly prefix = 'read';
    calls: boolean[] = [];
    constructor(private readonly zone: RecordingZone) {}
    read(what: string): Observable<string> {
      this.calls.push(this.zone.inside);
      return of(`${this.prefix} ${what}`);
    }
    count(): number {
      return this.calls.length;
    }
  }

  it('runs methods on the service outside the zone and binds the Observables they return', async () => {
    const zone = new RecordingZone();
    const reader = new Reader(zone);
    const bound = outsideAngularService(reader, zone);

    const result = bound.read('groups');
    expect(reader.calls).toEqual([false]);
    expect(isObservable(result)).toBe(true);
    const delivered: boolean[] = [];
    await expect(firstValueFrom(result.pipe(toArray()))).resolves.toEqual(['read groups']);
    result.subscribe(() => delivered.push(zone.inside));
    expect(delivered).toEqual([true]);
    expect(bound.count()).toBe(1);
    expect(bound.read).toBe(bound.read); // the same function every time, for templates and equality checks
    expect(bound.calls).toBe(reader.calls);
    expect(bound instanceof Reader).toBe(true);
  });
});

describe('outsideAngularClient against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startFastSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('streams presence and readers, delivering inside the zone, and closes outside it', async () => {
    const zone = new RecordingZone();
    const client = outsideAngularClient(clientFor(sim), zone);
    const deliveries: boolean[] = [];
    const availabilities: string[] = [];
    const subscription = zone.run(() =>
      client.presence$('sip:bob@contoso.com').subscribe((presence) => {
        deliveries.push(zone.inside);
        availabilities.push(presence.availability);
      }),
    );
    await eventually(() => availabilities.length === 1);
    sim.setPresence('sip:bob@contoso.com', { availability: 'Busy', activity: 'on-the-phone' });
    await eventually(() => availabilities.includes('Busy'));
    expect(deliveries.every((inside) => inside)).toBe(true);

    const myGroups = await firstValueFrom(client.groups.myGroups());
    expect(myGroups.pinnedGroup?.name).toBe('Pinned Contacts');
    expect(client.status().connection.status).toBe('connected');

    subscription.unsubscribe();
    const outsideBefore = zone.outsideRuns;
    await client.close();
    expect(zone.outsideRuns).toBe(outsideBefore + 1);
    await eventually(() => sim.state().applications.length === 0);
  });
});
