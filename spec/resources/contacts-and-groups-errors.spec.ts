import { afterEach, describe, expect, it } from '@jest/globals';
import { firstValueFrom } from 'rxjs';
import type { Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { HttpError } from '../../lib/errors/http-error.js';
import { InvalidArgumentError } from '../../lib/errors/argument-errors.js';
import { isHttpError } from '../../lib/errors/guards.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

const START = 'startOrRefreshSubscriptionToContactsAndGroups';

async function setUp(): Promise<{ sim: Simulator; client: UcwaClient }> {
  sim = await startFastSimulator();
  client = clientFor(sim, { retry: { cannotRedirect: { baseDelayMs: 1, jitter: 0 }, transient: { baseDelayMs: 1, jitter: 0 } } });
  return { sim, client };
}

describe('myContactsAndGroupsSubscription$ errors (the seed pages\' tables)', () => {
  it.each([
    [403, 'Forbidden', undefined],
    [409, 'Conflict', undefined],
    [409, 'Conflict', 'AlreadyExists'],
    [409, 'Conflict', 'TooManyGroups'],
  ])('a start answered %i %s/%s (a refusal) errors the stream with that typed HttpError', async (status, code, subcode) => {
    const { sim, client } = await setUp();
    sim.injectFault({ method: 'POST', path: START, fault: { kind: 'status', status, code, ...(subcode ? { subcode } : {}) } });
    const error = await firstValueFrom(client.myContactsAndGroupsSubscription$).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'http', status, code, subcode });
    expect(sim.log.count({ method: 'POST', path: START })).toBe(1);
  });

  it('a start answered 500 ServiceFailure/CallbackChannelError is transient: the state is read again, then it is started', async () => {
    const { sim, client } = await setUp();
    sim.injectFault({ method: 'POST', path: START, fault: { kind: 'status', status: 500, code: 'ServiceFailure', subcode: 'CallbackChannelError' } });
    await expect(firstValueFrom(client.myContactsAndGroupsSubscription$)).resolves.toMatchObject({ state: 'Connecting', starts: 1 });
    // the POST that failed with 500 may have been carried out: the subscription is read before it is posted again
    expect(sim.log.entries().filter((e) => /contactsAndGroupsSubscription/i.test(e.path)).map((e) => `${e.method} ${e.status}`)).toEqual([
      'GET 200', 'POST 500', 'GET 200', 'POST 201',
    ]);
  });

  it('retries 410 CannotRedirect for as long as it lasts; the stream never errors', async () => {
    const { sim, client } = await setUp();
    const outage = sim.injectFault({ method: 'POST', path: START, times: Infinity, fault: { kind: 'status', status: 410, subcode: 'CannotRedirect' } });
    const statuses: string[] = [];
    let failed: unknown;
    const subscription = client.myContactsAndGroupsSubscription$.subscribe({ next: (s) => statuses.push(s.state), error: (e: unknown) => (failed = e) });
    await eventually(() => sim.log.count({ method: 'POST', path: START, status: 410 }) >= 12);
    expect(failed).toBeUndefined();
    expect(statuses).toEqual([]);
    outage.cancel();
    await eventually(() => statuses.at(-1) === 'Connected');
    expect(failed).toBeUndefined();
    subscription.unsubscribe();
  });

  it('recovers when 410 CannotRedirect passes within the retries', async () => {
    const { sim, client } = await setUp();
    sim.injectFault({ method: 'POST', path: START, times: 2, fault: { kind: 'status', status: 410, subcode: 'CannotRedirect' } });
    await expect(firstValueFrom(client.myContactsAndGroupsSubscription$)).resolves.toMatchObject({ state: 'Connecting', starts: 1 });
    expect(sim.log.count({ method: 'POST', path: START })).toBe(3);
  });

  it('a GET of the subscription answered 403 errors the stream', async () => {
    const { sim, client } = await setUp();
    sim.injectFault({ method: 'GET', path: /contactsAndGroupsSubscription$/i, fault: { kind: 'status', status: 403 } });
    const error = await firstValueFrom(client.myContactsAndGroupsSubscription$).catch((e: unknown) => e);
    expect(isHttpError(error, 403)).toBe(true);
    expect(sim.log.count({ method: 'POST', path: START })).toBe(0);
  });
});

describe('argument validation: nothing is sent', () => {
  it.each([9, 61, 30.5, Number.NaN])('startOrRefresh with duration %p is an InvalidArgumentError', async (duration) => {
    const { sim, client } = await setUp();
    const subscription = await firstValueFrom(client.contactsAndGroupsSubscription.get());
    const before = sim.log.count();
    const error = await firstValueFrom(client.contactsAndGroupsSubscription.startOrRefresh(subscription, duration)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ kind: 'invalidArgument', argument: 'duration' });
    expect(sim.log.count()).toBe(before);
  });

  it.each([9, 31])('subscribeToGroupPresence with duration %p is an InvalidArgumentError', async (duration) => {
    const { sim, client } = await setUp();
    const group = await firstValueFrom(client.groups.pinnedGroup());
    const before = sim.log.count();
    const error = await firstValueFrom(client.groups.subscribeToGroupPresence(group, duration)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalidArgument', argument: 'duration' });
    expect(sim.log.count()).toBe(before);
  });

  it('a malformed contact URI is an InvalidArgumentError before anything is sent', async () => {
    const { sim, client } = await setUp();
    const error = await firstValueFrom(client.contacts.note('not a uri')).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalidArgument', argument: 'uri' });
    expect(sim.log.count()).toBe(0);
  });
});
