/**
 * The reader in a long thread, in real Chromium: alice sends ~45 encrypted messages (a 2,000-character
 * one first, then short ones) through the compose frame's own `send`; bob scrolls from the newest
 * message to the oldest in 400-px steps.
 *
 * The local instagram.com virtualizes its list like Instagram (about a dozen rows mounted, rows
 * re-created on every scroll, row heights measured when the rows are rendered, a `column-reverse`
 * scroller): a reader frame that changed a row's height after the list measured it made the list
 * move by itself and re-create its rows again, for ever (README "Figures"). After every step the
 * list must come to rest without input, and every armored row in view must show its message in
 * its reader frame (the text in part 1's bubble of the long message, a note in its other parts).
 *
 * Run: SEALED_DMS_OUT_DIR=.output-reader npx vitest run --config vitest.browser.config.ts tests/browser/reader.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import type { ChromiumProfile } from './harness/chromium';
import { bubbleViews, hydrated, launchPair, openThread, READER, readerFailures, readerTexts, sendThroughComposeFrame, until, type BubbleView } from './harness/instagram-flow';

const THREAD = THREADS.aliceBob;
const SHORT = 44;
const STEP_PX = 400;
/** The list counts as at rest when its scroll position did not move for this long. */
const REST_MS = 2_000;
const LONG = Array.from({ length: 80 }, (_, i) => `long line ${String(i).padStart(2, '0')} of the story;`)
  .join(' ')
  .padEnd(1995, '.')
  .concat('[end]');

interface Expected {
  text?: string;
  /** A later part of the long message: its frame points to part 1. */
  continues?: boolean;
}

function listState(page: Page): Promise<{ scrollTop: number; loading: boolean; hasOlder: boolean }> {
  return page.evaluate(() => window.__mockInstagram!.state().list!);
}

/**
 * Waits until the list's scroll position stayed the same for REST_MS (sampled every 100 ms) with
 * no older page loading; returns it. Throws with the positions seen when it does not rest.
 */
