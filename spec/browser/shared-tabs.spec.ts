import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { Simulator } from '../../lib/simulator/index.js';
import { startFastSimulator } from '../support/simulator.js';
import { eventually } from '../support/test-server.js';
import { launchChromium, type HeadlessChromium } from '../support/chromium.js';
import { startPageSite, type PageSite } from './static-site.js';

const BOB = 'sip:bob@contoso.com';

let sim: Simulator;
let site: PageSite;
let first: HeadlessChromium;
let second: HeadlessChromium;
const problems: string[] = [];

/** The anonymous GET of the user resource answers 401 with the MsRtcOAuth challenge: not a fault. */
const isSignInChallenge = (text: string, url: string): boolean =>
  /^Failed to load resource: .*\b401\b/.test(text) && new URL(url).pathname.toLowerCase().endsWith('/oauth/user');

/**
 * A request that meets an application its last instance just deleted (a tab closing while another
 * starts leading) answers 404 ApplicationNotFound, which the client recovers from by creating the
 * application again; Chromium logs the 404 all the same: not a fault.
 */
const isApplicationGone = (text: string, url: string): boolean =>
  /^Failed to load resource: .*\b404\b/.test(text) && /\/ucwa\/oauth\/v1\/applications\/\d+\//i.test(new URL(url).pathname);

