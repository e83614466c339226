/**
 * "Delete message history" in real Chromium: alice and bob exchange messages, alice deletes her
 * history with bob in the popup (its own button and confirmation), then opens the thread again.
 * Her older bubbles, her own and bob's, must read 'deleted' in their reader frames: never
 * "Altered" (a false alarm), and no text.
 *
 * Run: SEALED_DMS_OUT_DIR=.output-tomb npx vitest run --config vitest.browser.config.ts tests/browser/history-delete.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import type { ChromiumProfile } from './harness/chromium';
import { armorTexts, bubbleViews, launchPair, openThread, sendThroughComposeFrame, until, waitForReaderText, type BubbleView } from './harness/instagram-flow';

const THREAD = THREADS.aliceBob;

/** Every armored bubble of the page, once each has one reader frame showing something. */
async function settledBubbles(page: Page, count: number): Promise<BubbleView[]> {
  let last: BubbleView[] = [];
  try {
    return await until(
      async () => {
        last = await bubbleViews(page);
        const settled = last.length === count && last.every((v) => v.frames === 1 && (v.text !== null || v.failure !== null));
        return settled ? last : undefined;
      },
      `${count} reader frames`,
      30_000,
      200,
    );
  } catch (e) {
    throw new Error(`reader frames: ${JSON.stringify(last.map((v) => ({ text: v.text, failure: v.failure, frames: v.frames })))}`, { cause: e });
  }
}

describe('chromium: after "Delete message history"', () => {
  let mock: MockInstagram;
  let alice: ChromiumProfile;
  let bob: ChromiumProfile;

  beforeAll(async () => {
    mock = await startMockInstagram();
    ({ alice, bob } = await launchPair(mock));
  }, 200_000);

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mock?.close();
  });

  it("alice's own older bubbles and bob's read 'deleted', never altered, with no text", async () => {
    const alicePage = await openThread(alice, mock, 'alice', THREAD);
    await sendThroughComposeFrame(alicePage, THREAD, ['first from alice', 'second from alice']);
    const bobPage = await openThread(bob, mock, 'bob', THREAD);
    await waitForReaderText(bobPage, 'second from alice');
    await sendThroughComposeFrame(bobPage, THREAD, ['answer from bob']);
    await bobPage.close();
    await alicePage.reload();
    await waitForReaderText(alicePage, 'answer from bob');
    expect((await settledBubbles(alicePage, 3)).map((v) => v.text)).toEqual(['first from alice', 'second from alice', 'answer from bob']);
    await alicePage.close();

    // The popup: Contacts → Bob → Delete message history → Delete history.
    const popup = await alice.openPopup();
    await popup.getByRole('navigation').getByRole('button', { name: 'Contacts', exact: true }).click();
    await popup.locator('.contact-row', { hasText: 'Bob' }).click();
    await expect.poll(() => popup.getByTestId('archive-count').textContent(), { timeout: 20_000 }).toContain('3 messages');
    await popup.getByRole('button', { name: 'Delete message history' }).click();
    await popup.getByRole('button', { name: 'Delete history' }).click();
    await expect.poll(() => popup.getByTestId('archive-count').textContent(), { timeout: 20_000 }).toContain('0 messages');
    await popup.close();

    const again = await openThread(alice, mock, 'alice', THREAD);
    expect(armorTexts(mock, THREAD)).toHaveLength(3);
    const views = await settledBubbles(again, 3);
    expect(views.map((v) => [v.failure, v.text])).toEqual([
      ['deleted', null],
      ['deleted', null],
      ['deleted', null],
    ]);
    await again.close();
  });
});
