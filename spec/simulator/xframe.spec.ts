/* The cross-domain frame in Chromium, driven by a page on another loopback origin that posts the messages Microsoft's Transport.js posts. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../lib/simulator/index.js';
import { avatarColor } from '../../lib/simulator/directory/photos/avatar.js';
import { launchChromium, type HeadlessChromium } from '../support/chromium.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** What the frame posts back. */
interface FrameReply {
  readonly messageId: unknown;
  readonly status: number;
  readonly statusText: string;
  readonly headers: string;
  readonly responseText: string;
}

/** The host page: an iframe on the simulator's origin, and `ask(message)` that posts a JSON string and waits for the reply with its messageId. */
const HOST_PAGE = `<!DOCTYPE html>
<html><body>
<iframe id="xFrame" style="display:none"></iframe>
<script>
  let counter = 0;
  const waiting = new Map();
  window.addEventListener('message', (event) => {
    const reply = JSON.parse(event.data);
    const key = JSON.stringify(reply.messageId);
    const resolve = waiting.get(key);
    if (resolve) { waiting.delete(key); resolve({ ...reply, fromOrigin: event.origin }); }
  });
  window.frameReady = (src) => new Promise((resolve) => {
    const frame = document.getElementById('xFrame');
    frame.onload = () => resolve();
    frame.src = src;
  });
  window.ask = (message, targetOrigin) => new Promise((resolve) => {
    const messageId = message.messageId ?? message.request?.messageId ?? 'm' + counter++;
    if (message.request) message.request.messageId = messageId; else message.messageId = messageId;
    waiting.set(JSON.stringify(messageId), resolve);
    document.getElementById('xFrame').contentWindow.postMessage(JSON.stringify(message), targetOrigin);
  });
  window.photo = (src) => new Promise((resolve) => {
    const img = new Image();
    img.crossOrigin = 'use-credentials';
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d'); g.drawImage(img, 0, 0);
      resolve({ width: img.naturalWidth, height: img.naturalHeight, corner: [...g.getImageData(2, 2, 1, 1).data].slice(0, 3) });
    };
    img.onerror = () => resolve({ error: true });
    img.src = src;
  });
</script>
</body></html>`;

let sim: Simulator;
let site: TestServer;
let browser: HeadlessChromium;
let page: Page;

beforeAll(async () => {
  [sim, site, browser] = await Promise.all([
    startSimulator({ aggregationScale: 0.002 }),
    startTestServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(HOST_PAGE);
    }),
    launchChromium(),
  ]);
  page = await browser.context.newPage();
  await page.goto(`${site.origin}/`);
  const root = (await (await fetch(sim.discoveryUrl, { headers: { accept: 'application/json' } })).json()) as { _links: { xframe: { href: string } } };
  await page.evaluate((src) => (window as unknown as { frameReady(src: string): Promise<void> }).frameReady(src), root._links.xframe.href);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await sim?.close();
});

/** Posts a Transport.js-shaped message to the frame and returns its reply. */
function ask(message: Record<string, unknown>): Promise<FrameReply & { fromOrigin: string }> {
  return page.evaluate(
    ([m, target]) => (window as unknown as { ask(m: unknown, t: string): Promise<FrameReply & { fromOrigin: string }> }).ask(m, target),
    [message, sim.origin] as const,
  );
}

/** Header lines of a reply, as GeneralHelper.parseHeaders splits them. */
const lines = (reply: FrameReply): string[] => reply.headers.split('\r\n').filter((line) => line !== '');

