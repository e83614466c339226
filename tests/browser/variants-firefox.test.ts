/**
 * Issue 5, Firefox ESR: every DOM variant of the local instagram.com (harness/variant-cases.ts, the
 * same list variants.test.ts runs in Chromium) through the whole send and receive path, with the
 * unmodified built extension in two Firefox profiles on port 443, driven with puppeteer-core over
 * WebDriver BiDi. One `it` per variant, the same assertions as in Chromium: alice sends to bob and
 * bob answers (emoji, a line break, real keyboard); each side's reader frame shows the other's
 * plaintext and its own; the server stored exactly the two armored messages; no plaintext reached
 * the server (every request: sends, drafts, typing signals) or either page's main world.
 * The two profiles are set up once; each variant opens a fresh tab per side.
 *
 * A variant the extension cannot support must instead end in the paused state with sending
 * blocked in that thread (none is, today).
 *
 * Build and run (this file owns port 443 while it runs):
 *   SEALED_DMS_OUT_DIR=.output-ff npx wxt build -b firefox
 *   SEALED_DMS_OUT_DIR=.output-ff npx vitest run --config vitest.browser.config.ts tests/browser/variants-firefox.test.ts
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import { DIALOG_COVERS, SENT } from './harness/fault-scenarios';
import type { FirefoxProfile } from './harness/firefox';
import { feedback, frameWith, launchFirefoxPair, mainWorldLeaks, openThread, typeAndSend, waitForReaderText } from './harness/firefox-flow';
import { armorTexts, COMPOSE, serverPlaintextFindings, until } from './harness/instagram-flow';
import { VARIANT_CASES, variantTexts } from './harness/variant-cases';

const THREAD = THREADS.aliceBob;

/** Waits until the page shows a dialog (the mock's own list of open dialogs). */
async function dialogShown(page: Page): Promise<void> {
  await until(() => page.evaluate(() => (window.__mockInstagram!.state().dialogs.length > 0 ? true : undefined)), 'the late dialog');
}

/** Closes the page's dialog as the user would: a real click on its last button ("Not Now"). */
async function closeDialog(page: Page): Promise<void> {
  const buttons = await page.$$('[role="dialog"] button');
  if (buttons.length === 0) throw new Error('no dialog button');
  await page.bringToFront();
  await buttons.at(-1)!.click();
  await until(() => page.evaluate(() => (window.__mockInstagram!.state().dialogs.length === 0 ? true : undefined)), 'the dialog to close', 5_000);
}

describe('firefox: every DOM variant of the local instagram.com, send and receive', () => {
  let mock: MockInstagram;
  let alice: FirefoxProfile;
  let bob: FirefoxProfile;
  const pages: Page[] = [];

  beforeAll(async () => {
    mock = await startMockInstagram({ port: 443, history: { [THREAD]: 2 } });
    ({ alice, bob } = await launchFirefoxPair());
  });

  afterEach(async () => {
    mock.resetVariants();
    await Promise.all(pages.splice(0).map((p) => p.close()));
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mock?.close();
  });

  for (const c of VARIANT_CASES) {
    it(`${c.name}: ${c.supported ? 'both ways, plaintext only in the reader frames' : 'paused, sending blocked'}`, async () => {
      mock.setVariant(c.variant);
      const [alicePage, bobPage] = await Promise.all([openThread(alice, mock, 'alice', THREAD), openThread(bob, mock, 'bob', THREAD)]);
      pages.push(alicePage, bobPage);
      for (const page of [alicePage, bobPage]) {
        const variant = await page.evaluate(() => window.__mockInstagram!.state().variant);
        expect(variant).toMatchObject(c.variant);
        if (c.applied) expect(await page.evaluate(c.applied)).toBe(true);
      }
      const before = armorTexts(mock, THREAD).length;
      const { toBob, toAlice } = variantTexts(c);

      if (!c.supported) {
        await frameWith(alicePage, '[data-testid="status-paused"]', 20_000);
        expect(await alicePage.$$eval(COMPOSE, (els) => els.length)).toBe(0);
        // Instagram's own composer takes nothing in this thread (every editor is guarded).
        await alicePage.bringToFront();
        await alicePage.evaluate(() => (document.querySelector('[role="textbox"], textarea') as HTMLElement | null)?.focus());
        await alicePage.keyboard.type(toBob);
        await alicePage.keyboard.press('Enter');
        await new Promise((r) => setTimeout(r, 1000));
        expect(armorTexts(mock, THREAD)).toHaveLength(before);
        expect(serverPlaintextFindings(mock, toBob)).toEqual([]);
        return;
      }

      if (c.variant.lateDialog) {
        // The modal comes up after the load and covers the composer: a send is refused before anything is typed.
        await dialogShown(alicePage);
        const frame = await typeAndSend(alicePage, toBob.split('\n'));
        expect(await feedback(frame)).toBe(DIALOG_COVERS);
        expect(armorTexts(mock, THREAD)).toHaveLength(before);
        // The user closes it ("Not Now"); bob does the same on his side.
        for (const page of [alicePage, bobPage]) {
          await dialogShown(page);
          await closeDialog(page);
        }
      }

      let frame = await typeAndSend(alicePage, toBob.split('\n'));
      expect(await feedback(frame)).toBe(SENT);
      await waitForReaderText(bobPage, toBob);
      frame = await typeAndSend(bobPage, [toAlice]);
      expect(await feedback(frame)).toBe(SENT);
      await waitForReaderText(alicePage, toAlice);
      // Each side reads its own message from its archive, too.
      await waitForReaderText(alicePage, toBob);
      await waitForReaderText(bobPage, toAlice);

      expect(armorTexts(mock, THREAD)).toHaveLength(before + 2);
      for (const plain of [toBob, toAlice]) {
        expect(serverPlaintextFindings(mock, plain)).toEqual([]);
        expect(await mainWorldLeaks(alicePage, plain)).toEqual([]);
        expect(await mainWorldLeaks(bobPage, plain)).toEqual([]);
      }
    });
  }
});
