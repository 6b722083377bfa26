import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSession, startHarness, type Harness, type Json, type Session } from './helpers.js';
import { EventReader } from './me-helpers.js';

describe('search (search_ref.md, search2_ref.md, SearchForUsersContact.md)', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  const search = (query: string): ReturnType<Session['get']> => s.get(`${s.people('search')}?${query}`);
  const names = (body: Json): string[] => ((body._embedded?.contact ?? []) as Json[]).map((c: Json) => c.name as string);

  it('finds a contact by e-mail address as the walkthrough does, with its links', async () => {
    const res = await search('query=sarad@contoso.com&limit=3');
    expect(res.status).toBe(200);
    const base = s.people('self');
    expect(res.body).toEqual({
      rel: 'search',
      moreResultsAvailable: false,
      _links: { self: { href: `${s.people('search')}?query=sarad@contoso.com&limit=3` } },
      _embedded: {
        contact: [
          {
            rel: 'contact',
            uri: 'sip:SaraD@contoso.com',
            name: 'Sara Davis',
            company: 'Contoso',
            department: 'Sales & Marketing',
            title: 'Product Manager',
            office: expect.any(String),
            emailAddresses: ['SaraD@contoso.com'],
            workPhoneNumber: expect.stringMatching(/^tel:\+1425555/),
            sourceNetwork: 'SameEnterprise',
            type: 'User',
            _links: {
              self: { href: `${base}/sarad@contoso.com` },
              contactPresence: { href: `${base}/sarad@contoso.com/presence` },
              contactNote: { href: `${base}/sarad@contoso.com/note` },
              contactLocation: { href: `${base}/sarad@contoso.com/location` },
              contactSupportedModalities: { href: `${base}/sarad@contoso.com/supportedMedia` },
              contactPhoto: { href: `${s.appHref}/photos/SaraD@contoso.com` },
            },
          },
        ],
      },
    });
  });

  it.each([
    ['query=sara', ['Sara Davis']],
    ['query=DAV', ['Dave Ochoa', 'Sara Davis']],
    ['query=sip:chr', ['Chris Barry']],
    ['query=jane', ['Jane Doe']],
    ['query=sara%20d', ['Sara Davis']],
    ['query=victor', []],
    ['query=victor@fabrikam.com', ['Victor Xu']],
    ['mail=JOHNDOE@contoso.com', ['John Doe']],
    ['query=zzz', []],
  ])('%s finds %j', async (query, expected) => {
    const res = await search(query);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
  });

  it('finds by phone number digits', async () => {
    const bob = (await s.get(`${s.people('self')}/bob@contoso.com`)).body.workPhoneNumber as string;
    const res = await search(`query=${encodeURIComponent(bob.slice(-7))}`);
    expect(names(res.body)).toEqual(['Bob Kelly']);
  });

  it('returns at most limit results, in name order, and says when there are more', async () => {
    const all = await search('query=d');
    expect(all.body.moreResultsAvailable).toBe(false);
    const everyone = names(all.body);
    expect(everyone.length).toBeGreaterThan(5);
    expect(everyone).toEqual([...everyone].sort((a, b) => a.localeCompare(b)));
    const three = await search('query=d&limit=3');
    expect(names(three.body)).toEqual(everyone.slice(0, 3));
    expect(three.body.moreResultsAvailable).toBe(true);
    expect(names((await search(`query=d&limit=${everyone.length}`)).body)).toHaveLength(everyone.length);
  });

  it.each([
    ['', 'query'],
    ['limit=3', 'query'],
    ['query=%20', 'query'],
    [`query=${'a'.repeat(257)}`, 'query'],
    ['query=sara&limit=0', 'limit'],
    ['query=sara&limit=101', 'limit'],
    ['query=sara&limit=few', 'limit'],
  ])('refuses "%s" with 400 ParameterValidationFailure', async (query, name) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ subcode: 'ParameterValidationFailure', parameters: { [name]: expect.any(String) } });
  });

  it('answers in XML', async () => {
    const res = await s.get(`${s.people('search')}?query=bob`, { headers: { accept: 'application/xml' } });
    expect(res.text).toContain(`<resource rel="search" href="${s.people('search')}?query=bob"`);
    expect(res.text).toContain('<property name="moreResultsAvailable">false</property>');
    expect(res.text).toContain(`<resource rel="contact" href="${s.people('self')}/bob@contoso.com">`);
  });

  it("lets a client watch the presence of someone found who is not on the user's contact list", async () => {
    const found = (await search('query=carol')).body._embedded.contact[0];
    expect(h.sim.state().applications[0]?.subscribedContacts).toEqual([]);
    const myContacts = (await s.get(s.people('myContacts'))).body._embedded.contact as Json[];
    expect(myContacts.map((c: Json) => c.uri)).not.toContain(found.uri);
    const reader = new EventReader(h, s);
    expect((await s.post(s.people('presenceSubscriptions'), { duration: 30, uris: [found.uri] })).status).toBe(201);
    await reader.next();
    h.sim.setPresence(found.uri, { availability: 'DoNotDisturb' });
    const events = await reader.next();
    expect(events.map((e: Json) => e.link.href)).toContain(found._links.contactPresence.href);
    expect((await s.get(found._links.contactPresence.href)).body.availability).toBe('DoNotDisturb');
  });
});
