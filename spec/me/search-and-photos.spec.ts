import { afterEach, describe, expect, it } from '@jest/globals';
import { resolveObjectURL } from 'node:buffer';
import { firstValueFrom } from 'rxjs';
import { ManualClock, type Simulator } from '../../lib/simulator/index.js';
import type { UcwaClient } from '../../lib/client.js';
import { isUcwaErrorOfKind } from '../../lib/errors/guards.js';
import { toObjectUrl } from '../../lib/resources/photos/to-object-url.js';
import { clientFor, startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';

let sim: Simulator | undefined;
let client: UcwaClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
});

const isJpeg = (bytes: Uint8Array | undefined): boolean => bytes !== undefined && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes.at(-2) === 0xff && bytes.at(-1) === 0xd9;

describe('people.search', () => {
  it('finds people of the organisation by name, with what a contact card shows', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const result = await firstValueFrom(client.people.search('Sara'));
    expect(result.moreResultsAvailable).toBe(false);
    expect(result.contacts).toHaveLength(1);
    expect(result.contacts[0]).toMatchObject({ uri: 'sip:SaraD@contoso.com', name: 'Sara Davis', title: 'Product Manager', department: 'Sales & Marketing', type: 'User' });
    expect(result.contacts[0]?.emailAddresses).toEqual(['SaraD@contoso.com']);
  });

  it('honours a limit and says when more matched', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const result = await firstValueFrom(client.people.search('d', { limit: 2 }));
    expect(result.contacts).toHaveLength(2);
    expect(result.moreResultsAvailable).toBe(true);
    expect(sim.requests.entries({ path: '/people/search' })[0]?.path).toMatch(/limit=2/);
  });

  it('finds someone by exact e-mail address', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const result = await firstValueFrom(client.people.searchByMail('carol@contoso.com'));
    expect(result.contacts.map((c) => c.name)).toEqual(['Carol Diaz']);
  });

  it('refuses an empty query, a query over 256 characters and a limit outside 1-100 before sending', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    for (const call of [() => client!.people.search(''), () => client!.people.search('x'.repeat(257)), () => client!.people.search('x', { limit: 0 }), () => client!.people.search('x', { limit: 1.5 })]) {
      const error = await firstValueFrom(call()).catch((e: unknown) => e);
      expect(isUcwaErrorOfKind(error, 'invalidArgument')).toBe(true);
    }
    expect(sim.requests.count({ path: '/people/search' })).toBe(0);
  });

  it('a person found (not in the contact list) can be watched at once, without reading the contact list', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const [carol] = (await firstValueFrom(client.people.search('Carol'))).contacts;
    expect(carol?.uri).toBe('sip:carol@contoso.com');
    const presence = await firstValueFrom(client.presence$(carol!.uri));
    expect(presence).toMatchObject({ availability: 'Busy', activity: 'in-a-meeting' });
    expect(sim.requests.count({ method: 'GET', path: '/people/contacts' })).toBe(0);
  });
});

