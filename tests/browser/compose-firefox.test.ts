/**
 * Sending and reading end to end in real Firefox ESR: the unmodified built extension in two
 * profiles (alice, bob) against the local instagram.com on port 443 (tests/mock-instagram, real
 * Lexical composer), driven with puppeteer-core over WebDriver BiDi (harness/firefox.ts,
 * harness/firefox-flow.ts).
 *
 * Alice types with the real keyboard into the extension's compose frame (emoji, a Shift+Enter line
 * break, Enter to send); the content script posts only armor through Instagram's own composer;
 * bob's content script finds the armor and mounts reader frames that show the plaintext. Then: bob
 * answers, a 2,000-character message goes out in several parts, history survives a reload, a
 * message altered on the server reads as tampered, Instagram's composer stays guarded, the textarea
 * era, a dialog, a trusted-input-only composer and a refused send fail visibly, an unfamiliar page
 * pauses encryption, the per-chat switch works through frame messages, and a thread with someone
 * who is not a contact is left to Instagram. After every step the plaintext must be absent from
 * Instagram's server (request log, drafts) and from everything the page's main world can read.
 *
 * Setup goes through the popup page (the extension tab, navigated there: BiDi cannot open
 * moz-extension:// URLs) and its own `browser.runtime.sendMessage` with the privileged envelope.
 *
 * Build and run:
 *   SEALED_DMS_OUT_DIR=.output-ff npx wxt build -b firefox
 *   SEALED_DMS_OUT_DIR=.output-ff npx vitest run --config vitest.browser.config.ts tests/browser/compose-firefox.test.ts
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import { fakeScriptStarted, GUARD_ATTACKS } from './harness/page-attacks';
import { launchFirefox, type FirefoxProfile } from './harness/firefox';
import {
  alterArmor,
  clickButton,
  composeFrame,
  feedback,
  framesWith,
  frameWith,
  hydrated,
  mainWorldLeaks,
  manualParts,
  openThread,
  readers,
  recordComposerEvents,
  recordPageKeys,
  reloadPage,
  scanPage,
  setUpContacts,
  typeAndSend,
  waitForReaderText,
} from './harness/firefox-flow';
import { armorTexts, COMPOSE, readerDocument, serverPlaintextFindings, STATUS, type ReaderDocument } from './harness/instagram-flow';
import { GECKO_ID } from '../../wxt.config';

const SENT = '✓ Sent, encrypted.';

/** Every reader frame's document that answers (framesWith: how our frames are found in Firefox). */
async function readerDocuments(page: Page): Promise<ReaderDocument[]> {
  const seen: ReaderDocument[] = [];
  for (const frame of await framesWith(page, '[data-testid="reader-frame"]')) {
    const got = await frame.evaluate(readerDocument).catch(() => null);
    if (got) seen.push(got);
  }
  return seen;
}
const ARMOR = /^SDM1[A-Za-z0-9_-]+$/;

