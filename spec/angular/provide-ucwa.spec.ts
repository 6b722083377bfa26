import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { InjectionToken, inject, runInInjectionContext, type EnvironmentInjector } from '@angular/core';
import { firstValueFrom, isObservable, tap, toArray, type Observable } from 'rxjs';
import { UCWA_CLIENT, injectUcwa, provideUcwa, type UcwaClientOptions } from '../../lib/angular/index.js';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { testEnvironment } from './support/environment.js';
import { RecordingZone } from './support/recording-zone.js';

const BOB = 'sip:bob@contoso.com';

let sim: Simulator;
const environments: EnvironmentInjector[] = [];

function optionsFor(simulator: Simulator): UcwaClientOptions {
  return { discoveryUrl: simulator.discoveryUrl, credentials: { username: 'alice@contoso.com', password: 'password' }, gracePeriodMs: 50 };
}

/** Every value of `source`, which must complete. */
function valuesOf<T>(source: Observable<T>): Promise<T[]> {
  return firstValueFrom(source.pipe(toArray()));
}

beforeAll(async () => {
  sim = await startFastSimulator();
});
afterEach(async () => {
  for (const environment of environments.splice(0)) if (!environment.destroyed) environment.destroy();
  await eventually(() => sim.state().applications.length === 0);
  sim.requests.reset();
});
afterAll(async () => {
  await sim.close();
});

function track(environment: EnvironmentInjector): EnvironmentInjector {
  environments.push(environment);
  return environment;
}

describe('provideUcwa in the browser', () => {
  it('provides one client, made when first injected, that streams from the server', async () => {
    const factory = jest.fn(() => optionsFor(sim));
    const zone = new RecordingZone();
    const environment = track(testEnvironment([provideUcwa(factory)], 'browser', zone));
    expect(factory).not.toHaveBeenCalled();

    const client = environment.get(UCWA_CLIENT);
    expect(environment.get(UCWA_CLIENT)).toBe(client);
    expect(factory).toHaveBeenCalledTimes(1);

    // As a component field would: made in the zone, subscribed by the async pipe in the zone.
    const presence$ = zone.run(() => client.presence$(BOB));
    const deliveries: boolean[] = [];
    const presence = await zone.run(() => firstValueFrom(presence$.pipe(tap(() => deliveries.push(zone.inside)))));
    expect(presence).toMatchObject({ uri: BOB, availability: 'Online' });
    expect(deliveries).toEqual([true]);
    expect(zone.outsideRuns).toBeGreaterThan(0); // bound to the application's NgZone
    const pinned = await firstValueFrom(client.pinnedGroup$);
    expect(pinned.contacts.map((contact) => contact.uri)).toContain(BOB);
  });

  it('calls an options factory in an injection context', async () => {
    const DISCOVERY = new InjectionToken<string>('discovery');
    const environment = track(
      testEnvironment(
        [{ provide: DISCOVERY, useValue: sim.discoveryUrl }, provideUcwa(() => ({ ...optionsFor(sim), discoveryUrl: inject(DISCOVERY) }))],
        'browser',
      ),
    );
    const client = environment.get(UCWA_CLIENT);
    await expect(firstValueFrom(client.presence$(BOB))).resolves.toMatchObject({ availability: 'Online' });
  });

  it('closes the client when the environment injector is destroyed', async () => {
    const environment = track(testEnvironment([provideUcwa(optionsFor(sim))], 'browser', new RecordingZone()));
    const client = environment.get(UCWA_CLIENT);
    const states: string[] = [];
    client.connectionState$.subscribe((state) => states.push(state.status));
    const values: string[] = [];
    client.presence$(BOB).subscribe((presence) => values.push(presence.availability));
    await eventually(() => values.length > 0 && sim.state().outstandingPgets === 1);

    environment.destroy();
    await eventually(() => sim.state().applications.length === 0);
    await eventually(() => states.at(-1) === 'closed');
    expect(sim.requests.count({ method: 'DELETE' })).toBeGreaterThan(0);
  });

  it('does without NgZone (a bare injector)', async () => {
    const environment = track(testEnvironment([provideUcwa(optionsFor(sim))], 'browser'));
    await expect(firstValueFrom(environment.get(UCWA_CLIENT).presence$(BOB))).resolves.toMatchObject({ availability: 'Online' });
  });
});

describe('provideUcwa on the server platform', () => {
  it('is inert by default: no options read, no request sent, every stream completes empty', async () => {
    const factory = jest.fn(() => optionsFor(sim));
    const environment = track(testEnvironment([provideUcwa(factory)], 'server', new RecordingZone()));
    const client = environment.get(UCWA_CLIENT);
    expect(factory).not.toHaveBeenCalled();

    const streams: Observable<unknown>[] = [
      client.presence$(BOB),
      client.pinnedGroup$,
      client.myContactsAndGroupsSubscription$,
      client.events$,
      client.connectionState$,
      client.resets$,
      client.diagnostics$,
      client.groups.myGroups(),
      client.groups.pinnedGroup(),
      client.contacts.myContacts(),
      client.contacts.note(BOB),
      client.presenceSubscriptions.list(),
      client.presenceSubscriptions.create([BOB], 30),
    ];
    for (const stream of streams) {
      expect(isObservable(stream)).toBe(true);
      await expect(valuesOf(stream)).resolves.toEqual([]);
    }
    client.setEventChannelParameters({ timeout: 300 });
    expect(client.status().connection).toEqual({ status: 'idle' });
    await client.close();
    expect(client.status().connection).toEqual({ status: 'closed' });
    expect(sim.requests.count()).toBe(0);
    expect(sim.state().applications).toEqual([]);
  });

  it("connects with { server: 'connect' }", async () => {
    const environment = track(testEnvironment([provideUcwa(optionsFor(sim), { server: 'connect' })], 'server', new RecordingZone()));
    const client = environment.get(UCWA_CLIENT);
    await expect(firstValueFrom(client.presence$(BOB))).resolves.toMatchObject({ availability: 'Online' });
    expect(sim.requests.count()).toBeGreaterThan(0);
  });
});

describe('injectUcwa', () => {
  it('reads UCWA_CLIENT from the injection context or a given injector', () => {
    const environment = track(testEnvironment([provideUcwa(optionsFor(sim))], 'server'));
    const client = environment.get(UCWA_CLIENT);
    expect(runInInjectionContext(environment, () => injectUcwa())).toBe(client);
    expect(injectUcwa({ injector: environment })).toBe(client);
    expect(() => injectUcwa()).toThrow(/injection context/);
  });

  it('hands out a client provided directly, e.g. a stand-in in component tests', () => {
    const standIn = { status: () => undefined } as unknown as ReturnType<typeof injectUcwa>;
    const environment = track(testEnvironment([{ provide: UCWA_CLIENT, useValue: standIn }], 'browser'));
    expect(injectUcwa({ injector: environment })).toBe(standIn);
  });
});
