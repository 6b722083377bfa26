import { describe, expect, it } from '@jest/globals';
import { firstValueFrom, of, toArray } from 'rxjs';
import { FakeUcwaClient } from '../../lib/testing/index.js';
import { liveState, type LiveState } from '../../lib/operators/live-state.js';
import { InvalidArgumentError } from '../../lib/errors/argument-errors.js';
import { UCWA_CLIENT, injectPresence, provideUcwaTesting } from '../../lib/angular/index.js';
import type { ContactPresence } from '../../lib/codecs/presence.js';
import { testEnvironment } from '../angular/support/environment.js';

const BOB = 'sip:bob@contoso.com';

describe('FakeUcwaClient', () => {
  it('streams the presence the test sets, to subscribers now and later, whatever the case of the URI', () => {
    const client = new FakeUcwaClient();
    const seen: string[] = [];
    const subscription = client.presence$('bob@CONTOSO.com').subscribe((p) => seen.push(`${p.uri} ${p.availability}`));
    expect(seen).toEqual([]);
    expect(client.watchers(BOB)).toBe(1);
    client.setPresence(BOB, { availability: 'Busy', activity: 'on-the-phone' });
    client.setPresence(BOB, { availability: 'Away' });
    const late: string[] = [];
    client.presence$(BOB).subscribe((p) => late.push(p.availability)).unsubscribe();
    subscription.unsubscribe();
    expect(seen).toEqual([`${BOB} Busy`, `${BOB} Away`]);
    expect(late).toEqual(['Away']);
    expect(client.watchers(BOB)).toBe(0);
  });

  it('fails a contact as the real client does, and errors for a malformed URI', () => {
    const client = new FakeUcwaClient();
    const errors: unknown[] = [];
    client.presence$(BOB).subscribe({ error: (e: unknown) => errors.push(e) });
    client.failPresence(BOB, new Error('no such person'));
    client.presence$('not a uri').subscribe({ error: (e: unknown) => errors.push(e) });
    expect((errors[0] as Error).message).toBe('no such person');
    expect(errors[1]).toBeInstanceOf(InvalidArgumentError);
    client.setPresence(BOB, { availability: 'Online' }); // starts it again
    const again: string[] = [];
    client.presence$(BOB).subscribe((p) => again.push(p.availability));
    expect(again).toEqual(['Online']);
  });

  it('drives liveState: live while connected, stale while reconnecting', () => {
    const client = new FakeUcwaClient();
    const states: LiveState<ContactPresence>['status'][] = [];
    client.presence$(BOB).pipe(liveState(client)).subscribe((s) => states.push(s.status));
    client.setPresence(BOB, { availability: 'Online' });
    client.setConnectionState({ status: 'reconnecting', reason: new InvalidArgumentError('x', 'y', 'z'), attempt: 1, retryInMs: 1000 });
    client.setConnectionState({ status: 'connected' });
    expect(states).toEqual(['loading', 'live', 'stale', 'live']);
  });

  it('answers the readers it was given, and says what to fake for the others', async () => {
    const client = new FakeUcwaClient({ contacts: { note: (uri) => of({ uri, message: 'at lunch', type: 'Personal' as const }) } });
    await expect(firstValueFrom(client.contacts.note(BOB))).resolves.toEqual({ uri: BOB, message: 'at lunch', type: 'Personal' });
    await expect(firstValueFrom(client.groups.myGroups())).rejects.toThrow(/client\.groups\.myGroups\(\) is not faked/);
  });

  it("a contact's note, location and capabilities are set per contact, like presence", async () => {
    const client = new FakeUcwaClient();
    client.setNote(BOB, { message: 'Heads down', type: 'Personal' });
    client.setLocation('SIP:Bob@Contoso.com', { location: 'Building 7' });
    client.setCapabilities(BOB, { modalities: ['Messaging'] });
    await expect(firstValueFrom(client.note$(BOB))).resolves.toEqual({ uri: BOB, message: 'Heads down', type: 'Personal' });
    await expect(firstValueFrom(client.location$(BOB))).resolves.toEqual({ uri: 'sip:Bob@Contoso.com', location: 'Building 7' });
    await expect(firstValueFrom(client.capabilities$(BOB))).resolves.toEqual({ uri: BOB, modalities: ['Messaging'] });
    await expect(firstValueFrom(client.note$('not a uri'))).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("the user's writes are recorded and reach her streams; me$ shows who the test says she is", async () => {
    const client = new FakeUcwaClient({ people: { search: () => of({ contacts: [], moreResultsAvailable: false }) } });
    const presence: string[] = [];
    client.myPresence$.subscribe((p) => presence.push(p.availability));
    await firstValueFrom(client.setMyPresence('Busy'), { defaultValue: undefined });
    await firstValueFrom(client.setMyNote('Back at 3'), { defaultValue: undefined });
    await firstValueFrom(client.resetMyLocation(), { defaultValue: undefined });
    expect(presence).toEqual(['Busy']);
    await expect(firstValueFrom(client.myNote$)).resolves.toEqual({ message: 'Back at 3', type: 'Personal' });
    await expect(firstValueFrom(client.myLocation$)).resolves.toEqual({});
    expect(client.writes).toEqual([
      { resource: 'presence', value: 'Busy' },
      { resource: 'note', value: 'Back at 3' },
      { resource: 'location', value: undefined },
    ]);
    client.setMe({ uri: 'sip:alice@contoso.com', name: 'Alice', emailAddresses: [] });
    await expect(firstValueFrom(client.me$)).resolves.toMatchObject({ name: 'Alice' });
    await expect(firstValueFrom(client.people.search('x'))).resolves.toMatchObject({ contacts: [] });
    await expect(firstValueFrom(client.photos.photo(BOB))).rejects.toThrow(/client\.photos\.photo\(\) is not faked/);
  });

  it('closes like the real client: streams complete, the connection is closed', async () => {
    const client = new FakeUcwaClient();
    const states = firstValueFrom(client.connectionState$.pipe(toArray()));
    client.setPresence(BOB, { availability: 'Online' });
    const presence = firstValueFrom(client.presence$(BOB).pipe(toArray()));
    await client.close();
    await expect(states).resolves.toEqual([{ status: 'connected' }, { status: 'closed' }]);
    await expect(presence).resolves.toHaveLength(1);
    expect(client.status().connection).toEqual({ status: 'closed' });
  });
});

describe('provideUcwaTesting', () => {
  it('provides the fake as UCWA_CLIENT and as FakeUcwaClient, for the inject* functions too', () => {
    const environment = testEnvironment([provideUcwaTesting()], 'browser');
    const fake = environment.get(FakeUcwaClient);
    expect(environment.get(UCWA_CLIENT)).toBe(fake);
    const presence = injectPresence(BOB, { injector: environment });
    expect(presence().status).toBe('loading');
    fake.setPresence(BOB, { availability: 'Busy' });
    expect(presence()).toEqual({ status: 'live', value: { uri: BOB, availability: 'Busy' } });
    fake.failPresence(BOB, new Error('refused'));
    expect(presence().status).toBe('error');
    environment.destroy();
    expect(fake.watchers(BOB)).toBe(0);
  });
});
