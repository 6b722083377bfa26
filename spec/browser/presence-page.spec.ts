import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { launchChromium, recordConsole, type HeadlessChromium } from '../support/chromium.js';
import { startPageSite, type PageSite } from './static-site.js';

const BOB = 'sip:bob@contoso.com';

let sim: Simulator;
let site: PageSite;
let browser: HeadlessChromium;
let page: Page;
const consoleErrors: string[] = [];
/** 401s Chromium logs for the sign-in challenge: UCWA's way to name the token endpoint, not a fault. */
const challenges: string[] = [];

beforeAll(async () => {
  [sim, site, browser] = await Promise.all([startFastSimulator(), startPageSite(), launchChromium()]);
  page = await browser.context.newPage();
  recordConsole(page, challenges, consoleErrors);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await sim?.close();
});

/** Resolves when the page shows `availability` for the contact. */
async function pageShows(availability: string): Promise<void> {
  try {
    await page.locator(`#availability[data-availability="${availability}"]`).waitFor({ timeout: 60_000 });
  } catch (error) {
    const shown = await page.textContent('body').catch(() => '(no page)');
    throw new Error(`the page never showed ${availability}; it shows: ${shown?.replace(/\s+/g, ' ').trim()}; console: ${consoleErrors.join(' | ') || 'no errors'}`, { cause: error });
  }
}

describe('ucwa-rx in Chromium', () => {
  it('shows a contact presence from a page on another origin, follows a change, and closes cleanly', async () => {
    expect(new URL(site.origin).origin).not.toBe(new URL(sim.discoveryUrl).origin); // CORS is exercised
    await page.goto(site.pageUrl({ discovery: sim.discoveryUrl, contact: BOB }));

    await pageShows('Online');
    expect(await page.textContent('#contact')).toBe(BOB);
    expect(await page.textContent('#connection')).toBe('connected');

    sim.setPresence(BOB, { availability: 'Busy', activity: 'on-the-phone' });
    await pageShows('Busy');
    expect(await page.textContent('#activity')).toBe('on-the-phone');

    await page.evaluate(() => window.presencePage?.close());
    await eventually(() => sim.state().applications.length === 0);
    expect(await page.textContent('#error')).toBe('');
    expect(consoleErrors).toEqual([]);
    expect(challenges).toEqual([new URL('oauth/user', `${sim.discoveryUrl}/`).href]);
  });
});