describe('photos', () => {
  it("a contact's photo as bytes, fetched once and then cached", async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const photo = await firstValueFrom(client.photos.photo('sip:bob@contoso.com'));
    expect(photo?.contentType).toBe('image/jpeg');
    expect(photo?.uri).toBe('sip:bob@contoso.com');
    expect(isJpeg(photo?.bytes)).toBe(true);
    const again = await firstValueFrom(client.photos.photo('sip:BOB@contoso.com'));
    expect(again).toBe(photo);
    expect(sim.requests.count({ method: 'GET', path: '/photos/' })).toBe(1);
  });

  it('the size asked for is sent; an invalid one is refused before sending', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const small = await firstValueFrom(client.photos.photo('sip:bob@contoso.com'));
    const large = await firstValueFrom(client.photos.photo('sip:bob@contoso.com', { size: 'hr96x96' }));
    expect(large!.bytes.length).toBeGreaterThan(small!.bytes.length);
    expect(sim.requests.entries({ path: '/photos/' }).map((e) => e.path.replace(/.*photos\//, ''))).toEqual(['bob@contoso.com', 'bob@contoso.com?size=HR96X96']);
    const error = await firstValueFrom(client.photos.photo('sip:bob@contoso.com', { size: '96' })).catch((e: unknown) => e);
    expect(isUcwaErrorOfKind(error, 'invalidArgument')).toBe(true);
  });

  it('someone without a photo gives undefined, and that is cached too', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    expect(await firstValueFrom(client.photos.photo('sip:frank@contoso.com'))).toBeUndefined();
    expect(await firstValueFrom(client.photos.photo('sip:frank@contoso.com'))).toBeUndefined();
    // Frank's contact resource has no contactPhoto link: nothing is asked for.
    expect(sim.requests.count({ path: '/photos/' })).toBe(0);
    // Removed: the contact resource has no photo link any more.
    expect(isJpeg((await firstValueFrom(client.photos.photo('sip:bob@contoso.com')))?.bytes)).toBe(true);
    sim.setPhoto('sip:bob@contoso.com', false);
    expect(await firstValueFrom(client.photos.photo('sip:bob@contoso.com', { size: 'HR64X64' }))).toBeUndefined();
    // A photo link that answers 404 (Exchange has none) means no photo too.
    sim.injectFault({ method: 'GET', path: '/photos/', fault: { kind: 'status', status: 404, subcode: 'ResourceNotFound' } });
    expect(await firstValueFrom(client.photos.photo('sip:SaraD@contoso.com'))).toBeUndefined();
    expect(sim.requests.entries({ path: '/photos/' }).map((e) => e.status)).toEqual([200, 404]);
  });

  it('anyone the server knows, found by search when not in the contact list; an unknown person is a typed error', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const carol = await firstValueFrom(client.photos.photo('sip:carol@contoso.com'));
    expect(isJpeg(carol?.bytes)).toBe(true);
    const error = await firstValueFrom(client.photos.photo('sip:nobody@contoso.com')).catch((e: unknown) => e);
    expect(isUcwaErrorOfKind(error, 'invalidArgument')).toBe(true);
  });

  it("the user's own photo, or undefined when she has none", async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    expect(isJpeg((await firstValueFrom(client.photos.myPhoto()))?.bytes)).toBe(true);
    await client.close();
    sim.setPhoto('sip:alice@contoso.com', false);
    client = clientFor(sim);
    expect(await firstValueFrom(client.photos.myPhoto())).toBeUndefined();
  });

  it('the cache is bounded and its entries expire on the client clock', async () => {
    const clock = new ManualClock();
    sim = await startFastSimulator({ clock });
    client = clientFor(sim, { clock, photos: { cacheSize: 2, maxAgeMs: 60_000 } });
    const photo = (uri: string) => firstValueFrom(client!.photos.photo(uri));
    await photo('sip:bob@contoso.com');
    await photo('sip:SaraD@contoso.com');
    await photo('sip:bob@contoso.com');
    expect(sim.requests.count({ path: '/photos/' })).toBe(2);
    await photo('sip:ChrisB@contoso.com'); // Sara, the least recently used, goes
    await photo('sip:bob@contoso.com');
    expect(sim.requests.count({ path: '/photos/' })).toBe(3);
    await photo('sip:SaraD@contoso.com');
    expect(sim.requests.count({ path: '/photos/' })).toBe(4);
    await clock.advance(60_000, sim.settle);
    await photo('sip:SaraD@contoso.com');
    expect(sim.requests.count({ path: '/photos/' })).toBe(5);
  });

  it('concurrent requests for one photo share one GET', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const photos = await Promise.all([1, 2, 3].map(() => firstValueFrom(client!.photos.photo('sip:AlexD@contoso.com'))));
    expect(new Set(photos).size).toBe(1);
    expect(sim.requests.count({ path: '/photos/' })).toBe(1);
  });

  it('toObjectUrl gives a blob: URL that lives until the subscriber leaves', async () => {
    sim = await startFastSimulator();
    client = clientFor(sim);
    const urls: (string | undefined)[] = [];
    const subscription = client.photos.photo('sip:bob@contoso.com').pipe(toObjectUrl()).subscribe((url) => urls.push(url));
    await eventually(() => urls.length === 1);
    const url = urls[0] as string;
    expect(url).toMatch(/^blob:/);
    const blob = resolveObjectURL(url);
    expect(blob?.type).toBe('image/jpeg');
    expect(isJpeg(new Uint8Array(await blob!.arrayBuffer()))).toBe(true);
    subscription.unsubscribe();
    expect(resolveObjectURL(url)).toBeUndefined();
    expect(await firstValueFrom(client.photos.photo('sip:frank@contoso.com').pipe(toObjectUrl()))).toBeUndefined();
  });
});
