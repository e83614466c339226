/**
 * Sending and reading end to end in real Chromium: the unmodified built extension in two profiles
 * (alice, bob) against the local instagram.com (tests/mock-instagram, real Lexical composer).
 *
 * Alice types into the extension's compose frame; the content script posts only armor through
 * Instagram's own composer; bob's content script finds the armor and mounts a reader frame that
 * shows the plaintext. Throughout, the plaintext must not reach Instagram's server (request log),
 * nor the page's main world (DOM, open shadow roots, input values, the editor's state). Also:
 * Instagram's own composer is guarded, the textarea era works, a trusted-input-only composer falls
 * back to manual pasting, a failed send is reported, an unfamiliar page pauses encryption, and a
 * thread with someone who is not a contact is left alone.
 *
 * Setup (identities, invite codes) goes through the popup page's own messaging
 * (`chrome.runtime.sendMessage` with the privileged envelope of src/messaging/client.ts); the flow
 * helpers are shared with faults.test.ts and variants.test.ts (harness/instagram-flow.ts).
 * Run: SEALED_DMS_OUT_DIR=.output-content npx vitest run --config vitest.browser.config.ts tests/browser/compose.test.ts
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import { fakeScriptStarted, GUARD_ATTACKS } from './harness/page-attacks';
import type { ChromiumProfile } from './harness/chromium';
import {
  armorTexts,
  COMPOSE,
  composeAndSend,
  feedback,
  hydrated,
  launchPair,
  mainWorldLeaks,
  openThread,
  BUBBLE_READER,
  READER,
  readerDocument,
  readerTexts,
  type ReaderDocument,
  recordComposerEvents,
  serverPlaintextFindings,
  STATUS,
  until,
} from './harness/instagram-flow';

/** Per reader frame in a bubble, its document (one not readable yet: no text, origin 0). */
async function bubbleReaders(page: Page): Promise<ReaderDocument[]> {
  const seen: ReaderDocument[] = [];
  for (const handle of await page.locator(BUBBLE_READER).elementHandles()) {
    const frame = await handle.contentFrame();
    seen.push((await frame?.evaluate(readerDocument).catch(() => null)) ?? { text: null, origin: 0 });
  }
  return seen;
}

/** The reader iframe showing `plain`, and where it and the compose frame are (CSS px, viewport). */
async function coverage(page: Page, plain: string) {
  let reader: Frame | undefined;
  for (const f of page.frames().filter((x) => x.url().includes('/reader-frame.html'))) {
    const text = await f.evaluate(() => document.querySelector('[data-testid="reader-text"]')?.textContent ?? null).catch(() => null);
    if (text === plain) reader = f;
  }
  if (!reader) return undefined;
  const element = await reader.frameElement();
  return element.evaluate((el, sel) => {
    const compose = document.querySelector(sel)!;
    const a = (el as Element).getBoundingClientRect();
    const b = compose.getBoundingClientRect();
    const hit = document.elementFromPoint(a.left + a.width / 2, a.top + a.height / 2);
    return {
      intersects: a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right,
      centreOnCompose: hit === compose,
      readerHeight: a.height,
      composeHeight: b.height,
    };
  }, COMPOSE);
}

/** The compose frame's and the composer bar's left, bottom and width. */
function overBar(page: Page) {
  return page.evaluate((sel) => {
    const frame = document.querySelector(sel)!.getBoundingClientRect();
    const bar = document.querySelector('[data-pagelet="IGDComposerForCannes"]')!.getBoundingClientRect();
    return { frame: [frame.left, frame.bottom, frame.width].map(Math.round), bar: [bar.left, bar.bottom, bar.width].map(Math.round) };
  }, COMPOSE);
}

