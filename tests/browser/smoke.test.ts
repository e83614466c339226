/**
 * Foundation smoke test in both browsers: the unmodified built extension runs its content script on
 * https://www.instagram.com/direct/t/<id>/ (served locally), the content script gets an answer from
 * the background (only then does it mount its extension-origin status frame), and the popup renders
 * with the background's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type ChromiumProfile } from './harness/chromium';
import { launchFirefox, type FirefoxProfile } from './harness/firefox';
import { startHttpsServer, type RunningServer } from './harness/https-server';

const PAGE = `<!doctype html><html><head><title>Instagram</title></head><body><main role="main"><div>Direct</div></main></body></html>`;

function plainInstagram(port = 0): Promise<RunningServer> {
  return startHttpsServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  }, port);
}

const STATUS_FRAME = 'iframe[src*="/status-frame.html"]';

describe('chromium', () => {
  let server: RunningServer;
  let profile: ChromiumProfile;
  beforeAll(async () => {
    server = await plainInstagram();
    profile = await launchChromium(server.port);
  });
  afterAll(async () => {
    await profile?.close();
    await server?.close();
  });

  it('content script talks to the background and mounts its frame on a DM thread', async () => {
    const page = await profile.context.newPage();
    await page.goto('https://www.instagram.com/direct/t/340282366841710301244276017723107508377/');
    const frame = page.frameLocator(STATUS_FRAME);
    await expect.poll(() => frame.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Sealed DMs active');
    // The frame is extension-origin: the page's own script cannot read into it.
    expect(await page.evaluate((sel) => (document.querySelector(sel) as HTMLIFrameElement).contentDocument, STATUS_FRAME)).toBeNull();
    await page.close();
  });

  it('does nothing outside direct messages', async () => {
    const page = await profile.context.newPage();
    await page.goto('https://www.instagram.com/explore/');
    await page.waitForTimeout(1500);
    expect(await page.locator(STATUS_FRAME).count()).toBe(0);
    await page.close();
  });

  it('the popup asks the background and shows the first-run screen in a fresh profile', async () => {
    const popup = await profile.openPopup();
    await expect.poll(() => popup.getByTestId('popup-screen').getAttribute('data-screen'), { timeout: 10_000 }).toBe('first-run');
    await popup.close();
  });
});

describe('firefox', () => {
  let server: RunningServer;
  let profile: FirefoxProfile;
  beforeAll(async () => {
    server = await plainInstagram(443);
    profile = await launchFirefox();
  });
  afterAll(async () => {
    await profile?.close();
    await server?.close();
  });

  it('content script talks to the background and mounts its frame on a DM thread', async () => {
    const page = await profile.newPage();
    await page.goto('https://www.instagram.com/direct/t/340282366841710301244276017723107508377/');
    await page.waitForSelector(STATUS_FRAME, { timeout: 15_000 });
    // The content script may replace its frame once the thread state is known: poll the live
    // frames (Firefox's BiDi reports an extension frame's URL as about:blank, so ask each one).
    const statusText = async () => {
      for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
        const text = await frame.evaluate(() => document.querySelector('[role="status"]')?.textContent).catch(() => undefined);
        if (text) return text;
      }
      return undefined;
    };
    await expect.poll(statusText, { timeout: 15_000 }).toBe('Sealed DMs active');
    expect(await page.evaluate((sel) => (document.querySelector(sel) as HTMLIFrameElement).contentDocument, STATUS_FRAME)).toBeNull();
    await page.close();
  });

  it('the popup page asks the background and shows the first-run screen in a fresh profile', async () => {
    const popup = await profile.openExtensionPage('/popup.html');
    await popup.waitForFunction(() => document.querySelector('[data-testid="popup-screen"]')?.getAttribute('data-screen') === 'first-run', { timeout: 10_000 });
  });
});
