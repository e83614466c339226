/**
 * Issue 5, Chromium: every DOM variant of the local instagram.com (harness/variant-cases.ts, also run
 * in Firefox by variants-firefox.test.ts)
 * through the whole send and receive path, one `it` per variant with the same assertions: alice
 * sends to bob and bob answers (emoji, a line break); each side's reader frame shows the other's
 * plaintext; the server stored exactly the two armored messages; no plaintext reached the server
 * (every request: sends, drafts, typing signals) or either page's main world.
 *
 * A variant the extension cannot support must instead end in the paused state ("encryption paused:
 * Instagram's page changed" in the status frame) with sending blocked in that thread; never
 * plaintext. Such a variant is marked `supported: false` in the list and reported.
 * Run: SEALED_DMS_OUT_DIR=.output-faults npx vitest run --config vitest.browser.config.ts tests/browser/variants.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import type { ChromiumProfile } from './harness/chromium';
import {
  armorTexts,
  COMPOSE,
  composeAndSend,
  feedback,
  launchPair,
  mainWorldLeaks,
  openThread,
  STATUS,
  serverPlaintextFindings,
  until,
  waitForReaderText,
} from './harness/instagram-flow';
import { VARIANT_CASES, variantTexts } from './harness/variant-cases';

const THREAD = THREADS.aliceBob;

describe('chromium: every DOM variant of the local instagram.com, send and receive', () => {
  let mock: MockInstagram;
  let alice: ChromiumProfile;
  let bob: ChromiumProfile;
  const pages: Page[] = [];

  beforeAll(async () => {
    mock = await startMockInstagram({ history: { [THREAD]: 2 } });
    ({ alice, bob } = await launchPair(mock));
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
        await alicePage.frameLocator(STATUS).getByTestId('status-paused').waitFor({ timeout: 20_000 });
        expect(await alicePage.locator(COMPOSE).count()).toBe(0);
        // Instagram's own composer takes nothing in this thread (every editor is guarded).
        await alicePage.evaluate(() => (document.querySelector('[role="textbox"], textarea') as HTMLElement | null)?.focus());
        await alicePage.keyboard.type(toBob);
        await alicePage.keyboard.press('Enter');
        await alicePage.waitForTimeout(1000);
        expect(armorTexts(mock, THREAD)).toHaveLength(before);
        expect(serverPlaintextFindings(mock, toBob)).toEqual([]);
        return;
      }

      if (c.variant.lateDialog) {
        // The modal comes up after the load and covers the composer: a send is refused before anything is typed.
        await until(() => alicePage.evaluate(() => (window.__mockInstagram!.state().dialogs.length > 0 ? true : undefined)), 'the late dialog');
        const frame = await composeAndSend(alicePage, toBob);
        expect(await feedback(frame)).toBe("⚠ A dialog covers Instagram's message box. Close it and try again. Nothing was sent. Your text is still here.");
        expect(armorTexts(mock, THREAD)).toHaveLength(before);
        // The user closes it ("Not Now"); bob does the same on his side.
        for (const page of [alicePage, bobPage]) {
          await until(() => page.evaluate(() => (window.__mockInstagram!.state().dialogs.length > 0 ? true : undefined)), 'the late dialog');
          await page.getByRole('dialog').getByRole('button').last().click();
        }
      }

      let frame = await composeAndSend(alicePage, toBob);
      expect(await feedback(frame)).toBe('✓ Sent, encrypted.');
      await waitForReaderText(bobPage, toBob);
      frame = await composeAndSend(bobPage, toAlice);
      expect(await feedback(frame)).toBe('✓ Sent, encrypted.');
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