describe('the cross-domain frame (root_ref.md xframe, Cross-domain IFRAME)', () => {
  let token = '';
  let appHref = '';

  it('walks discovery, the 401 challenge and the password grant through postMessage', async () => {
    const root = await ask({ type: 'get', url: sim.discoveryUrl, headers: { Accept: 'application/json' } });
    expect(root.fromOrigin).toBe(sim.origin);
    expect(root).toMatchObject({ messageId: expect.any(String), status: 200, statusText: 'success' });
    expect(lines(root)).toContain('Content-Type: application/json; charset=utf-8');
    const userHref = JSON.parse(root.responseText)._links.user.href as string;

    const challenge = await ask({ type: 'get', url: userHref, headers: { Accept: 'application/json' } });
    expect(challenge).toMatchObject({ status: 401, statusText: 'error' });
    const challenges = lines(challenge).filter((line) => line.startsWith('WWW-Authenticate: '));
    expect(challenges).toHaveLength(2);
    expect(challenges[0]).toMatch(/^WWW-Authenticate: Bearer trusted_issuers=/);
    expect(challenges[1]).toBe(`WWW-Authenticate: MsRtcOAuth href="${sim.origin}/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"`);

    const grant = await ask({
      type: 'post',
      url: `${sim.origin}/WebTicket/oauthtoken`,
      headers: { Accept: 'application/json', 'Content-Type': "application/x-www-form-urlencoded;charset='utf-8'" },
      data: 'grant_type=password&username=alice%40contoso.com&password=password',
    });
    expect(grant.status).toBe(200);
    token = JSON.parse(grant.responseText).access_token as string;

    const user = await ask({ type: 'get', url: userHref, headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
    expect(user.status).toBe(200);
  });

  it('creates an application, makes it available and reads events, with JSON bodies as strings', async () => {
    const auth = { Accept: 'application/json', Authorization: `Bearer ${token}` };
    const created = await ask({
      type: 'post',
      url: `${sim.origin}/ucwa/oauth/v1/applications`,
      headers: { ...auth, 'Content-Type': 'application/json' },
      data: JSON.stringify({ userAgent: 'UCWA Samples', endpointId: 'frame', culture: 'en-US' }),
    });
    expect(created).toMatchObject({ status: 201, statusText: 'success' });
    const app = JSON.parse(created.responseText);
    appHref = app._links.self.href as string;
    const available = await ask({
      type: 'post',
      url: `${sim.origin}${app._embedded.me._links.makeMeAvailable.href}`,
      headers: { ...auth, 'Content-Type': 'application/json' },
      data: JSON.stringify({ SupportedModalities: ['Messaging'] }),
    });
    expect(available).toMatchObject({ status: 204, statusText: 'success', responseText: '' });
    // An empty POST as Transport.js sends it: data "" and an empty Content-Type.
    const reset = await ask({ type: 'post', url: `${sim.origin}${appHref}/me/presence`, headers: { ...auth, 'Content-Type': '' }, data: '' });
    expect(reset.status).toBe(204);
    const events = await ask({ type: 'get', url: `${sim.origin}${app._links.events.href}`, headers: auth });
    const body = JSON.parse(events.responseText);
    expect(body.sender.map((s: { rel: string }) => s.rel)).toEqual(['communication', 'me']);
    const deleted = await ask({ type: 'delete', url: `${sim.origin}${appHref}/me/presence`, headers: { Authorization: `Bearer ${token}` } });
    expect(lines(deleted)).toContain('Allow: GET, POST');
  });

  it('lets <img src> on the page load a photo with the cookie the application set, and it decodes', async () => {
    const app = await ask({ type: 'get', url: `${sim.origin}${appHref}`, headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
    expect(app.status).toBe(200);
    const photoHref = JSON.parse(app.responseText)._embedded.me._links.photo.href as string;
    const decoded = await page.evaluate((src) => (window as unknown as { photo(s: string): Promise<unknown> }).photo(src), `${sim.origin}${photoHref}?size=HR64X64`);
    const [r, g, b] = avatarColor('sip:alice@contoso.com');
    expect(decoded).toEqual({ width: 64, height: 64, corner: [expect.any(Number), expect.any(Number), expect.any(Number)] });
    const corner = (decoded as { corner: number[] }).corner;
    expect(Math.max(Math.abs((corner[0] ?? 0) - r), Math.abs((corner[1] ?? 0) - g), Math.abs((corner[2] ?? 0) - b))).toBeLessThan(6);
  });

  it('is served at /xframe of the discovery host and at root/xframe too', async () => {
    for (const path of ['/xframe', '/autodiscover/autodiscoverservice.svc/root/xframe']) {
      const res = await ask({ type: 'get', url: `${sim.origin}${path}`, headers: { Accept: 'text/html' } });
      expect([path, res.status, res.responseText.includes("addEventListener('message'")]).toEqual([path, 200, true]);
    }
  });

  it('accepts the documented {request} form with accepts and a structured messageId', async () => {
    const reply = await ask({ request: { accepts: 'application/xml', type: 'get', url: sim.discoveryUrl, messageId: { Id: 7, callback: 'x' } } });
    expect(reply.messageId).toEqual({ Id: 7, callback: 'x' });
    expect(reply.responseText).toContain('<resource rel="root"');
  });

  it('refuses URLs of another origin, and the server refuses page origins not on its allowed list', async () => {
    const elsewhere = await ask({ type: 'get', url: `${site.origin}/`, headers: {} });
    expect(elsewhere).toMatchObject({ status: 403, statusText: 'error', responseText: '' });
    const strict = await startSimulator({ cors: { origins: ['http://allowed.example'] } });
    try {
      const refused = await fetch(strict.discoveryUrl, { headers: { 'X-Ms-Origin': 'http://elsewhere.example', accept: 'application/json' } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-ms-diagnostics')).toMatch(/reason="Service does not allow a cross domain request from this origin\."$/);
      const allowed = await fetch(strict.discoveryUrl, { headers: { 'X-Ms-Origin': 'http://allowed.example' } });
      expect(allowed.status).toBe(200);
      // loopback pages (the test's own page) are always on the list
      const loopback = await fetch(strict.discoveryUrl, { headers: { 'X-Ms-Origin': site.origin } });
      expect(loopback.status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});
