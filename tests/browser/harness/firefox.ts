/**
 * Debian's Firefox ESR through puppeteer-core (WebDriver BiDi), with the built extension installed
 * as a temporary add-on. www.instagram.com resolves to 127.0.0.1, so the local server must listen
 * on port 443.
 *
 * BiDi cannot navigate to moz-extension:// URLs, but the welcome tab the extension opens on install
 * is scriptable, and from it `location.href` reaches any extension page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_BUILD, FIREFOX_PATH } from './paths';

export interface FirefoxProfile {
  browser: Browser;
  /** The extension's welcome tab, opened by the extension itself on install. */
  extensionPage: Page;
  /** Navigates the extension tab to one of the extension's pages, e.g. '/popup.html'. */
  openExtensionPage(path: string): Promise<Page>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(extensionDir = FIREFOX_BUILD): Promise<FirefoxProfile> {
  const dir = await mkdtemp(join(tmpdir(), 'sdm-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: dir,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.dns.forceResolve': '127.0.0.1',
      // Offline machines: no update checks, telemetry or captive-portal probes.
      'app.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  const welcome = waitForPage(browser, (url) => url.startsWith('moz-extension://') && url.endsWith('/welcome.html'));
  await browser.installExtension(extensionDir);
  const extensionPage = await welcome;
  const base = new URL('/', await extensionPage.evaluate(() => location.href)).href;
  return {
    browser,
    extensionPage,
    async openExtensionPage(path) {
      const target = new URL(path, base).href;
      // Mark the document we leave: opening the page it already shows is a reload, and the old
      // document must not pass for the new one.
      await extensionPage.evaluate((href) => {
        (window as unknown as { __sdmLeaving?: boolean }).__sdmLeaving = true;
        location.href = href;
      }, target);
      await extensionPage.waitForFunction(
        (href) => !(window as unknown as { __sdmLeaving?: boolean }).__sdmLeaving && location.href === href && document.readyState === 'complete',
        {},
        target,
      );
      return extensionPage;
    },
    newPage: () => browser.newPage(),
    async close() {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** `page.url()` lags for extension-opened tabs, so ask each page where it really is. */
async function waitForPage(browser: Browser, match: (url: string) => boolean): Promise<Page> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (match(href)) return page;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the extension did not open its welcome page');
}
