import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { launchChromium, recordConsole, type HeadlessChromium } from '../support/chromium.js';
import { startDiscoveryFront, type DiscoveryFront } from './skype-docs/discovery-front.js';
import { startHelperSite, type HelperSite } from './skype-docs/helper-site.js';

/**
 * Microsoft's UCWA helper libraries (OfficeDev/skype-docs, Skype/UCWA/samples/scripts, vendored
 * unchanged) in Chromium against the simulator, through their own discovery and sign-in: they start
 * at https://lyncdiscoverinternal.<domain>/xframe, so Chromium resolves that host to an HTTPS front of
 * the simulator (a throwaway self-signed certificate, accepted by this browser only). Every request
 * goes by postMessage through the cross-domain frame the simulator serves.
 *
 * Where they depart from the protocol: their event loop (Events.js) follows only `next` and `resync`,
 * never `resume`, so after the pool drops the application's transient state they stop reading events;
 * this test does not force a resume.
 */
const ALICE = 'alice@contoso.com';
const BOB = 'sip:bob@contoso.com';
const DISCOVERY_HOST = 'lyncdiscoverinternal.contoso.com';

let sim: Simulator;
let front: DiscoveryFront;
let site: HelperSite;
let browser: HeadlessChromium;
let page: Page;
const consoleErrors: string[] = [];
/** 401s Chromium logs for the sign-in challenge: UCWA's way to name the token endpoint, not a fault. */
const challenges: string[] = [];

/** A step the page reported (window.interop.steps). */
interface Step {
  readonly step: string;
  readonly [field: string]: unknown;
}

declare global {
  interface Window {
    interop?: { steps: Step[]; setMyPresence(availability: string): void; search(text: string): void; showMyPhoto(): void };
  }
}

const steps = (): Promise<Step[]> => page.evaluate(() => window.interop?.steps ?? []);

/** Resolves with the first step matching `match` once the page has reported it; a hang guard only. */
async function pageReports(match: (step: Step) => boolean, what: string): Promise<Step> {
  const deadline = 60_000;
  const started = Date.now();
  for (;;) {
    const found = (await steps()).find(match);
    if (found) return found;
    if ((await steps()).some((step) => step.step === 'failed') || Date.now() - started > deadline) {
      throw new Error(`the page never reported ${what}; it reported ${JSON.stringify(await steps())}; console: ${consoleErrors.join(' | ') || 'no errors'}`);
    }
    await page.waitForTimeout(20);
  }
}

beforeAll(async () => {
  sim = await startFastSimulator();
  [front, site] = await Promise.all([startDiscoveryFront(DISCOVERY_HOST, new URL(sim.discoveryUrl).origin), startHelperSite()]);
  browser = await launchChromium({
    args: [`--host-resolver-rules=MAP ${DISCOVERY_HOST}:443 127.0.0.1:${front.port}`],
    ignoreHTTPSErrors: true,
  });
  page = await browser.context.newPage();
  recordConsole(page, challenges, consoleErrors);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await front?.close();
  await sim?.close();
});

describe("Microsoft's UCWA helper libraries in Chromium", () => {
  it('discover, sign in, make me available, subscribe to presence, follow events, set my presence, search and show my photo', async () => {
    await page.goto(site.pageUrl({ user: ALICE, password: 'password', contact: BOB }));
    const origin = new URL(sim.discoveryUrl).origin;

    const discovered = await pageReports((step) => step.step === 'discovered', 'discovery');
    expect(discovered['user']).toBe(`${origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`);
    // Their discovery on the discovery host: its frame, the frame's own GET, then the root (GET https://lyncdiscoverinternal.contoso.com).
    expect(front.requests).toEqual(['GET /xframe', 'GET /xframe', 'GET /']);

    const signedIn = await pageReports((step) => step.step === 'signedIn', 'sign-in');
    expect(signedIn['domain']).toBe(origin); // their Transport moved to the pool's frame
    expect(signedIn['meLinks']).toEqual(expect.arrayContaining(['presence', 'note', 'location', 'reportMyActivity']));
    expect(signedIn['meLinks']).not.toContain('makeMeAvailable');
    const [app] = sim.state().applications;
    expect(sim.state().applications).toHaveLength(1);
    expect(signedIn['application']).toBe(`/ucwa/oauth/v1/applications/${app?.id}`);
    expect(app?.userAgent).toBe('UCWA Samples');
    expect(app?.available?.modalities).toEqual(['Messaging']);
    expect(sim.userState(ALICE).availableApplications).toEqual([app?.id]);

    const subscribed = await pageReports((step) => step.step === 'subscribed', 'the presence subscription');
    expect(subscribed['status']).toBe(201);
    const [subscription] = sim.state().applications[0]?.presenceSubscriptions ?? [];
    expect(subscription?.members).toEqual([BOB]);
    expect(subscribed['href']).toBe(`/ucwa/oauth/v1/applications/${app?.id}/people/presenceSubscriptions/${subscription?.id}`);
    await pageReports((step) => step.step === 'myPresence' && step['type'] === 'added', 'my presence added (makeMeAvailable)');

    sim.setPresence(BOB, { availability: 'Busy', activity: 'on-the-phone' });
    const busy = await pageReports((step) => step.step === 'contactPresence' && step['availability'] === 'Busy', "Bob's presence event");
    expect(busy['href']).toBe(`/ucwa/oauth/v1/applications/${app?.id}/people/bob@contoso.com/presence`);

    await page.evaluate(() => window.interop?.setMyPresence('BeRightBack'));
    const set = await pageReports((step) => step.step === 'presenceSet', 'setting my presence');
    expect(set).toMatchObject({ status: 204, statusText: 'success' });
    expect(sim.userState(ALICE).preferredAvailability).toBe('BeRightBack');
    await pageReports((step) => step.step === 'myPresence' && step['availability'] === 'BeRightBack', 'my presence updated event');

    await page.evaluate(() => window.interop?.search('Sara'));
    const searched = await pageReports((step) => step.step === 'searched', 'search');
    expect(searched['status']).toBe(200);
    expect(searched['contacts']).toEqual([expect.objectContaining({ uri: 'sip:SaraD@contoso.com' })]);

    await page.evaluate(() => window.interop?.showMyPhoto());
    const photo = await pageReports((step) => step.step === 'photo', 'my photo');
    expect(photo).toMatchObject({ loaded: true, width: 48, height: 48 });

    expect((await steps()).filter((step) => step.step === 'failed')).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(challenges).toEqual([`${origin}/autodiscover/autodiscoverservice.svc/root/oauth/user`]);
  });
});
