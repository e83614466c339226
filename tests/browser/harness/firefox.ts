/**
 * Debian's Firefox ESR through puppeteer-core (WebDriver BiDi), with the built extension installed
 * as a temporary add-on. www.instagram.com resolves to 127.0.0.1, so the local server must listen
 * on port 443.
 *
 * BiDi cannot navigate to moz-extension:// URLs, but the welcome tab the extension opens on install
 * is scriptable, and from it `location.href` reaches any extension page.
 *
 * Stopping the background (the event page Firefox runs for an MV3 `background.scripts`) has no
 * WebDriver command. With `systemAccess`, Firefox's remote agent lets BiDi evaluate script in the
 * browser's own chrome window (MOZ_REMOTE_ALLOW_SYSTEM_ACCESS, the opt-in behind
 * `--remote-allow-system-access`), and from there the extension's `terminateBackground()` stops
 * the event page as an idle timeout or about:debugging's "Terminate background script" does: the
 * same add-on stays installed (unlike `runtime.reload()`), and the next message wakes a new page.
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
  /**
   * Stops the extension's event page now, even mid-request (as Chromium's CDP
   * `ServiceWorker.stopAllWorkers` does), and waits until Firefox reports it stopped. Needs
   * `launchFirefox({ systemAccess: true })`.
   */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir?: string;
  /** Let BiDi script the browser's chrome window (needed by `stopBackground`); off unless a test needs it. */
  systemAccess?: boolean;
}

export async function launchFirefox({ extensionDir = FIREFOX_BUILD, systemAccess = false }: LaunchOptions = {}): Promise<FirefoxProfile> {
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
    ...(systemAccess && { env: { ...process.env, MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: '1' } }),
  });
  const welcome = waitForPage(browser, (url) => url.startsWith('moz-extension://') && url.endsWith('/welcome.html'));
  const addonId = await browser.installExtension(extensionDir);
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
    async stopBackground() {
      if (!systemAccess) throw new Error('stopBackground needs launchFirefox({ systemAccess: true })');
      // `disableResetIdleForTest`: stop even while a listener's reply is pending (the idle timer would
      // only postpone it once); `ignoreDevToolsAttached`: as about:debugging does.
      const state = await inChromeWindow(
        browser,
        `(async () => {
          const extension = WebExtensionPolicy.getByID(${JSON.stringify(addonId)}).extension;
          await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
          return String(extension.backgroundState);
        })()`,
      );
      if (state !== 'stopped') throw new Error(`the background is ${state}, not stopped`);
    },
    async close() {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

/** Evaluates `expression` (awaited) in the browser's chrome window through BiDi; its value (strings, numbers, booleans). */
async function inChromeWindow(browser: Browser, expression: string): Promise<unknown> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })).result as { contexts: { context: string }[] };
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error('no chrome window (is system access allowed?)');
  const reply = (await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: true })).result as {
    type: string;
    result?: { value?: unknown };
    exceptionDetails?: { text?: string };
  };
  if (reply.type !== 'success') throw new Error(`chrome-window script failed: ${reply.exceptionDetails?.text ?? 'unknown error'}`);
  return reply.result?.value;
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