describe('firefox: compose and read through the local instagram.com', () => {
  let mock: MockInstagram;
  let alice: FirefoxProfile;
  let bob: FirefoxProfile;
  let alicePage: Page;
  let bobPage: Page;

  const first = ['Meet at the blue door 🚪 at 7 🎉', 'bring the 42 maps 🔐'];
  const firstText = first.join('\n');
  const reply = 'Deal, see you there 👍';
  const textareaPlain = 'textarea era secret 🦊';
  const long = (() => {
    const body = Array.from({ length: 120 }, (_, i) => `segment ${i} of the long secret`).join(' / ');
    return `${body.slice(0, 1990)} [the end]`;
  })();

  /** Neither Instagram's server nor the main world of the open pages ever held `plain`. */
  async function expectNoLeak(plain: string, opts: { drafts?: boolean } = {}): Promise<void> {
    const server = serverPlaintextFindings(mock, plain);
    // After text was typed into Instagram's own composer on purpose (encryption off, or a chat
    // with someone who is not a contact), its drafts hold that text: check the needles only.
    expect(opts.drafts === false ? server.filter((f) => !f.startsWith('draft ')) : server).toEqual([]);
    for (const page of [alicePage, bobPage]) {
      if (page && !page.isClosed()) expect(await mainWorldLeaks(page, plain), `in ${page.url()}`).toEqual([]);
    }
  }

  beforeAll(async () => {
    mock = await startMockInstagram({ port: 443, history: { [THREADS.aliceBob]: 3 } });
    alice = await launchFirefox();
    bob = await launchFirefox();
    await setUpContacts([
      { profile: alice, name: 'Alice', user: 'alice' },
      { profile: bob, name: 'Bob', user: 'bob' },
    ]);
    alicePage = await openThread(alice, mock, 'alice', THREADS.aliceBob);
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mock?.close();
  });

  it('alice types (emoji, Shift+Enter) and sends with Enter; only armor reaches Instagram; bob reads the plaintext with its badge', async () => {
    await alicePage.waitForSelector(COMPOSE, { timeout: 20_000 });
    // The compose frame sits over Instagram's composer bar.
    const geometry = await alicePage.evaluate((sel) => {
      const frame = document.querySelector(sel)!.getBoundingClientRect();
      const bar = document.querySelector('[data-pagelet="IGDComposerForCannes"]')!.getBoundingClientRect();
      return { frame: [frame.left, frame.bottom, frame.width], bar: [bar.left, bar.bottom, bar.width] };
    }, COMPOSE);
    expect(geometry.frame.map(Math.round)).toEqual(geometry.bar.map(Math.round));

    await recordComposerEvents(alicePage);
    await recordPageKeys(alicePage);
    const frame = await typeAndSend(alicePage, first);
    // Extension-origin: the page's own script cannot read into the frame.
    expect(await alicePage.evaluate((sel) => (document.querySelector(sel) as HTMLIFrameElement).contentDocument, COMPOSE)).toBeNull();
    expect(await feedback(frame)).toBe(SENT);
    const sent = armorTexts(mock, THREADS.aliceBob);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(ARMOR);
    // Everything stored in the thread is the seeded history or armor.
    for (const m of mock.messages(THREADS.aliceBob)) expect(m.text).toMatch(/^(History message \d+|SDM1[A-Za-z0-9_-]+)$/);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');

    // How the armor went in: Firefox's execCommand('insertText') hands Lexical a trusted
    // `beforeinput` (Chromium: a trusted `input`); no synthetic paste or beforeinput was needed.
    const events = await alicePage.evaluate(() => window.__composerEvents ?? []);
    expect(events.filter((e) => /^(beforeinput|input):insertText:trusted$/.test(e))).not.toEqual([]);
    expect(events.filter((e) => e.startsWith('paste') || (e.endsWith(':synthetic') && !e.startsWith('click')))).toEqual([]);
    expect(events).toContain('click:synthetic');
    // The keys typed into the compose frame never reached the page's own listeners; all the page
    // got is the armor going in.
    const keys = await alicePage.evaluate(() => window.__pageKeys ?? []);
    expect(keys.filter((k) => !/^(beforeinput|input):(SDM1[A-Za-z0-9_-]*)?$/.test(k))).toEqual([]);

    // Alice sees her own message through a reader frame (her archive).
    await waitForReaderText(alicePage, firstText);
    const own = (await readers(alicePage)).find((v) => v.text === firstText)!;
    expect(own.direction).toBe('sent');
    expect(own.meta).toContain('Sent to Bob');

    bobPage = await openThread(bob, mock, 'bob', THREADS.aliceBob);
    await waitForReaderText(bobPage, firstText);
    const view = (await readers(bobPage)).find((v) => v.text === firstText)!;
    expect(view.direction).toBe('received');
    expect(view.meta).toContain('From Alice');
    expect(view.verification).toBe('unverified');
    // The ciphertext stays in the page, hidden; the plaintext is not there.
    expect(await bobPage.evaluate((a) => document.body.textContent?.includes(a), sent[0]!)).toBe(true);

    await expectNoLeak(firstText);
    for (const needle of ['blue door', '🚪', '42 maps']) {
      expect(mock.logContains(needle)).toBe(false);
      expect(await scanPage(alicePage, [needle])).toEqual([]);
      expect(await scanPage(bobPage, [needle])).toEqual([]);
    }
    // Both checks do see what did pass (the seeded history in the page, the armor on the wire),
    // so their empty results mean something.
    expect(await scanPage(bobPage, ['History message'])).toEqual(expect.arrayContaining(['outerHTML', 'innerText', 'message list']));
    expect(mock.logContains(sent[0]!)).toBe(true);
  });

  it('bob answers from his compose frame; alice reads it', async () => {
    const frame = await typeAndSend(bobPage, [reply]);
    expect(await feedback(frame)).toBe(SENT);
    expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(2);
    await waitForReaderText(alicePage, reply);
    const view = (await readers(alicePage)).find((v) => v.text === reply)!;
    expect(view.direction).toBe('received');
    expect(view.meta).toContain('From Bob');
    await waitForReaderText(bobPage, reply);
    await expectNoLeak(reply);
  });

  it('in an open thread a new message is read in a frame whose document had loaded before the message was sent (frames wait, loaded)', async () => {
    await alicePage.evaluate(() => new Promise((resolve) => setTimeout(resolve, 2500))); // the waiting frames load a second after the thread's own
    const plain = `Frames ready ${Math.random().toString(36).slice(2, 8)}`;
    const sentAt = Date.now();
    expect(await feedback(await typeAndSend(bobPage, [plain]))).toBe(SENT);
    await waitForReaderText(alicePage, plain);
    const origin = (await readerDocuments(alicePage)).find((seen) => seen.text === plain)?.origin;
    // Created after the bubble arrived, the frame's document would have started loading after the send.
    expect(origin).toBeLessThan(sentAt);
    await expectNoLeak(plain);
  });

  it('a chat clicked in the inbox is read in frames whose documents had loaded on the inbox (frames wait there too)', async () => {
    const plain = `Inbox ready ${Math.random().toString(36).slice(2, 8)}`;
    expect(await feedback(await typeAndSend(alicePage, [plain]))).toBe(SENT);
    const inbox = await bob.newPage();
    await inbox.setViewport({ width: 1280, height: 720 });
    await inbox.goto(mock.loginUrl('bob', '/direct/inbox/'));
    await inbox.evaluate(() => new Promise((resolve) => setTimeout(resolve, 2500))); // the waiting frames load a second after the inbox
    // The inbox row, clicked as a user clicks it (a div[role=button] since 2025: an SPA navigation).
    const row = await inbox.evaluate(() => {
      const r = Array.from(document.querySelectorAll('[role="button"]')).find((b) => b.querySelector('[title="Alice Example"]'))!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const clickedAt = Date.now();
    await inbox.mouse.click(row.x, row.y);
    await hydrated(inbox);
    await waitForReaderText(inbox, plain);
    const shown = (await readerDocuments(inbox)).filter((seen) => seen.text).map((seen) => seen.origin);
    // Frames created for the bubbles would have started loading after the click. (The thread holds
    // fewer armored bubbles than the six frames that wait, so every one of them got a waiting frame.)
    expect(shown.length).toBeGreaterThan(0);
    for (const origin of shown) expect(origin).toBeLessThan(clickedAt);
    expect(await mainWorldLeaks(inbox, plain)).toEqual([]);
    await inbox.close();
  });

  it('a 2,000-character message goes out as several parts; bob reads it whole', async () => {
    expect(long).toHaveLength(2000);
    const before = armorTexts(mock, THREADS.aliceBob).length;
    const frame = await typeAndSend(alicePage, [long]);
    expect(await feedback(frame)).toBe(SENT);
    const parts = armorTexts(mock, THREADS.aliceBob).slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part).toMatch(ARMOR);
      expect(part.length).toBeLessThanOrEqual(900);
    }
    await waitForReaderText(bobPage, long, 30_000);
    await waitForReaderText(alicePage, long, 30_000);
    // Its reader frames were sized from their own `resize` messages (posted from the moz-extension
    // origin, which the content script has to accept): far taller than the 44 px they start with.
    const heights: number[] = [];
    for (const frame of await framesWith(bobPage, '[data-testid="reader-text"]')) {
      if ((await frame.evaluate(() => document.querySelector('[data-testid="reader-text"]')!.textContent)) !== long) continue;
      const element = await frame.frameElement();
      heights.push(await element!.evaluate((el) => el.getBoundingClientRect().height));
    }
    expect(heights.length).toBeGreaterThan(0);
    for (const height of heights) expect(height).toBeGreaterThan(200);
    await expectNoLeak(long);
    for (const needle of ['long secret', '[the end]']) expect(mock.logContains(needle)).toBe(false);
    expect(await scanPage(bobPage, ['long secret'])).toEqual([]);
  });

  it('after a reload both still read the history (archive)', async () => {
    // reloadPage: Firefox may report a reload as aborted although the new document comes up.
    await Promise.all([reloadPage(alicePage), reloadPage(bobPage)]);
    // The reader gives frames to bubbles near the screen only: bring the older ones into view first.
    for (const page of [alicePage, bobPage]) {
      await page.evaluate(() => window.__mockInstagram!.scrollToTop());
      for (const plain of [firstText, reply]) await waitForReaderText(page, plain, 30_000);
      await page.evaluate(() => window.__mockInstagram!.scrollToBottom());
      await waitForReaderText(page, long, 30_000);
    }
    for (const plain of [firstText, reply, long]) await expectNoLeak(plain);
  });

  it('a message altered on the server reads as tampered, never as text', async () => {
    await bobPage.close();
    const plain = 'This one gets altered on the way';
    const frame = await typeAndSend(alicePage, [plain]);
    expect(await feedback(frame)).toBe(SENT);
    const stored = mock.messages(THREADS.aliceBob).at(-1)!;
    expect(stored.text).toMatch(ARMOR);
    mock.tamper(THREADS.aliceBob, stored.id, alterArmor(stored.text));

    bobPage = await openThread(bob, mock, 'bob', THREADS.aliceBob);
    await expect.poll(async () => (await readers(bobPage)).some((v) => v.failure === 'tampered'), { timeout: 20_000 }).toBe(true);
    const views = await readers(bobPage);
    const altered = views.find((v) => v.failure === 'tampered')!;
    expect(altered.meta).toContain('Altered');
    expect(altered.text).toBeNull();
    expect(views.map((v) => v.text)).not.toContain(plain);
    // The messages before it still read (scrolled into view: frames are made near the screen only).
    await bobPage.evaluate(() => window.__mockInstagram!.scrollToTop());
    await waitForReaderText(bobPage, reply, 30_000);
    await expectNoLeak(plain);
  });

  it("guards Instagram's own composer: focus is taken away, real typing and Enter send nothing", async () => {
    await composeFrame(alicePage);
    const before = mock.messages(THREADS.aliceBob).length;
    await alicePage.bringToFront();
    await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
    expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('textbox');
    await alicePage.keyboard.type('typed into instagram');
    await alicePage.keyboard.press('Enter');
    // A synthetic Enter aimed at the composer itself is stopped too.
    await alicePage.evaluate(() =>
      document.querySelector('[role="textbox"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })),
    );
    await new Promise((r) => setTimeout(r, 800));
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
    expect(mock.logContains('typed into instagram')).toBe(false);
  });

  it('the page cannot switch the content script off by posing as a newer copy of it (the event WXT content scripts use to stop older ones)', async () => {
    await composeFrame(alicePage);
    const before = mock.messages(THREADS.aliceBob).length;
    // Firefox's runtime.id is the manifest's gecko id, public like any extension id.
    await alicePage.evaluate(fakeScriptStarted(GECKO_ID));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await alicePage.$$eval(COMPOSE, (els) => els.length)).toBe(1);
    await alicePage.bringToFront();
    await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
    await alicePage.keyboard.type('typed after the fake event');
    await alicePage.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 800));
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
    expect(mock.logContains('typed after the fake event')).toBe(false);
  });

  /** After `attack` (run in the page), the compose frame is up and Instagram's composer takes nothing; then a fresh page. */
  async function stillGuarded(attack: string, marker: string): Promise<void> {
    await composeFrame(alicePage);
    const before = mock.messages(THREADS.aliceBob).length;
    await alicePage.evaluate(attack);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await alicePage.$$eval(COMPOSE, (els) => els.length)).toBe(1);
    await alicePage.bringToFront();
    await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
    await alicePage.keyboard.type(marker);
    await alicePage.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 800));
    expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
    expect(mock.logContains(marker)).toBe(false);
    // The attacks also broke the page itself (its own timers, a forged row).
    await alicePage.reload();
    await hydrated(alicePage);
  }

  // Timer ids are shared between the page and the content script (src/instagram/timers.ts); a
  // foreign-namespace element has no style (src/instagram/dom/messages.ts).
  for (const attack of GUARD_ATTACKS) it(attack.title, () => stillGuarded(attack.script(THREADS.aliceBob), attack.marker));

  it('textarea era (2020–22): the armor goes in and out through the textarea', async () => {
    mock.setVariant({ era: 'textarea' }, { account: 'alice', live: true });
    await alicePage.waitForFunction(() => window.__mockInstagram?.state().variant.era === 'textarea', { timeout: 10_000 });
    await hydrated(alicePage);
    try {
      await recordComposerEvents(alicePage);
      const plain = textareaPlain;
      const before = armorTexts(mock, THREADS.aliceBob).length;
      const frame = await typeAndSend(alicePage, [plain]);
      expect(await feedback(frame)).toBe(SENT);
      expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(before + 1);
      expect(await alicePage.evaluate(() => window.__composerEvents ?? [])).toContain('input:insertText:trusted');
      await waitForReaderText(alicePage, plain);
      await expectNoLeak(plain);
    } finally {
      mock.setVariant({ era: 'group' }, { account: 'alice', live: true });
      await alicePage.waitForFunction(() => window.__mockInstagram?.state().variant.era === 'group', { timeout: 10_000 });
      await hydrated(alicePage);
    }
  });

  it("a dialog over Instagram's composer stops the send before anything is typed (dialog)", async () => {
    await alicePage.evaluate(() => window.__mockInstagram!.showDialog('notifications'));
    try {
      const before = mock.messages(THREADS.aliceBob).length;
      const frame = await typeAndSend(alicePage, ['not while a dialog is open']);
      expect(await feedback(frame)).toContain('A dialog covers');
      expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
      expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
      await expectNoLeak('not while a dialog is open');
    } finally {
      await alicePage.evaluate(() => window.__mockInstagram!.dismissDialogs());
    }
  });

  for (const mode of ['domOnly', 'ignore'] as const) {
    it(`a trusted-input-only composer (${mode}) sends nothing: the frame offers the armor to paste by hand, Instagram's box is left empty`, async () => {
      await alicePage.evaluate((m) => window.__mockInstagram!.setVariant({ trustedInputOnly: m }), mode);
      await hydrated(alicePage);
      try {
        const before = armorTexts(mock, THREADS.aliceBob).length;
        const frame = await typeAndSend(alicePage, ['only by hand']);
        await manualParts(frame);
        expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(before);
        // What we inserted was taken out again (Firefox: the editor took it through the trusted
        // beforeinput of execCommand, ignored our Send, and took execCommand('delete') the same way).
        const state = await alicePage.evaluate(() => window.__mockInstagram!.state());
        expect([state.composerText, state.composerDomText]).toEqual(['', '']);
        await expectNoLeak('only by hand');
        await clickButton(frame, 'Done', '[data-testid="manual-parts"]');
      } finally {
        await alicePage.evaluate(() => window.__mockInstagram!.setVariant({ trustedInputOnly: false }));
        await hydrated(alicePage);
      }
    });
  }

  it("an editor that refuses execCommand's insertion takes the synthetic paste (Gecko's ClipboardEventInit)", async () => {
    // The page cancels every insertText beforeinput carrying armor (the trusted one execCommand
    // fires in Firefox, and a synthetic one): only the paste fallback can put the armor in.
    await alicePage.evaluate(() => {
      const w = window as unknown as { __refuseInsert?: (e: Event) => void };
      w.__refuseInsert = (e: Event) => {
        const ie = e as InputEvent;
        if (ie.inputType === 'insertText' && ie.data?.startsWith('SDM1')) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      };
      window.addEventListener('beforeinput', w.__refuseInsert, true);
    });
    try {
      await recordComposerEvents(alicePage);
      const plain = 'pasted in by the fallback';
      const before = armorTexts(mock, THREADS.aliceBob).length;
      const frame = await typeAndSend(alicePage, [plain]);
      expect(await feedback(frame)).toBe(SENT);
      expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(before + 1);
      const events = await alicePage.evaluate(() => window.__composerEvents ?? []);
      expect(events).toContain('paste:synthetic');
      expect(events).not.toContain('beforeinput:insertText:synthetic');
      await waitForReaderText(alicePage, plain);
      await expectNoLeak(plain);
    } finally {
      await alicePage.evaluate(() => {
        const w = window as unknown as { __refuseInsert?: (e: Event) => void };
        if (w.__refuseInsert) window.removeEventListener('beforeinput', w.__refuseInsert, true);
      });
    }
  });

  it('a send Instagram refuses is reported (send-failed), nothing stored', async () => {
    await alicePage.evaluate(() => window.__mockInstagram!.setVariant({ sendFailure: 'dialog' }));
    await hydrated(alicePage);
    try {
      const before = armorTexts(mock, THREADS.aliceBob).length;
      const frame = await typeAndSend(alicePage, ['this one fails']);
      expect(await feedback(frame)).toContain('Instagram reported an error');
      expect(armorTexts(mock, THREADS.aliceBob)).toHaveLength(before);
      await expectNoLeak('this one fails');
    } finally {
      await alicePage.evaluate(() => {
        window.__mockInstagram!.dismissDialogs();
        return window.__mockInstagram!.setVariant({ sendFailure: 'none' });
      });
      await hydrated(alicePage);
    }
  });

  it('an unfamiliar page (composer gone) pauses encryption: the compose frame that was up sends nothing; the composer coming back resumes it', async () => {
    await composeFrame(alicePage);
    await alicePage.evaluate(() => window.__mockInstagram!.removeComposer());
    try {
      await expect.poll(() => alicePage.$eval(STATUS, (el) => el.getAttribute('src')).catch(() => null), { timeout: 15_000 }).toContain('paused=page-changed');
      await frameWith(alicePage, '[data-testid="status-paused"]', 15_000);
      // The compose frame stays where it was, with what was typed; a send from it is refused.
      const before = mock.messages(THREADS.aliceBob).length;
      const frame = await typeAndSend(alicePage, ['not while paused']);
      expect(await feedback(frame)).toContain('encryption is paused');
      expect(await frame.$eval('form textarea', (el) => (el as HTMLTextAreaElement).value)).toBe('not while paused');
      expect(mock.messages(THREADS.aliceBob)).toHaveLength(before);
      await expectNoLeak('not while paused');
    } finally {
      await alicePage.evaluate(() => window.__mockInstagram!.restoreComposer());
    }
    await alicePage.waitForSelector(COMPOSE, { timeout: 10_000 });
    await expect.poll(() => alicePage.$eval(STATUS, (el) => el.getAttribute('src')), { timeout: 10_000 }).not.toContain('paused');
    await composeFrame(alicePage);
  });

  it('the switch in the compose frame turns encryption off (a frame message to the content script); "Encrypt this chat" in the status frame turns it back on', async () => {
    const compose = await composeFrame(alicePage);
    await alicePage.bringToFront();
    await compose.click('[role="switch"]');
    // A second, deliberate click (clickjacking): the button answers after a moment.
    await compose.waitForSelector('.confirm button.danger:not([disabled])', { timeout: 5_000 });
    await compose.click('.confirm button.danger');
    // The frame posts `state-changed` (moz-extension origin); the content script asks again and gets 'off'.
    await alicePage.waitForSelector(COMPOSE, { hidden: true, timeout: 10_000 });
    expect(await alicePage.$eval(STATUS, (el) => el.getAttribute('src'))).toMatch(new RegExp(`#t=${THREADS.aliceBob}$`));
    await alicePage.focus('[role="textbox"]');
    await alicePage.keyboard.type('plain again');
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('plain again');
    await alicePage.evaluate(() => window.__mockInstagram!.setComposerText(''));

    const status = await frameWith(alicePage, '[data-testid="status-frame-root"] button', 10_000);
    await clickButton(status, 'Encrypt this chat');
    await composeFrame(alicePage);
    expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('textbox');
    for (const plain of [firstText, reply, long]) await expectNoLeak(plain, { drafts: false });
  });

  it("SPA navigation: a thread with someone who is not a contact is left to Instagram's composer; back to bob, the compose frame returns", async () => {
    await alicePage.waitForSelector(COMPOSE, { timeout: 20_000 });
    await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREADS.aliceCarol);
    await hydrated(alicePage);
    await alicePage.waitForSelector(COMPOSE, { hidden: true, timeout: 10_000 });
    await expect.poll(() => alicePage.$eval(STATUS, (el) => el.getAttribute('src')).catch(() => null), { timeout: 10_000 }).toMatch(/\/status-frame\.html$/);
    // Instagram's composer works as usual there, with the real keyboard.
    await alicePage.bringToFront();
    await alicePage.focus('[role="textbox"]');
    await alicePage.keyboard.type('hi carol');
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('hi carol');
    await alicePage.evaluate(() => window.__mockInstagram!.setComposerText(''));

    await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREADS.aliceBob);
    await hydrated(alicePage);
    await alicePage.waitForSelector(COMPOSE, { timeout: 10_000 });
    expect(await alicePage.$eval(COMPOSE, (el) => el.getAttribute('src'))).toMatch(new RegExp(`#t=${THREADS.aliceBob}$`));
    await composeFrame(alicePage);
    // The newest messages read again.
    await waitForReaderText(alicePage, textareaPlain);
    for (const plain of [firstText, reply, long, textareaPlain]) await expectNoLeak(plain, { drafts: false });
  });
});
