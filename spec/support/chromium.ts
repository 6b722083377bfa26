import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (TOOLCHAIN.md); `npx playwright install` cannot download browsers here. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags for a quiet, headless, sandbox-less Chromium in CI containers. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** A headless Chromium with a new, empty profile; `close()` also deletes the profile. */
export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** What a test may add to the launch: more flags, accepting a test's self-signed certificates, the back/forward cache. */
export interface ChromiumOptions {
  readonly args?: readonly string[];
  readonly ignoreHTTPSErrors?: boolean;
  /** Keep Chromium's back/forward cache on (Playwright turns it off with `--disable-back-forward-cache`). */
  readonly backForwardCache?: boolean;
}

/** Launches Chromium through playwright-core with a fresh `--user-data-dir`. */
export async function launchChromium(options: ChromiumOptions = {}): Promise<HeadlessChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'ucwa-rx-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
      ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
      ...(options.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
      timeout: 15_000,
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/** The anonymous GET of the user resource answers 401 with the MsRtcOAuth challenge (CreateAnApplication): Chromium logs it, it is not a fault. */
export function isSignInChallenge(text: string, url: string): boolean {
  return /^Failed to load resource: .*\b401\b/.test(text) && new URL(url).pathname.toLowerCase().endsWith('/oauth/user');
}

/** Sorts what `page` reports: the URLs of sign-in challenges into `challenges`, every other console error and page error into `problems`. */
export function recordConsole(page: Page, challenges: string[], problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    if (isSignInChallenge(message.text(), url)) challenges.push(url);
    else problems.push(`console: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
}
