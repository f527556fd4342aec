import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; `scripts/prereqs.sh test` installs it. */
export const CHROMIUM = process.env.DIPPER_CHROMIUM ?? '/usr/bin/chromium';

/** Where each browser test keeps its page screenshots. */
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../test-artifacts/screenshots/', import.meta.url),
);

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
  screenshot(name: string): Promise<void>;
  /** Errors the page threw or logged, for asserting that none happened. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with the flags this closed network needs (no background
 * connections to Google's services); Playwright gives it a fresh profile folder.
 */
export async function startTestBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  return {
    browser,
    context,
    page,
    pageErrors,
    async screenshot(name) {
      // Drawers and modals slide in for ~0.3 s: the picture shows where they come to rest.
      await page.screenshot({
        path: join(SCREENSHOT_DIR, `${name}.png`),
        fullPage: true,
        animations: 'disabled',
      });
    },
    async close() {
      await browser.close();
    },
  };
}
