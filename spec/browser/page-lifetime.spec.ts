import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { launchChromium, type HeadlessChromium } from '../support/chromium.js';
import { startPageSite, type PageSite } from './static-site.js';

const BOB = 'sip:bob@contoso.com';

let sim: Simulator;
let site: PageSite;
let browser: HeadlessChromium;
const pageErrors: string[] = [];

beforeAll(async () => {
  [sim, site, browser] = await Promise.all([startFastSimulator(), startPageSite(), launchChromium({ backForwardCache: true })]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await sim?.close();
});

async function openPage(): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
  return page;
}

/** Resolves when the page shows `availability` for the contact. */
async function pageShows(page: Page, availability: string): Promise<void> {
  try {
    await page.locator(`#availability[data-availability="${availability}"]`).waitFor({ timeout: 60_000 });
  } catch (error) {
    const shown = await page.textContent('body').catch(() => '(no page)');
    throw new Error(`the page never showed ${availability}; it shows: ${shown?.replace(/\s+/g, ' ').trim()}; ${pageErrors.join(' | ') || 'no page errors'}`, { cause: error });
  }
}

/** Every instance of every application of the simulator. */
const instances = (): number => sim.state().applications.reduce((sum, app) => sum + app.instances.length, 0);

describe('the page lifetime in Chromium (pagehide deletes the instance, a restored page joins again)', () => {
  it('30 reloads of a page watching presence: every load shows presence, and one application with one instance is left', async () => {
    const page = await openPage();
    await page.goto(site.pageUrl({ discovery: sim.discoveryUrl, contact: BOB }));
    await pageShows(page, 'Online');
    const [first] = sim.state().applications;
    for (let reload = 1; reload <= 30; reload++) {
      const availability = reload % 2 === 0 ? 'Online' : 'Busy';
      sim.setPresence(BOB, { availability });
      await page.reload();
      await pageShows(page, availability);
      // At most this page's instance and the one the last page is still deleting.
      expect(instances()).toBeLessThanOrEqual(2);
    }
    await eventually(() => instances() === 1);
    const apps = sim.state().applications;
    expect(apps).toHaveLength(1);
    // The endpointId kept in localStorage: the application of every load has the same one.
    expect(apps[0]?.endpointId).toBe(first?.endpointId);
    const stored = await page.evaluate(() => Object.entries(localStorage).filter(([key]) => key.startsWith('ucwa-rx.endpointId')));
    expect(stored.map(([, value]) => value)).toEqual([first?.endpointId]);
    // Each page deleted its own instance on pagehide (nothing expired: the simulator's expiry is 15 minutes away).
    expect(sim.log.count({ method: 'DELETE', status: 204 })).toBeGreaterThanOrEqual(30);
    expect(sim.log.count({ status: 409 })).toBe(0);
    // Each DELETE was a keepalive request to the pool, naming its instance.
    const deletes = await page.evaluate(() => JSON.parse(sessionStorage.getItem('deletes') ?? '[]') as { keepalive: boolean; origin: string; instanceId: string | null }[]);
    expect(deletes).toHaveLength(30);
    expect(deletes.filter((entry) => !entry.keepalive || entry.origin !== new URL(sim.discoveryUrl).origin || !entry.instanceId)).toEqual([]);
    expect(new Set(deletes.map((entry) => entry.instanceId)).size).toBe(30);
    await page.evaluate(() => window.presencePage?.close());
    await eventually(() => sim.state().applications.length === 0);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('a page put in the back/forward cache and restored keeps working', async () => {
    const page = await openPage();
    await page.goto(site.pageUrl({ discovery: sim.discoveryUrl, contact: BOB }));
    sim.setPresence(BOB, { availability: 'Away' });
    await pageShows(page, 'Away');
    await page.goto(site.elsewhereUrl);
    // Hidden: its instance was deleted (the application with it, as no other instance is left).
    await eventually(() => instances() === 0);
    // A restore from the back/forward cache fires no load event: wait for the commit, then pageshow.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => (window.presencePage?.pageShows.length ?? 0) >= 2, undefined, { timeout: 60_000 });
    // Restored from the cache (pageshow persisted), not loaded again (the navigation entry is still the first load's).
    expect(await page.evaluate(() => window.presencePage?.pageShows)).toEqual([false, true]);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').map((entry) => (entry as PerformanceNavigationTiming).type))).toEqual(['navigate']);
    await eventually(() => instances() === 1 && sim.state().outstandingPgets === 1);
    sim.setPresence(BOB, { availability: 'DoNotDisturb' });
    await pageShows(page, 'DoNotDisturb');
    await page.evaluate(() => window.presencePage?.close());
    await eventually(() => sim.state().applications.length === 0);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('two browser profiles do not interfere: an application each, and reloading one leaves the other alone', async () => {
    const other = await launchChromium({ backForwardCache: true });
    try {
      const page = await openPage();
      const elsewhere = await other.context.newPage();
      elsewhere.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
      sim.setPresence(BOB, { availability: 'Online' });
      await Promise.all([page.goto(site.pageUrl({ discovery: sim.discoveryUrl, contact: BOB })), elsewhere.goto(site.pageUrl({ discovery: sim.discoveryUrl, contact: BOB }))]);
      await Promise.all([pageShows(page, 'Online'), pageShows(elsewhere, 'Online')]);
      await eventually(() => sim.state().applications.length === 2 && instances() === 2);
      const endpoints = sim.state().applications.map((app) => app.endpointId);
      expect(new Set(endpoints).size).toBe(2);
      const connectedBefore = await elsewhere.evaluate(() => window.presencePage?.pageShows.length);
      for (const availability of ['Busy', 'Away'] as const) {
        await page.reload();
        sim.setPresence(BOB, { availability });
        await Promise.all([pageShows(page, availability), pageShows(elsewhere, availability)]);
      }
      await eventually(() => instances() === 2);
      expect(sim.state().applications.map((app) => app.endpointId).sort()).toEqual([...endpoints].sort());
      // The other profile's page was never reloaded nor reset.
      expect(await elsewhere.evaluate(() => window.presencePage?.pageShows.length)).toBe(connectedBefore);
      await Promise.all([page.evaluate(() => window.presencePage?.close()), elsewhere.evaluate(() => window.presencePage?.close())]);
      await eventually(() => sim.state().applications.length === 0);
      await page.close();
      expect(pageErrors).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