describe('chromium: compose and read through the local instagram.com', () => {
  let mock: MockInstagram;
  let alice: ChromiumProfile;
  let bob: ChromiumProfile;
  let alicePage: Page;

  beforeAll(async () => {
    mock = await startMockInstagram({ history: { [THREADS.aliceBob]: 3 } });
    ({ alice, bob } = await launchPair(mock));
    alicePage = await openThread(alice, mock, 'alice', THREADS.aliceBob);
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mock?.close();
  });

  it('covers Instagram composer with the compose frame; alice sends, only armor reaches Instagram; bob reads the plaintext', async () => {
    const plain = 'Meet at the blue door at 7, bring the 42 maps';
    await alicePage.locator(COMPOSE).waitFor({ timeout: 20_000 });
    // The compose frame sits over Instagram's composer bar.
    const geometry = await alicePage.evaluate((sel) => {
      const frame = document.querySelector(sel)!.getBoundingClientRect();
      const bar = document.querySelector('[data-pagelet="IGDComposerForCannes"]')!.getBoundingClientRect();
      return { frame: [frame.left, frame.bottom, frame.width], bar: [bar.left, bar.bottom, bar.width] };
    }, COMPOSE);
    expect(geometry.frame.map(Math.round)).toEqual(geometry.bar.map(Math.round));

    await recordComposerEvents(alicePage);
    const frame = await composeAndSend(alicePage, plain);
    // Loaded and extension-origin: the page's own script cannot read into it.
    expect(await alicePage.evaluate((sel) => (document.querySelector(sel) as HTMLIFrameElement).contentDocument, COMPOSE)).toBeNull();
    expect(await feedback(frame)).toBe('✓ Sent, encrypted.');
    const sent = armorTexts(mock, THREADS.aliceBob);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^SDM1[A-Za-z0-9_-]+$/);
    // How the armor went in (Lexical): execCommand('insertText') gives a trusted `input`; then our Send click.
    const events = await alicePage.evaluate(() => window.__composerEvents ?? []);
    expect(events).toContain('input:insertText:trusted');
    expect(events).toContain('click:synthetic');
    expect(events.filter((e) => e.startsWith('paste'))).toEqual([]);

    // Alice sees her own message through a reader frame too (her archive).
    const aliceReader = alicePage.frameLocator(BUBBLE_READER).getByTestId('reader-text');
    await expect.poll(() => aliceReader.textContent(), { timeout: 20_000 }).toBe(plain);

    const bobPage = await openThread(bob, mock, 'bob', THREADS.aliceBob);
    const reader = bobPage.frameLocator(BUBBLE_READER).getByTestId('reader-text');
    await expect.poll(() => reader.textContent(), { timeout: 20_000 }).toBe(plain);
    expect(await bobPage.frameLocator(BUBBLE_READER).getByTestId('reader-message').getAttribute('data-direction')).toBe('received');
    // The bubble's ciphertext is still in the page, hidden; the plaintext is not.
    expect(await bobPage.evaluate((a) => document.body.textContent?.includes(a), sent[0]!)).toBe(true);

    expect(mock.logContains(plain)).toBe(false);
    expect(await mainWorldLeaks(alicePage, plain)).toEqual([]);
    expect(await mainWorldLeaks(bobPage, plain)).toEqual([]);
    // Drafts Instagram saved while we posted hold armor or nothing.
    for (const d of mock.postedBodies('/draft/')) expect(JSON.stringify(d.json)).not.toContain('Meet');
    await bobPage.close();
  });

  it('in an open thread a new message is read in a frame whose document had loaded before the message was sent (frames wait, loaded)', async () => {
    const bobPage = await openThread(bob, mock, 'bob', THREADS.aliceBob);
    await bobPage.frameLocator(BUBBLE_READER).last().getByTestId('reader-text').waitFor({ timeout: 20_000 });
    await bobPage.waitForTimeout(2500); // the waiting frames are loaded a second after the thread's own
    const plain = `Frames ready ${Math.random().toString(36).slice(2, 8)}`;
    const sentAt = Date.now();
    expect(await feedback(await composeAndSend(alicePage, plain))).toBe('✓ Sent, encrypted.');
    const shownIn = await until(async () => (await bubbleReaders(bobPage)).find((seen) => seen.text === plain), 'the new message in bob’s reader');
    // Created after the bubble arrived, the frame's document would have started loading after the send.
    expect(shownIn.origin).toBeLessThan(sentAt);
    expect(await mainWorldLeaks(bobPage, plain)).toEqual([]);
    await bobPage.close();
  });

  it('a chat clicked in the inbox is read in frames whose documents had loaded on the inbox (frames wait there too)', async () => {
    const plain = `Inbox ready ${Math.random().toString(36).slice(2, 8)}`;
    expect(await feedback(await composeAndSend(alicePage, plain))).toBe('✓ Sent, encrypted.');
    const bobPage = await bob.context.newPage();
    await bobPage.goto(mock.loginUrl('bob', '/direct/inbox/'));
    await bobPage.waitForTimeout(2500); // the waiting frames are loaded a second after the inbox
    const clickedAt = Date.now();
    // The inbox row, as a user clicks it (a div[role=button] since 2025: an SPA navigation).
    await bobPage.locator('[role="button"]', { has: bobPage.locator('[title="Alice Example"]') }).click();
    await hydrated(bobPage);
    const shown = await until(async () => {
      const seen = await bubbleReaders(bobPage);
      return seen.some((x) => x.text === plain) && seen.every((x) => x.text !== null) ? seen : undefined;
    }, 'the chat in bob’s readers');
    // Frames created for the bubbles would have started loading after the click. (The thread holds
    // fewer armored bubbles than the six frames that wait, so every one of them got a waiting frame.)
    expect(shown.length).toBeGreaterThan(0);
    for (const frame of shown) expect(frame.origin).toBeLessThan(clickedAt);
    expect(await mainWorldLeaks(bobPage, plain)).toEqual([]);
    await bobPage.close();
  });

  it('a long message goes out as several parts, each confirmed; bob reads it whole, also in the grid era after scrolling', async () => {
    const plain = Array.from({ length: 60 }, (_, i) => `line ${i} of the long secret`).join(' / ');
    const before = armorTexts(mock, THREADS.aliceBob).length;
    const frame = await composeAndSend(alicePage, plain);
    expect(await feedback(frame)).toBe('✓ Sent, encrypted.');
    const parts = armorTexts(mock, THREADS.aliceBob).slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(900);
    expect(mock.logContains('long secret')).toBe(false);

    mock.setVariant({ era: 'grid' }, { account: 'bob' });
    const bobPage = await openThread(bob, mock, 'bob', THREADS.aliceBob);
    try {
      await expect.poll(() => readerTexts(bobPage), { timeout: 20_000 }).toContain(plain);
      // Shown once (in part 1's bubble); the other parts' frames only point to it.
      expect((await readerTexts(bobPage)).filter((text) => text === plain)).toHaveLength(1);
      // The list recreates its rows on every scroll: frames are re-mounted from the cache, never twice per row.
      await bobPage.evaluate(() => window.__mockInstagram!.scrollBy(-200));
      await bobPage.waitForTimeout(300);
      await bobPage.evaluate(() => window.__mockInstagram!.scrollToBottom());
      await expect.poll(() => readerTexts(bobPage), { timeout: 20_000 }).toContain(plain);
      const perRow = await bobPage.evaluate((sel) => Array.from(document.querySelectorAll('[role="row"]')).map((r) => r.querySelectorAll(sel).length), READER);
      expect(Math.max(...perRow)).toBe(1);
      expect(await mainWorldLeaks(bobPage, 'long secret')).toEqual([]);
    } finally {
      mock.resetVariants();
      await bobPage.close();
    }
  });

  it("a dialog over Instagram's composer stops the send before anything is typed (dialog)", async () => {
    await alicePage.evaluate(() => window.__mockInstagram!.showDialog('notifications'));
    const before = mock.messages(THREADS.aliceBob).length;
    const frame = await composeAndSend(alicePage, 'not while a dialog is open');
    expect(await feedback(frame)).toContain('A dialog covers');
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
    await alicePage.evaluate(() => window.__mockInstagram!.dismissDialogs());
  });

  it("guards Instagram's own composer: focus is taken away, typing and Enter send nothing", async () => {
    const before = mock.messages(THREADS.aliceBob).length;
    await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
    expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('textbox');
    await alicePage.keyboard.type('typed into instagram');
    await alicePage.keyboard.press('Enter');
    // A synthetic Enter aimed at the composer itself is stopped too.
    await alicePage.evaluate(() =>
      document.querySelector('[role="textbox"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })),
    );
    await alicePage.waitForTimeout(800);
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
    expect(mock.logContains('typed into instagram')).toBe(false);
  });

  it('the page cannot switch the content script off by posing as a newer copy of it (the event WXT content scripts use to stop older ones)', async () => {
    await alicePage.locator(COMPOSE).waitFor({ timeout: 20_000 });
    const before = mock.messages(THREADS.aliceBob).length;
    // The extension id is public (store listing; in Firefox, the manifest's gecko id).
    await alicePage.evaluate(fakeScriptStarted(alice.extensionId));
    await alicePage.waitForTimeout(1500);
    expect(await alicePage.locator(COMPOSE).count()).toBe(1);
    await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
    await alicePage.keyboard.type('typed after the fake event');
    await alicePage.keyboard.press('Enter');
    await alicePage.waitForTimeout(800);
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
    expect(mock.logContains('typed after the fake event')).toBe(false);
  });

  /** After `attack` (run in the page), bob's chat has its compose frame, and Instagram's composer takes nothing. */
  async function stillGuarded(attack: string, marker: string): Promise<void> {
    await alicePage.locator(COMPOSE).waitFor({ timeout: 20_000 });
    const before = mock.messages(THREADS.aliceBob).length;
    await alicePage.evaluate(attack);
    await alicePage.waitForTimeout(2500);
    expect(await alicePage.locator(COMPOSE).count()).toBe(1);
    await alicePage.locator('[role="textbox"]').first().click({ force: true });
    await alicePage.keyboard.type(marker);
    await alicePage.keyboard.press('Enter');
    await alicePage.waitForTimeout(800);
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(mock.logContains(marker)).toBe(false);
    // The attacks also broke the page itself (its own timers, a forged row): a fresh one for the next tests.
    await alicePage.reload();
    await hydrated(alicePage);
  }

  // Timer ids are shared between the page and the content script (src/instagram/timers.ts); a
  // foreign-namespace element has no style (src/instagram/dom/messages.ts).
  for (const attack of GUARD_ATTACKS) it(attack.title, () => stillGuarded(attack.script(THREADS.aliceBob), attack.marker));

  it('textarea era (2020–22): the armor goes in and out through the textarea', async () => {
    mock.setVariant({ era: 'textarea' }, { account: 'alice', live: true });
    await alicePage.waitForFunction(() => window.__mockInstagram?.state().variant.era === 'textarea', null, { timeout: 10_000 });
    await hydrated(alicePage);
    await alicePage.waitForSelector(COMPOSE, { timeout: 20_000 });
    try {
      await recordComposerEvents(alicePage);
      const plain = 'textarea era secret';
      const before = armorTexts(mock, THREADS.aliceBob).length;
      const frame = await composeAndSend(alicePage, plain);
      expect(await feedback(frame)).toBe('✓ Sent, encrypted.');
      expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(before + 1);
      const events = await alicePage.evaluate(() => window.__composerEvents ?? []);
      expect(events).toContain('input:insertText:trusted');
      // No message ids in this era: the reader keys bubbles by their armor alone.
      await expect.poll(() => readerTexts(alicePage), { timeout: 20_000 }).toContain(plain);
      expect(mock.logContains(plain)).toBe(false);
      expect(await mainWorldLeaks(alicePage, plain)).toEqual([]);
    } finally {
      mock.setVariant({ era: 'group' }, { account: 'alice', live: true });
      await alicePage.waitForFunction(() => window.__mockInstagram?.state().variant.era === 'group', null, { timeout: 10_000 });
      await hydrated(alicePage);
    }
  });

  for (const mode of ['domOnly', 'ignore'] as const) {
    it(`a trusted-input-only composer (${mode}) takes nothing: nothing is sent, the frame offers the armor to paste by hand`, async () => {
      await alicePage.evaluate((m) => window.__mockInstagram!.setVariant({ trustedInputOnly: m }), mode);
      await hydrated(alicePage);
      try {
        const before = armorTexts(mock, THREADS.aliceBob).length;
        const frame = await composeAndSend(alicePage, 'only by hand');
        await frame.getByTestId('manual-parts').waitFor({ timeout: 30_000 });
        expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(before);
        // What we inserted (into the DOM only) was taken out again.
        const state = await alicePage.evaluate(() => window.__mockInstagram!.state());
        expect([state.composerText, state.composerDomText]).toEqual(['', '']);
        expect(mock.logContains('only by hand')).toBe(false);
        await frame.getByRole('button', { name: 'Done' }).click();
      } finally {
        await alicePage.evaluate(() => window.__mockInstagram!.setVariant({ trustedInputOnly: false }));
        await hydrated(alicePage);
      }
    });
  }

  it('a send Instagram refuses is reported (send-failed), nothing stored', async () => {
    await alicePage.evaluate(() => window.__mockInstagram!.setVariant({ sendFailure: 'dialog' }));
    await hydrated(alicePage);
    const before = armorTexts(mock, THREADS.aliceBob).length;
    const frame = await composeAndSend(alicePage, 'this one fails');
    expect(await feedback(frame)).toContain('Instagram reported an error');
    expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(before);
    await alicePage.evaluate(() => {
      window.__mockInstagram!.dismissDialogs();
      return window.__mockInstagram!.setVariant({ sendFailure: 'none' });
    });
    await hydrated(alicePage);
  });

  it('an unfamiliar page (composer gone) pauses encryption: the compose frame stays but sends nothing; the composer coming back resumes it', async () => {
    await alicePage.waitForSelector(COMPOSE, { timeout: 20_000 });
    await alicePage.evaluate(() => window.__mockInstagram!.removeComposer());
    const status = alicePage.frameLocator(STATUS).getByTestId('status-paused');
    await status.waitFor({ timeout: 15_000 });
    expect(await alicePage.locator(STATUS).getAttribute('src')).toContain('paused=page-changed');
    // The compose frame that was up stays where it was, with what was typed; sending from it is refused.
    const before = mock.messages(THREADS.aliceBob).length;
    const frame = await composeAndSend(alicePage, 'not while paused');
    expect(await feedback(frame)).toBe(
      "⚠ Instagram's page does not look as expected, so encryption is paused. Nothing was sent. Your text is still here.",
    );
    expect(await frame.locator('form textarea').inputValue()).toBe('not while paused');
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(mock.logContains('not while paused')).toBe(false);
    await frame.locator('form textarea').fill('');
    await alicePage.evaluate(() => window.__mockInstagram!.restoreComposer());
    await alicePage.waitForSelector(COMPOSE, { timeout: 10_000 });
    await expect.poll(() => alicePage.locator(STATUS).getAttribute('src'), { timeout: 10_000 }).not.toContain('paused');
  });

  it('turning encryption off in the compose frame frees Instagram composer; "Encrypt this chat" in the status frame brings the compose frame back', async () => {
    await alicePage.waitForSelector(COMPOSE, { timeout: 20_000 });
    await alicePage.frameLocator(COMPOSE).getByRole('switch').click();
    // A second, deliberate click (clickjacking): Playwright waits until the button answers.
    await alicePage.frameLocator(COMPOSE).getByRole('button', { name: 'Turn encryption off' }).click();
    // The frame says `state-changed`; the content script asks again and gets 'off'.
    await alicePage.waitForSelector(COMPOSE, { state: 'detached', timeout: 10_000 });
    expect(await alicePage.locator(STATUS).getAttribute('src')).toMatch(new RegExp(`#t=${THREADS.aliceBob}$`));
    await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
    await alicePage.keyboard.type('plain again');
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('plain again');
    await alicePage.evaluate(() => window.__mockInstagram!.setComposerText(''));

    await alicePage.frameLocator(STATUS).getByRole('button', { name: 'Encrypt this chat' }).click();
    await alicePage.waitForSelector(COMPOSE, { timeout: 10_000 });
    expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('textbox');
  });

  it('SPA navigation: a thread with someone who is not a contact is left alone; back to bob, the compose frame returns', async () => {
    await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREADS.aliceCarol);
    await hydrated(alicePage);
    await alicePage.waitForSelector(COMPOSE, { state: 'detached', timeout: 10_000 });
    await expect.poll(() => alicePage.locator(STATUS).getAttribute('src'), { timeout: 10_000 }).not.toContain('#t=');
    // Instagram's composer works as usual there.
    await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
    await alicePage.keyboard.type('hi carol');
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('hi carol');
    await alicePage.evaluate(() => window.__mockInstagram!.setComposerText(''));
    // Reader frames wait in the plain chat too (some chat has encryption on), a second after its mode is known.
    await alicePage.waitForTimeout(1500);

    const backAt = Date.now();
    await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREADS.aliceBob);
    await hydrated(alicePage);
    await alicePage.waitForSelector(COMPOSE, { timeout: 10_000 });
    expect(await alicePage.locator(COMPOSE).getAttribute('src')).toMatch(new RegExp(`#t=${THREADS.aliceBob}$`));
    // Bob's messages are shown in frames that had loaded in carol's chat (created after the
    // navigation, every frame's document would have started loading after it).
    const origins = await until(async () => {
      const seen = (await bubbleReaders(alicePage)).filter((x) => x.text).map((x) => x.origin);
      return seen.length > 0 ? seen : undefined;
    }, 'bob’s messages in reader frames');
    expect(Math.min(...origins)).toBeLessThan(backAt);
  });

  it('SPA navigation whose view follows the URL late: the previous chat still on screen is held, and its header does not link the new thread', async () => {
    await alicePage.waitForSelector(COMPOSE, { timeout: 20_000 });
    mock.setVariant({ lateViewMs: 1500 }, { account: 'alice', live: true });
    await alicePage.waitForFunction(() => window.__mockInstagram?.state().variant.lateViewMs === 1500, null, { timeout: 10_000 });
    await hydrated(alicePage);
    try {
      await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREADS.aliceCarol);
      // Carol's address, bob's chat (header, composer) for a while: typing there gets nothing in.
      await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
      await alicePage.keyboard.type('held');
      expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
      // Then carol's chat: she is not a contact, so Instagram works as usual (no compose frame "to Bob").
      expect(await alicePage.evaluate(() => window.__mockInstagram!.state().threadId)).toBe(THREADS.aliceBob);
      await expect.poll(() => alicePage.evaluate(() => window.__mockInstagram!.state().threadId), { timeout: 10_000 }).toBe(THREADS.aliceCarol);
      await alicePage.waitForTimeout(1000);
      expect(await alicePage.locator(COMPOSE).count()).toBe(0);
      await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
      await alicePage.keyboard.type('hi carol');
      expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('hi carol');
      await alicePage.evaluate(() => window.__mockInstagram!.setComposerText(''));
    } finally {
      mock.setVariant({ lateViewMs: 0 }, { account: 'alice', live: true });
      await alicePage.waitForFunction(() => window.__mockInstagram?.state().variant.lateViewMs === 0, null, { timeout: 10_000 });
    }
    await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREADS.aliceBob);
    await hydrated(alicePage);
    await alicePage.waitForSelector(COMPOSE, { timeout: 10_000 });
  });

  it('the compose frame does not cover the newest message: the space over Instagram’s composer is reserved, and given back when encryption is off', async () => {
    await alicePage.waitForSelector(COMPOSE, { timeout: 20_000 });
    const plain = `the newest message ${Math.random().toString(36).slice(2, 8)}`;
    const frame = await composeAndSend(alicePage, plain);
    expect(await feedback(frame)).toBe('✓ Sent, encrypted.');
    await expect.poll(() => readerTexts(alicePage), { timeout: 20_000 }).toContain(plain);
    await alicePage.waitForTimeout(500);
    const seen = await coverage(alicePage, plain);
    expect(seen).toBeDefined();
    // The frame (header, box, feedback line) is much taller than Instagram's bar, and still sits over it.
    expect(seen!.composeHeight).toBeGreaterThan(90);
    expect(seen!.readerHeight).toBeGreaterThan(0);
    const placed = await overBar(alicePage);
    expect(placed.frame).toEqual(placed.bar);
    expect(seen!.intersects).toBe(false);
    expect(seen!.centreOnCompose).toBe(false);

    // Encryption off: the frame goes and the bar's own margin is back; on again: reserved again.
    const margin = () => alicePage.evaluate(() => (document.querySelector('[data-pagelet="IGDComposerForCannes"]') as HTMLElement).style.marginTop);
    expect(await margin()).not.toBe('');
    await frame.getByRole('switch').click();
    await frame.getByRole('button', { name: 'Turn encryption off' }).click();
    await alicePage.waitForSelector(COMPOSE, { state: 'detached', timeout: 10_000 });
    await expect.poll(margin, { timeout: 5_000 }).toBe('');
    await alicePage.frameLocator(STATUS).getByRole('button', { name: 'Encrypt this chat' }).click();
    await alicePage.waitForSelector(COMPOSE, { timeout: 10_000 });
    await expect.poll(margin, { timeout: 10_000 }).not.toBe('');
  });

  it('trusted-input-only composer, a 2,000-character message: its parts are pasted by hand into Instagram’s box and sent one by one; anything else typed there stays blocked; no plaintext leaves', async () => {
    const thread = THREADS.aliceBob;
    await alicePage.evaluate(() => window.__mockInstagram!.setVariant({ trustedInputOnly: true }));
    await hydrated(alicePage);
    const composerText = () => alicePage.evaluate(() => window.__mockInstagram!.composerText());
    const typed = `typed by hand into instagram ${Math.random().toString(36).slice(2, 8)}`;
    // Earlier tests typed plain text into Instagram's box where that is allowed (encryption off, a
    // non-contact): the drafts checked below are this test's own.
    mock.clearLog();
    try {
      const words = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
      const plain = `${`manual paste ${Math.random().toString(36).slice(2, 8)} ${words}`.slice(0, 1999)}.`;
      expect(plain).toHaveLength(2000);
      const before = armorTexts(mock, thread).length;
      const frame = await composeAndSend(alicePage, plain);
      await frame.getByTestId('manual-parts').waitFor({ timeout: 30_000 });
      const boxes = frame.getByTestId('manual-parts').locator('textarea');
      const count = await boxes.count();
      expect(count).toBeGreaterThan(1);
      const parts: string[] = [];
      for (let i = 0; i < count; i++) parts.push(await boxes.nth(i).inputValue());
      const listed = frame.getByTestId('manual-part');
      for (const part of parts) expect(part).toMatch(/^SDM1[A-Za-z0-9_-]+$/);
      expect(armorTexts(mock, thread)).toHaveLength(before);

      // The frame stands above Instagram's bar now, so the user can click its box (a real click).
      const textbox = alicePage.locator('[role="textbox"]');
      await textbox.click({ timeout: 10_000 });
      // Plain text typed or inserted there is still blocked, and so is Enter on it.
      await alicePage.keyboard.type(typed);
      await alicePage.keyboard.insertText(`${typed} inserted`);
      await alicePage.keyboard.press('Enter');
      expect(await composerText()).toBe('');
      // A part with anything else is not a part.
      await alicePage.keyboard.insertText(`${parts[0]} ${typed}`);
      expect(await composerText()).toBe('');

      for (const [i, part] of parts.entries()) {
        await textbox.click({ timeout: 10_000 });
        await alicePage.keyboard.insertText(part);
        expect(await composerText()).toBe(part);
        await alicePage.keyboard.press('Enter');
        await until(() => (armorTexts(mock, thread).length === before + i + 1 ? true : undefined), `part ${i + 1} to arrive`, 15_000);
        expect(armorTexts(mock, thread).at(-1)).toBe(part);
        if (i < parts.length - 1) {
          // The frame marks it as in the chat; the same part again is no longer let through.
          await expect.poll(() => listed.nth(i).getAttribute('data-sent'), { timeout: 20_000 }).toBe('true');
          await textbox.click({ timeout: 10_000 });
          await alicePage.keyboard.insertText(part);
          expect(await composerText()).toBe('');
        }
      }
      // Every part arrived: the list closes, the frame says sent and sits over the bar again.
      expect(await feedback(frame)).toBe('✓ Sent, encrypted.');
      await frame.getByTestId('manual-parts').waitFor({ state: 'detached', timeout: 10_000 });
      await expect.poll(async () => (await overBar(alicePage)).frame.join(), { timeout: 10_000 }).toBe((await overBar(alicePage)).bar.join());
      expect(armorTexts(mock, thread).slice(before)).toEqual(parts);
      await expect.poll(() => readerTexts(alicePage), { timeout: 20_000 }).toContain(plain);

      // Back to normal: Instagram's box is guarded as before.
      await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
      expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('textbox');
      expect(armorTexts(mock, thread)).toHaveLength(before + parts.length);
      for (const leak of [plain, typed]) {
        expect(serverPlaintextFindings(mock, leak)).toEqual([]);
        expect(await mainWorldLeaks(alicePage, leak)).toEqual([]);
      }
    } finally {
      await alicePage.evaluate(() => window.__mockInstagram!.setVariant({ trustedInputOnly: false }));
      await hydrated(alicePage);
    }
  });

  // Last: it reloads the extension under the open tab.
  it("the extension updated or turned off under an open encrypted chat: Instagram's composer stays blocked and the page says to reload", async () => {
    await hydrated(alicePage);
    await alicePage.locator(COMPOSE).waitFor({ timeout: 20_000 });
    const before = mock.messages(THREADS.aliceBob).length;
    // What an update does: the extension restarts, and the tab's content script can no longer reach it.
    await (await alice.serviceWorker())
      .evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload())
      .catch(() => undefined);
    await alicePage.getByText('until you reload the page').waitFor({ timeout: 10_000 });
    await alicePage.locator('[role="textbox"]').first().click({ force: true });
    await alicePage.keyboard.type('typed after the update');
    await alicePage.keyboard.press('Enter');
    await alicePage.waitForTimeout(800);
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(mock.logContains('typed after the update')).toBe(false);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
  });
});