async function atRest(page: Page, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const seen: number[] = [];
  let since = Date.now();
  let last: number | undefined;
  for (;;) {
    const s = await listState(page);
    if (s.scrollTop !== last || s.loading) {
      last = s.scrollTop;
      since = Date.now();
      if (seen.at(-1) !== s.scrollTop) seen.push(s.scrollTop);
    } else if (Date.now() - since >= REST_MS) {
      return s.scrollTop;
    }
    if (Date.now() > deadline) throw new Error(`the list did not come to rest; scrollTop went through ${seen.slice(-30).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('chromium: the reader in a long encrypted thread', () => {
  let mock: MockInstagram;
  let alice: ChromiumProfile;
  let bob: ChromiumProfile;
  let bobPage: Page;
  const expected = new Map<string, Expected>();

  beforeAll(async () => {
    mock = await startMockInstagram();
    ({ alice, bob } = await launchPair(mock));
    const alicePage = await openThread(alice, mock, 'alice', THREAD);
    mock.setVariant({ ackDelayMs: 20 }, { account: 'alice' });
    const short = Array.from({ length: SHORT }, (_, i) => `Message ${i + 1} of ${SHORT}: the quick brown fox jumps over the lazy dog.`);
    await sendThroughComposeFrame(alicePage, THREAD, [LONG, ...short]);
    mock.resetVariants();
    await alicePage.close();
    // Sends are serialized: the long message's parts come first (part 1 first), then the short ones.
    const stored = mock.messages(THREAD).map((m) => m.text);
    const parts = stored.length - SHORT;
    expect(parts).toBeGreaterThan(1);
    stored.forEach((armor, i) => expected.set(armor, i === 0 ? { text: LONG } : i < parts ? { continues: true } : { text: short[i - parts] }));
    bobPage = await openThread(bob, mock, 'bob', THREAD);
    await bobPage.setViewportSize({ width: 1000, height: 800 });
  }, 400_000);

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mock?.close();
  });

  /**
   * Whether every part of the long message is mounted in the list. Its parts are read together:
   * until the reader has seen them all (the list may skip some on the way, or mount part 1 without
   * the others at the top), 'incomplete' is the truthful answer.
   */
  function allPartsMounted(): Promise<boolean> {
    const parts = [...expected.entries()].filter(([, e]) => e.continues || e.text === LONG).map(([armor]) => armor);
    return bobPage.evaluate((all) => {
      const texts = Array.from(document.querySelectorAll('[id^="mid."]'), (b) => b.textContent ?? '');
      return all.every((a) => texts.some((t) => t.includes(a)));
    }, parts);
  }

  /**
   * Waits until every armored bubble in view shows what it should in exactly one reader frame;
   * returns them. A part of the long message may read 'incomplete' while not all its parts are
   * mounted (allPartsMounted).
   */
  async function everyBubbleShown(): Promise<BubbleView[]> {
    let last: BubbleView[] = [];
    try {
      return await until(
        async () => {
          last = await bubbleViews(bobPage, { inView: true });
          const waiting = last.some((v) => v.failure === 'incomplete') && (await allPartsMounted());
          const done = !waiting && last.length > 0 && last.every((v) => v.frames === 1 && (v.text !== null || v.note !== null || v.failure !== null));
          return done ? last : undefined;
        },
        'every bubble in view shown',
        20_000,
        200,
      );
    } catch (e) {
      throw new Error(`${String(e)}: ${JSON.stringify(last.map((v) => ({ frames: v.frames, text: v.text?.slice(0, 20) ?? null, note: v.note !== null, failure: v.failure })))}`, { cause: e });
    }
  }

  async function expectShown(views: BubbleView[]): Promise<void> {
    const partsMissing = !(await allPartsMounted());
    for (const v of views) {
      const want = expected.get(v.armor);
      expect(want, 'a bubble of this thread').toBeDefined();
      if ((want!.continues || want!.text === LONG) && partsMissing && v.failure === 'incomplete') continue;
      expect(v.failure).toBeNull();
      if (want!.continues) expect(v.note).toMatch(/^Part \d+ of \d+/);
      else expect(v.text).toBe(want!.text);
    }
  }

  it('scrolling from the newest message to the oldest: after every step the list rests and every row in view shows its message', async () => {
    const shown = new Set<string>();
    await atRest(bobPage);
    await expectShown(await everyBubbleShown());
    for (let step = 1; step <= 80; step++) {
      const moved = await bobPage.evaluate((px) => {
        const before = window.__mockInstagram!.state().list!.scrollTop;
        window.__mockInstagram!.scrollBy(px);
        return window.__mockInstagram!.state().list!.scrollTop !== before;
      }, STEP_PX);
      const rest = await atRest(bobPage);
      const views = await everyBubbleShown();
      await expectShown(views);
      for (const v of views) shown.add(v.armor);
      // Showing the frames' text moved nothing: the list is still where it came to rest.
      expect(await atRest(bobPage)).toBe(rest);
      if (!moved && !(await listState(bobPage)).hasOlder) break;
    }
    // The oldest message (the long one's part 1) was reached and shown. (Not every message is
    // mounted on the way: when an older page arrives, the mock's list, like Instagram's, places
    // it with estimated row heights and lands at the top, with or without the extension.)
    expect(shown.has([...expected.keys()][0]!)).toBe(true);
    expect(shown.size).toBeGreaterThan(10);
  });

  it("the 2,000-character message reads whole in part 1's bubble: its last line can be scrolled into view inside the frame", async () => {
    // Every message loaded and every row mounted, so that the reader sees all the parts (scrolling
    // may have skipped some). The variant re-mounts the page, which loads its pages again.
    await bobPage.evaluate(() => window.__mockInstagram!.setVariant({ windowSize: 60 }, { persist: false }));
    await hydrated(bobPage);
    await until(async () => {
      await bobPage.evaluate(() => window.__mockInstagram!.scrollToTop());
      const s = await listState(bobPage);
      return !s.hasOlder && !s.loading ? true : undefined;
    }, 'every message loaded', 30_000, 500);
    // From the newest message up, the list mounts the whole window: every part at once.
    await bobPage.evaluate(() => window.__mockInstagram!.scrollToBottom());
    const [part1] = [...expected.entries()].find(([, e]) => e.text === LONG)!;
    const seen = await until(async () => {
      for (const bubble of await bobPage.$$('[id^="mid."]')) {
        if (!((await bubble.textContent()) ?? '').includes(part1)) continue;
        const frame = await (await bubble.$(READER))?.contentFrame();
        const shown = await frame?.evaluate(() => {
          const text = document.querySelector('[data-testid="reader-text"]');
          if (!text) return undefined;
          text.scrollIntoView({ block: 'end' });
          return { text: text.textContent, bottom: text.getBoundingClientRect().bottom, height: window.innerHeight };
        });
        if (shown) return shown;
      }
      return undefined;
    }, "part 1's reader frame showing the text");
    expect(seen.text).toBe(LONG);
    expect(seen.bottom).toBeLessThanOrEqual(seen.height + 1);
  });

  it('our own message altered on the server reads as altered in our own reader, never as "not for this browser"', async () => {
    const alicePage = await openThread(alice, mock, 'alice', THREAD);
    try {
      const plain = 'Mine, before the server changed it';
      await sendThroughComposeFrame(alicePage, THREAD, [plain]);
      await until(async () => ((await readerTexts(alicePage)).includes(plain) ? true : undefined), 'alice reading her own message');
      const stored = mock.messages(THREAD).at(-1)!;
      const i = stored.text.length - 12;
      mock.tamper(THREAD, stored.id!, stored.text.slice(0, i) + (stored.text[i] === 'A' ? 'B' : 'A') + stored.text.slice(i + 1));
      await until(async () => ((await readerFailures(alicePage)).includes('tampered') ? true : undefined), 'an altered badge in alice’s reader', 20_000);
      expect(await readerFailures(alicePage)).not.toContain('not-for-this-device');
      expect(await readerTexts(alicePage)).not.toContain(plain);
    } finally {
      await alicePage.close();
    }
  });
});
