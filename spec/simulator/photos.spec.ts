import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { http, openSession, startHarness, type Harness, type Session } from './helpers.js';

/** Width and height from a baseline JPEG's SOF0 segment, after checking SOI and EOI. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
  const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
  expect(sof).toBeGreaterThan(0);
  return { height: bytes.readUInt16BE(sof + 5), width: bytes.readUInt16BE(sof + 7) };
}

async function bytes(s: Session, href: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(s.url(href), { headers: { authorization: `Bearer ${s.token}`, accept: 'image/jpeg', ...headers } });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

describe('photos (photo_ref.md, contactPhoto_ref.md, GetMyPhoto.md)', () => {
  let h: Harness;
  let s: Session;
  beforeEach(async () => {
    h = await startHarness();
    s = await openSession(h.sim);
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('serves my photo at the me link: a generated JPEG, 48x48 by default, the same bytes every time', async () => {
    const href = s.app._embedded.me._links.photo.href as string;
    expect(href).toBe(`${s.appHref}/photos/alice@contoso.com`);
    const photo = await bytes(s, href);
    expect(photo.status).toBe(200);
    expect(photo.type).toBe('image/jpeg');
    expect(jpegSize(photo.body)).toEqual({ width: 48, height: 48 });
    expect((await bytes(s, href)).body.equals(photo.body)).toBe(true);
    const bob = await bytes(s, `${s.appHref}/photos/bob@contoso.com`);
    expect(bob.body.equals(photo.body)).toBe(false);
  });

  it('serves the sizes Exchange serves and refuses others', async () => {
    const href = `${s.appHref}/photos/SaraD@contoso.com`;
    expect(jpegSize((await bytes(s, `${href}?size=HR96X96`)).body)).toEqual({ width: 96, height: 96 });
    expect(jpegSize((await bytes(s, `${href}?size=hr648x648`)).body)).toEqual({ width: 648, height: 648 });
    for (const size of ['HR50X50', 'HR64X96', 'big']) {
      const res = await s.get(`${href}?size=${size}`);
      expect([size, res.status, res.body.parameters?.size]).toEqual([size, 400, expect.any(String)]);
    }
  });

  it('links contactPhoto only for people with a photo; the others answer 404', async () => {
    const contacts = (await s.get(s.people('myContacts'))).body._embedded.contact;
    const manish = contacts.find((c: { uri: string }) => c.uri === 'sip:ManishC@contoso.com');
    const bob = contacts.find((c: { uri: string }) => c.uri === 'sip:bob@contoso.com');
    expect(manish._links.contactPhoto).toBeUndefined();
    expect(bob._links.contactPhoto).toEqual({ href: `${s.appHref}/photos/bob@contoso.com` });
    for (const who of ['ManishC@contoso.com', 'helpdesk@contoso.com', 'nobody@contoso.com']) {
      const res = await s.get(`${s.appHref}/photos/${who}`);
      expect([who, res.status, res.body.code]).toEqual([who, 404, 'NotFound']);
    }
  });

  it('serves an image set through the control and admin APIs, and removes photos', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    h.sim.setPhoto('sip:bob@contoso.com', { contentType: 'image/png', data: png });
    const custom = await bytes(s, `${s.appHref}/photos/bob@contoso.com?size=HR240X240`);
    expect([custom.status, custom.type, custom.body.equals(png)]).toEqual([200, 'image/png', true]);
    const admin = await http(`${h.sim.origin}/_simulator/photo`, { json: { uri: 'sip:bob@contoso.com', photo: false } });
    expect(admin.status).toBe(204);
    expect((await s.get(`${s.appHref}/photos/bob@contoso.com`)).status).toBe(404);
    expect((await s.get(`${s.people('self')}/bob@contoso.com`)).body._links.contactPhoto).toBeUndefined();
    h.sim.setPhoto('sip:ManishC@contoso.com', true);
    expect((await bytes(s, `${s.appHref}/photos/ManishC@contoso.com`)).type).toBe('image/jpeg');
  });

  it('lets <img src> load photos with the cwt_ucwa cookie the application resource sets, and nothing else', async () => {
    const app = await fetch(s.url(s.appHref), { headers: { authorization: `Bearer ${s.token}`, accept: 'application/json' } });
    const cookie = app.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^cwt_ucwa=[^;]+; path=${s.appHref}/photos; HttpOnly$`));
    expect(cookie).toContain(s.token.slice('cwt='.length));
    const pair = cookie.split(';')[0] ?? '';
    const photo = await fetch(s.url(`${s.appHref}/photos/alice@contoso.com`), { headers: { cookie: pair } });
    expect(photo.status).toBe(200);
    expect((await fetch(s.url(`${s.appHref}/photos/alice@contoso.com`))).status).toBe(401);
    expect((await fetch(s.url(`${s.appHref}/me`), { headers: { cookie: pair } })).status).toBe(401);
    expect((await fetch(s.url(`${s.appHref}/photos/alice@contoso.com`), { headers: { cookie: 'cwt_ucwa=forged' } })).status).toBe(401);
  });
});
