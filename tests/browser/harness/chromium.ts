/**
 * Debian's Chromium through playwright-core, with the unmodified built extension loaded and
 * www.instagram.com resolved to the local HTTPS server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROME_BUILD, CHROMIUM_PATH } from './paths';

export interface ChromiumProfile {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  openPopup(): Promise<Page>;
  /** The browser's flags besides the profile directory (tests/demo/measure.ts launches it again without Playwright). */
  args: readonly string[];
  /** The profile directory. */
  dir: string;
  /** Closes the browser; the profile directory is deleted unless `keepProfile`. */
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

/** Headless unless `headless` is false (the demo shows its windows when a display exists). */
export async function launchChromium(instagramPort: number, extensionDir = CHROME_BUILD, headless = true): Promise<ChromiumProfile> {
  const dir = await mkdtemp(join(tmpdir(), 'sdm-chromium-'));
  const args = [
    '--no-sandbox',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    `--host-resolver-rules=MAP www.instagram.com 127.0.0.1:${instagramPort}`,
    '--ignore-certificate-errors',
    // The machines have no network: stop Chromium from trying to reach Google's services.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, headless, args });
  const serviceWorker = async (): Promise<Worker> =>
    context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
    (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL((await serviceWorker()).url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async openPopup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    args,
    dir,
    async close(opts = {}) {
      await context.close();
      if (!opts.keepProfile) await rm(dir, { recursive: true, force: true });
    },
  };
}