beforeAll(async () => {
  [sim, site, first, second] = await Promise.all([startFastSimulator(), startPageSite(), launchChromium(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await first?.close();
  await second?.close();
  await site?.close();
  await sim?.close();
});

/** A tab of `context` showing Bob's presence; console errors and page errors are collected. */
async function openTab(context: BrowserContext, query: Record<string, string> = {}): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !isSignInChallenge(message.text(), message.location().url) && !isApplicationGone(message.text(), message.location().url)) problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(site.pageUrl({ discovery: sim.discoveryUrl, contact: BOB, ...query }));
  return page;
}

/** Resolves when the tab shows `availability` (hang guard only). */
async function shows(page: Page, availability: string): Promise<void> {
  try {
    await page.locator(`#availability[data-availability="${availability}"]`).waitFor({ timeout: 60_000 });
  } catch (error) {
    const shown = await page.textContent('body').catch(() => '(no page)');
    throw new Error(`the tab never showed ${availability}; it shows: ${shown?.replace(/\s+/g, ' ').trim()}; ${problems.join(' | ')}`, { cause: error });
  }
}

/** The Web Locks of the profile, as one of its tabs sees them. */
const locks = (page: Page): Promise<{ held: number; pending: number }> =>
  page.evaluate(async () => {
    const state = await navigator.locks.query();
    return { held: state.held?.length ?? 0, pending: state.pending?.length ?? 0 };
  });

describe('tabs of one profile share one client in Chromium', () => {
  it('4 tabs: one application and one P-GET, every change reaches every tab; the leader closes, another leads, presence flows; another profile has its own', async () => {
    // The first tab leads: it is alone when it asks for the lock.
    const leader = await openTab(first.context);
    await shows(leader, 'Online');
    const followers = [await openTab(first.context), await openTab(first.context), await openTab(first.context)];
    const tabs = [leader, ...followers];
    for (const tab of tabs) await shows(tab, 'Online');
    expect(await locks(leader)).toEqual({ held: 1, pending: 3 });
    expect(sim.state().applications).toHaveLength(1);
    await eventually(() => sim.state().outstandingPgets === 1);

    sim.setPresence(BOB, { availability: 'Busy', activity: 'on-the-phone' });
    for (const tab of tabs) await shows(tab, 'Busy');
    expect(sim.state().applications).toHaveLength(1);

    // The leader's tab goes away: another takes the lock and starts its real client.
    await leader.close();
    await eventually(() => sim.state().outstandingPgets === 1 && sim.state().applications.some((app) => app.instances.some((instance) => instance.eventChannel.held)));
    sim.setPresence(BOB, { availability: 'Away' });
    for (const tab of followers) await shows(tab, 'Away');
    expect(await locks(followers[0]!)).toEqual({ held: 1, pending: 2 });
    await eventually(() => sim.state().outstandingPgets === 1);
    for (const tab of followers) expect(await tab.textContent('#error')).toBe('');

    // A second profile: its own lock, its own leader, its own application and P-GET.
    const applicationsBefore = sim.state().applications.length;
    const others = [await openTab(second.context), await openTab(second.context)];
    for (const tab of others) await shows(tab, 'Away');
    expect(await locks(others[0]!)).toEqual({ held: 1, pending: 1 });
    expect(await locks(followers[0]!)).toEqual({ held: 1, pending: 2 });
    expect(sim.state().applications).toHaveLength(applicationsBefore + 1);
    await eventually(() => sim.state().outstandingPgets === 2);
    sim.setPresence(BOB, { availability: 'DoNotDisturb' });
    for (const tab of [...followers, ...others]) await shows(tab, 'DoNotDisturb');

    // Closing the clients leaves nothing on the server.
    for (const tab of [...followers, ...others]) await tab.evaluate(() => window.presencePage?.close());
    await eventually(() => sim.state().outstandingPgets === 0);
    expect(problems).toEqual([]);
  });

  it('a leader tab that crashes is replaced, and the other tabs go on', async () => {
    sim.setPresence(BOB, { availability: 'Online' });
    const leader = await openTab(first.context);
    await shows(leader, 'Online');
    const follower = await openTab(first.context);
    await shows(follower, 'Online');
    const cdp = await first.context.newCDPSession(leader);
    void cdp.send('Page.crash').catch(() => undefined); // the renderer dies: the call never gets an answer
    await eventually(() => sim.state().outstandingPgets === 1 && sim.state().applications.flatMap((app) => app.instances).filter((instance) => instance.eventChannel.held).length === 1);
    sim.setPresence(BOB, { availability: 'BeRightBack' });
    await shows(follower, 'BeRightBack');
    expect(await locks(follower)).toEqual({ held: 1, pending: 0 });
    await follower.evaluate(() => window.presencePage?.close());
    await leader.close().catch(() => undefined);
    await eventually(() => sim.state().outstandingPgets === 0);
  });

  it('a frozen leader tab lets another lead, and follows it when it wakes up', async () => {
    sim.setPresence(BOB, { availability: 'Online' });
    const leader = await openTab(first.context);
    await shows(leader, 'Online');
    const follower = await openTab(first.context);
    await shows(follower, 'Online');
    const cdp = await first.context.newCDPSession(leader);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    sim.setPresence(BOB, { availability: 'Away' });
    await shows(follower, 'Away');
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    sim.setPresence(BOB, { availability: 'Busy' });
    await shows(leader, 'Busy');
    await shows(follower, 'Busy');
    expect(await locks(follower)).toEqual({ held: 1, pending: 1 });
    await eventually(() => sim.state().outstandingPgets === 1);
    for (const tab of [leader, follower]) await tab.evaluate(() => window.presencePage?.close());
    await eventually(() => sim.state().outstandingPgets === 0);
    for (const tab of [leader, follower]) await tab.close();
  });

  it('share: false keeps every tab on its own client', async () => {
    sim.setPresence(BOB, { availability: 'BeRightBack' });
    const tabs = [await openTab(first.context, { share: 'false' }), await openTab(first.context, { share: 'false' })];
    for (const tab of tabs) await shows(tab, 'BeRightBack');
    await eventually(() => sim.state().outstandingPgets === 2);
    expect(await locks(tabs[0]!)).toEqual({ held: 0, pending: 0 });
    for (const tab of tabs) await tab.evaluate(() => window.presencePage?.close());
    await eventually(() => sim.state().outstandingPgets === 0);
    expect(problems).toEqual([]);
  });
});
