/**
 * Issue 5, Firefox ESR: the faults of faults.test.ts (Chromium) injected while alice sends to bob,
 * with the unmodified built extension in two Firefox profiles against the local instagram.com on
 * port 443, driven with puppeteer-core over WebDriver BiDi (harness/firefox.ts, firefox-flow.ts).
 * Every fault must end with
 * - zero plaintext at Instagram's server (every logged request: sends, drafts, typing signals,
 *   beacons) and none in the page's main world;
 * - the user told why (the compose frame's feedback, asserted by its text);
 * - no message silently lost or sent twice: the armored messages the server stored are counted.
 *
 * First the round trip the faults are measured against (both ways, emoji, Shift+Enter; a new
 * message decrypts after bob's event page was stopped), then:
 *  1 composer missing mid-send          2 composer replaced mid-send     3 event page stopped mid-send
 *  4 vault locked                       7 Instagram's failure dialog     7b silent send failure
 *  8 navigation mid-send (the text offered back on return), 8b after Send (in flight), 8c after
 *    Send and dropped ("may have been sent")
 *  9 over-length message               10 double Enter (and Enter + Send click)
 *  a message tampered on the server,    5 contact key changed (last: it leaves alice with a new key for bob).
 * Nothing is skipped. Fault 3 stops Firefox's event page through the remote agent's system access
 * (FirefoxProfile.stopBackground: the extension's own `terminateBackground`, as an idle timeout or
 * about:debugging does; the add-on is not reinstalled), the counterpart of Chromium's CDP
 * `ServiceWorker.stopAllWorkers`.
 *
 * Text goes in with the real keyboard (short texts) or one `insertText` edit (long ones, as
 * Playwright's `fill`); Enter is a real key press. Mid-send faults are set off from the page's main
 * world by the same one-shot trigger as in Chromium (harness/fault-scenarios.ts).
 *
 * Build and run (this file owns port 443 while it runs):
 *   SEALED_DMS_OUT_DIR=.output-ff npx wxt build -b firefox
 *   SEALED_DMS_OUT_DIR=.output-ff npx vitest run --config vitest.browser.config.ts tests/browser/faults-firefox.test.ts
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import {
  alterArmor,
  armFaultInPage,
  COMPOSER_MISSING,
  disarmFaultInPage,
  INSTAGRAM_FAILED,
  keyChangedPrompt,
  LOCKED_NOTE,
  newDeviceCode,
  OUTCOME_UNKNOWN,
  secret,
  SENT,
  TOO_LONG,
  type Fault,
  type Trigger,
} from './harness/fault-scenarios';
import type { FirefoxProfile } from './harness/firefox';
import {
  clickButton,
  composeFrame,
  composeText,
  feedback,
  fillAndSend,
  fillCompose,
  frameWith,
  hydrated,
  launchFirefoxPair,
  mainWorldLeaks,
  openThread,
  pressEnterInBox,
  privileged,
  privilegedReply,
  readers,
  reloadPage,
  typeAndSend,
  waitForReaderText,
} from './harness/firefox-flow';
import { armorTexts, COMPOSE, serverPlaintextFindings, STATUS, until } from './harness/instagram-flow';

const THREAD = THREADS.aliceBob;
const CAROL = THREADS.aliceCarol;
const PASSPHRASE = 'alice locks her vault';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('firefox: faults while sending, through the local instagram.com', () => {
  let mock: MockInstagram;
  let alice: FirefoxProfile;
  let bob: FirefoxProfile;
  let alicePage: Page;
  /** Alice's extension tab, on the popup page (privileged requests as the popup makes them). */
  let alicePopup: Page;

  /** Stored armored messages of the alice–bob thread. */
  const stored = (): number => armorTexts(mock, THREAD).length;

  /** The checks every fault ends with: nothing of `plain` at the server or in the page. */
  async function noLeak(plain: string, page = alicePage): Promise<void> {
    expect(serverPlaintextFindings(mock, plain)).toEqual([]);
    expect(await mainWorldLeaks(page, plain)).toEqual([]);
  }

  const armFault = (trigger: Trigger, fault: Fault): Promise<void> => alicePage.evaluate(armFaultInPage, [trigger, fault] as const);

  /** Where alice's page is (its main world's location). */
  const alicePath = (): Promise<string> => alicePage.evaluate(() => location.pathname);

  /** The compose frame in whatever state it is (also without a box: locked, loading). */
  const anyComposeFrame = (page: Page): Promise<Frame> => frameWith(page, '[data-testid="compose-frame"]');

  /** Alice's page in the thread with a ready compose frame over a plain composer; else a fresh page (a failed test left it odd). */
  async function cleanAlicePage(): Promise<void> {
    mock.resetVariants();
    if (!alicePage.isClosed()) await alicePage.evaluate(disarmFaultInPage).catch(() => undefined);
    const clean =
      !alicePage.isClosed() &&
      (await alicePage
        .evaluate((id) => {
          const s = window.__mockInstagram?.state();
          return s?.threadId === id && s.composerPresent && s.composerText === '' && s.dialogs.length === 0 && document.querySelectorAll('iframe[src*="/compose-frame.html"]').length === 1;
        }, THREAD)
        .catch(() => false)) &&
      (await composeFrame(alicePage, 5_000).then(
        () => true,
        () => false,
      ));
    if (clean) return;
    if (!alicePage.isClosed()) await alicePage.close();
    alicePage = await openThread(alice, mock, 'alice', THREAD);
    await composeFrame(alicePage);
  }

  /** The compose frame's notice of an unsent message, once it offers `plain`. */
  async function unsentNotice(page: Page, plain: string): Promise<{ frame: Frame; state: string | null; text: string }> {
    return until(
      async () => {
        const frame = await frameWith(page, '[data-testid="unsent-text"]', 1_000);
        const notice = await frame.evaluate(() => ({
          offered: document.querySelector('[data-testid="unsent-text"]')?.textContent ?? null,
          state: document.querySelector('[data-testid="unsent-message"]')?.getAttribute('data-state') ?? null,
          text: document.querySelector('[data-testid="unsent-message"]')?.textContent ?? '',
        }));
        return notice.offered === plain ? { frame, state: notice.state, text: notice.text } : undefined;
      },
      'the unsent message offered back',
      20_000,
      200,
    );
  }

  /** What the compose frame's unsent notice offers now (null: none). */
  async function unsentShown(page: Page): Promise<string | null> {
    const frame = await composeFrame(page);
    return frame.evaluate(() => document.querySelector('[data-testid="unsent-text"]')?.textContent ?? null);
  }

  /** The texts of the unsent messages the background would offer in this thread (asked as the compose frame). */
  async function offered(page: Page): Promise<string[]> {
    const frame = await composeFrame(page);
    const reply = await privileged<{ messages: { text: string }[] }>(frame, 'unsentMessages', { threadId: THREAD });
    return reply.messages.map((m) => m.text);
  }

  beforeAll(async () => {
    mock = await startMockInstagram({ port: 443, history: { [THREAD]: 2 } });
    ({ alice, bob } = await launchFirefoxPair({ alice: { systemAccess: true }, bob: { systemAccess: true } }));
    // setUpContacts left each extension tab on the popup page.
    alicePopup = alice.extensionPage;
    alicePage = await openThread(alice, mock, 'alice', THREAD);
  });

  beforeEach(async () => {
    await cleanAlicePage();
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mock?.close();
  });

  it("round trip: both ways with emoji and Shift+Enter line breaks; a new message decrypts after bob's event page was stopped", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const toBob = ['Hi Bob 👋🏽, the key is under the mat', 'second line: 3 > 2 & "quotes"', '', `after an empty line ${tag}`];
    const toAlice = ['Got it 🔐✨ thanks', `see you at 8 ${tag}`];
    let frame = await typeAndSend(alicePage, toBob);
    expect(await feedback(frame)).toBe(SENT);
    const bobPage = await openThread(bob, mock, 'bob', THREAD);
    await waitForReaderText(bobPage, toBob.join('\n'));
    frame = await typeAndSend(bobPage, toAlice);
    expect(await feedback(frame)).toBe(SENT);
    for (const page of [alicePage, bobPage]) for (const plain of [toBob, toAlice]) await waitForReaderText(page, plain.join('\n'));
    expect(stored()).toBe(2);

    // Bob's event page stops (as Firefox does when it is idle); alice's next message still decrypts: the session was stored.
    await bob.stopBackground();
    const after = `after the restart ${tag} 🎉`;
    frame = await typeAndSend(alicePage, [after]);
    expect(await feedback(frame)).toBe(SENT);
    await waitForReaderText(bobPage, after);
    expect(stored()).toBe(3);

    for (const plain of [toBob.join('\n'), toAlice.join('\n'), after]) {
      await noLeak(plain);
      expect(await mainWorldLeaks(bobPage, plain)).toEqual([]);
    }
    await bobPage.close();
  });

  it('1 composer missing mid-send: nothing sent, the compose frame says why and keeps the text', async () => {
    const plain = secret('composer missing');
    const before = stored();
    await armFault('focus', { kind: 'remove' });
    const frame = await typeAndSend(alicePage, [plain]);
    expect(await feedback(frame)).toBe(COMPOSER_MISSING);
    expect(await composeText(frame)).toBe(plain);
    // Encryption is paused in this thread meanwhile; the status frame says so.
    await frameWith(alicePage, '[data-testid="status-paused"]', 15_000);
    expect(stored()).toBe(before);
    await noLeak(plain);
    await alicePage.evaluate(() => window.__mockInstagram!.restoreComposer());
    await until(async () => ((await alicePage.$eval(STATUS, (el) => el.getAttribute('src')))?.includes('paused') ? undefined : true), 'the pause to end');
  });

  it('2 composer replaced mid-send (after the armor went in): nothing sent, the frame says why; the next send works', async () => {
    const plain = secret('composer replaced');
    const before = stored();
    await armFault('input', { kind: 'replace' });
    let frame = await typeAndSend(alicePage, [plain]);
    expect(await feedback(frame)).toBe(COMPOSER_MISSING);
    expect(await composeText(frame)).toBe(plain);
    expect(stored()).toBe(before);
    await noLeak(plain);
    // The new composer is empty, and the compose frame covers it: the next send goes out once.
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
    frame = await pressEnterInBox(alicePage);
    expect(await feedback(frame)).toBe(SENT);
    expect(stored()).toBe(before + 1);
  });

  it('3 event page stopped mid-send: the frame says the outcome is unknown; the message left exactly once and is not lost', async () => {
    const plain = secret('worker restart');
    const before = stored();
    // The server holds the send 4 s: the post is in flight when the event page stops.
    mock.setVariant({ ackDelayMs: 4000 }, { account: 'alice' });
    try {
      const frame = await typeAndSend(alicePage, [plain]);
      await until(() => alicePage.evaluate(() => (window.__mockInstagram!.messages().some((m) => m.pending) ? true : undefined)), 'the pending bubble');
      await alice.stopBackground();
      expect(await feedback(frame)).toBe(OUTCOME_UNKNOWN);
      expect(await composeText(frame)).toBe(plain);
      // The content script finished the post on its own: stored once.
      await until(() => (stored() === before + 1 ? true : undefined), 'the message to be stored', 15_000);
      // Alice's reader wakes a new event page, which finds the archived message: not lost.
      await waitForReaderText(alicePage, plain);
      await sleep(1000);
      expect(stored()).toBe(before + 1);
      await noLeak(plain);
    } finally {
      mock.resetVariants();
    }
  });

  it('4 vault locked: the frames hide what they showed at once, the compose frame says to unlock, nothing is sent, Instagram’s composer stays guarded; after unlocking it sends', async () => {
    const plain = secret('while locked');
    const before = stored();
    let frame = await fillCompose(alicePage, plain);
    await privileged(alicePopup, 'setPassphrase', { current: null, next: PASSPHRASE });
    // The messages of the round trip are on screen, decrypted.
    const shown = await until(async () => {
      const texts = (await readers(alicePage)).filter((view) => view.text !== null);
      return texts.length > 0 ? texts : undefined;
    }, 'decrypted messages on screen');
    await privileged(alicePopup, 'lock', {});
    try {
      // Nothing in alice's tab is touched: the background tells the frames, and within moments no
      // decrypted text and no draft is on screen (before, they stayed until a frame got the focus).
      await until(async () => ((await readers(alicePage)).every((view) => view.text === null) ? true : undefined), 'no decrypted text left on screen', 5000, 100);
      expect((await readers(alicePage)).filter((view) => view.failure === 'locked')).toHaveLength(shown.length);
      frame = await anyComposeFrame(alicePage);
      await until(async () => ((await frame.evaluate(() => document.body.textContent))?.includes(LOCKED_NOTE) ? true : undefined), 'the locked note', 5000, 100);
      // Kept mounted, hidden, for a send in flight: no box the user can see.
      expect(await frame.$$eval('form textarea', (els) => els.filter((el) => el.getClientRects().length > 0).length)).toBe(0);
      expect(await frame.evaluate(() => document.body.textContent)).not.toContain(plain);
      // The compose frame stays, and so does the guard on Instagram's composer.
      expect(await alicePage.$$eval(COMPOSE, (els) => els.length)).toBe(1);
      await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
      expect(await alicePage.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('textbox');
      await alicePage.keyboard.type('typed into instagram while locked');
      expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
      expect(await privilegedReply(frame, 'send', { threadId: THREAD, text: plain, confirmKeyChange: false })).toMatchObject({ ok: false, reason: 'locked' });
      expect(stored()).toBe(before);
      await noLeak(plain);

      // Unlocked in the popup: the compose frame comes back by itself, with the text, and it goes out.
      await privileged(alicePopup, 'unlock', { passphrase: PASSPHRASE });
      frame = await composeFrame(alicePage);
      expect(await composeText(frame)).toBe(plain);
      frame = await pressEnterInBox(alicePage);
      expect(await feedback(frame)).toBe(SENT);
      expect(stored()).toBe(before + 1);
      await noLeak(plain);

      // Cold load while locked: the page knows nothing yet, but the vault's unsealed thread hints
      // still mark this thread encrypted, so the compose frame (saying to unlock) and the guard return.
      await privileged(alicePopup, 'lock', {});
      await reloadPage(alicePage);
      await until(
        async () => ((await (await anyComposeFrame(alicePage)).evaluate(() => document.body.textContent))?.includes(LOCKED_NOTE) ? true : undefined),
        'the locked note after a reload',
      );
      await alicePage.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
      await alicePage.keyboard.type('typed into instagram after a locked reload');
      await alicePage.keyboard.press('Enter');
      expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toBe('');
      expect(stored()).toBe(before + 1);
      expect(mock.logContains('typed into instagram')).toBe(false);
    } finally {
      await privilegedReply(alicePopup, 'unlock', { passphrase: PASSPHRASE });
      await privileged(alicePopup, 'setPassphrase', { current: PASSPHRASE, next: null });
    }
  });

  it('7 Instagram shows its failure dialog: the frame says Instagram reported an error, nothing stored', async () => {
    const plain = secret('failure dialog');
    const before = stored();
    mock.setVariant({ sendFailure: 'dialog' }, { account: 'alice' });
    try {
      const frame = await typeAndSend(alicePage, [plain]);
      expect(await feedback(frame)).toBe(INSTAGRAM_FAILED);
      expect(await composeText(frame)).toBe(plain);
      expect(stored()).toBe(before);
      await noLeak(plain);
    } finally {
      mock.resetVariants();
      await alicePage.evaluate(() => window.__mockInstagram!.dismissDialogs());
    }
  });

  it('7b Instagram drops the send silently: the frame says the message did not appear, nothing stored', async () => {
    const plain = secret('silent failure');
    const before = stored();
    mock.setVariant({ sendFailure: 'silent' }, { account: 'alice' });
    try {
      const frame = await typeAndSend(alicePage, [plain]);
      expect(await feedback(frame)).toBe(INSTAGRAM_FAILED);
      expect(await composeText(frame)).toBe(plain);
      expect(stored()).toBe(before);
      await noLeak(plain);
    } finally {
      mock.resetVariants();
    }
  });

  it('8 navigation to another thread while the armor is going in: nothing sent; back (SPA, then reload) the frame offers the text again; resent once', async () => {
    const plain = secret('navigated away');
    const before = stored();
    await armFault('input', { kind: 'navigate', path: `/direct/t/${CAROL}/` });
    await typeAndSend(alicePage, [plain]);
    await until(async () => ((await alicePath()).includes(CAROL) ? true : undefined), 'the other thread');
    await sleep(2500);
    expect(stored()).toBe(before);
    await noLeak(plain);
    // Back in the thread. Instagram kept the armor that was in its box as the thread's draft; it is
    // ours, not the user's, so the next send clears it and goes out (the thread is not stuck).
    await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREAD);
    await hydrated(alicePage);
    expect(await alicePage.evaluate(() => window.__mockInstagram!.composerText())).toMatch(/^SDM1[A-Za-z0-9_-]+$/);
    // The compose frame that held the text went away with the thread: the new one says so and
    // shows the text again (inside the extension frame only), also after a reload.
    let notice = await unsentNotice(alicePage, plain);
    expect(notice.state).toBe('not-sent');
    expect(notice.text).toContain('This message to Bob was not sent');
    await reloadPage(alicePage);
    notice = await unsentNotice(alicePage, plain);
    expect(notice.state).toBe('not-sent');
    await noLeak(plain);

    await clickButton(notice.frame, 'Put it back in the box');
    const frame = await composeFrame(alicePage);
    expect(await composeText(frame)).toBe(plain);
    await pressEnterInBox(alicePage);
    expect(await feedback(frame)).toBe(SENT);
    expect(stored()).toBe(before + 1);
    await waitForReaderText(alicePage, plain);
    // Dealt with: not offered again, in this frame or the next one.
    expect(await unsentShown(alicePage)).not.toBe(plain);
    expect(await offered(alicePage)).not.toContain(plain);
    await reloadPage(alicePage);
    await waitForReaderText(alicePage, plain);
    expect(await offered(alicePage)).not.toContain(plain);
    expect(stored()).toBe(before + 1);
    await noLeak(plain);
  });

  it('8b navigation while the send is in flight (after Send): the message left once and is read back when alice returns; nothing offered again', async () => {
    const plain = secret('in flight');
    const before = stored();
    mock.setVariant({ ackDelayMs: 2000 }, { account: 'alice' });
    try {
      await armFault('send-click', { kind: 'navigate', path: `/direct/t/${CAROL}/` });
      await typeAndSend(alicePage, [plain]);
      await until(() => (stored() === before + 1 ? true : undefined), 'the message to be stored', 15_000);
      await sleep(1000);
      expect(stored()).toBe(before + 1);
      await noLeak(plain);
      await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREAD);
      await hydrated(alicePage);
      await waitForReaderText(alicePage, plain);
      // Its bubble is in the chat, so it is sent: not offered back (at most a passing "may have been sent").
      await expect.poll(() => offered(alicePage), { timeout: 15_000 }).not.toContain(plain);
      await expect.poll(() => unsentShown(alicePage).catch(() => null), { timeout: 15_000 }).not.toBe(plain);
      expect(stored()).toBe(before + 1);
    } finally {
      mock.resetVariants();
    }
  });

  it('8c navigation right after Send, and Instagram dropped it: back in the thread the frame says it may have been sent and offers the text; resent once', async () => {
    const plain = secret('maybe sent');
    const before = stored();
    let notice: Awaited<ReturnType<typeof unsentNotice>>;
    mock.setVariant({ sendFailure: 'silent' }, { account: 'alice' });
    try {
      await armFault('send-click', { kind: 'navigate', path: `/direct/t/${CAROL}/` });
      await typeAndSend(alicePage, [plain]);
      await until(async () => ((await alicePath()).includes(CAROL) ? true : undefined), 'the other thread');
      await sleep(1500);
      expect(stored()).toBe(before);
      await alicePage.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREAD);
      await hydrated(alicePage);
      // Send was pressed, so it may have left: "may have been sent, check the chat", not "not sent".
      notice = await unsentNotice(alicePage, plain);
      expect(notice.state).toBe('maybe-sent');
      expect(notice.text).toContain('may have been sent');
      expect(notice.text).toContain('Check the chat before you send it again');
      await noLeak(plain);
    } finally {
      mock.resetVariants();
    }
    // The user checked: it is not there. Back in the box and sent, once.
    await clickButton(notice.frame, 'Put it back in the box');
    const frame = await composeFrame(alicePage);
    expect(await composeText(frame)).toBe(plain);
    await pressEnterInBox(alicePage);
    expect(await feedback(frame)).toBe(SENT);
    expect(stored()).toBe(before + 1);
    expect(await offered(alicePage)).not.toContain(plain);
    await reloadPage(alicePage);
    await waitForReaderText(alicePage, plain);
    expect(await offered(alicePage)).not.toContain(plain);
    expect(stored()).toBe(before + 1);
    await noLeak(plain);
  });

  it('9 over-length message: refused with a clear message (frame and background), nothing sent', async () => {
    const plain = `${secret('too long')} ${'ü'.repeat(2600)}`;
    const before = stored();
    const frame = await fillAndSend(alicePage, plain);
    expect(await feedback(frame)).toMatch(TOO_LONG);
    expect(await frame.$eval('[data-testid="compose-length"]', (el) => el.textContent)).toMatch(/^Too long by/);
    // The background refuses it too, whoever asks.
    const reply = await privilegedReply(frame, 'send', { threadId: THREAD, text: plain, confirmKeyChange: false });
    expect(reply).toMatchObject({ ok: false, error: 'refused', reason: 'message-too-long' });
    await sleep(500);
    expect(stored()).toBe(before);
    await noLeak(plain);
    await fillCompose(alicePage, '');
  });

  it('10 double Enter (and Enter + Send click) in the compose frame: exactly one message', async () => {
    const before = stored();
    const plain = secret('double enter');
    const frame = await fillCompose(alicePage, plain);
    // Two real Enter presses, one right after the other.
    await alicePage.keyboard.press('Enter');
    await alicePage.keyboard.press('Enter');
    expect(await feedback(frame)).toBe(SENT);
    // Two Enter keydowns in the same task, then the Send button as well.
    const plain2 = secret('same tick');
    await fillCompose(alicePage, plain2);
    await frame.evaluate(() => {
      const box = document.querySelector('form textarea') as HTMLTextAreaElement;
      for (let i = 0; i < 2; i++) box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      box.form?.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    });
    await until(async () => ((await composeText(frame)) === '' ? true : undefined), 'the box to clear after the send');
    await sleep(2000);
    expect(stored()).toBe(before + 2);
    await noLeak(plain);
    await noLeak(plain2);
  });

  it('a message tampered with on the server shows as altered in bob’s reader, never as text', async () => {
    const plain = secret('tamper target');
    const frame = await typeAndSend(alicePage, [plain]);
    expect(await feedback(frame)).toBe(SENT);
    const message = mock.messages(THREAD).at(-1)!;
    expect(message.text.startsWith('SDM1')).toBe(true);
    mock.tamper(THREAD, message.id, alterArmor(message.text));
    const bobPage = await openThread(bob, mock, 'bob', THREAD);
    await until(async () => ((await readers(bobPage)).some((v) => v.failure === 'tampered') ? true : undefined), 'a tampered badge in bob’s reader');
    const views = await readers(bobPage);
    const altered = views.find((v) => v.failure === 'tampered')!;
    expect(altered.meta).toContain('Altered');
    expect(altered.text).toBeNull();
    expect(views.map((v) => v.text)).not.toContain(plain);
    await noLeak(plain, bobPage);
    await bobPage.close();
  });

  it('5 contact key changed: the send asks for confirmation; cancelled, nothing is sent; confirmed, it is sent once', async () => {
    await privileged(alicePopup, 'addContact', { code: newDeviceCode('Bob', 'bob'), name: 'Bob', instagram: 'bob' });
    const before = stored();
    const plain = secret('new key');
    const prompt = keyChangedPrompt('Bob');
    const promptShown = (frame: Frame): Promise<true> =>
      until(async () => ((await frame.evaluate(() => document.body.textContent))?.includes(prompt) ? true : undefined), 'the key-change prompt', 20_000);
    let frame = await typeAndSend(alicePage, [plain]);
    await promptShown(frame);
    // The frame re-reads the contact on the refusal: the warning joins the prompt.
    await expect.poll(() => frame.$$eval('[data-testid="key-changed-warning"]', (els) => els.length), { timeout: 10_000 }).toBe(1);
    await clickButton(frame, 'Cancel');
    await sleep(500);
    expect(stored()).toBe(before);
    expect(await composeText(frame)).toBe(plain);
    await noLeak(plain);

    frame = await pressEnterInBox(alicePage);
    await promptShown(frame);
    await clickButton(frame, 'Send anyway');
    expect(await feedback(frame)).toBe(SENT);
    expect(stored()).toBe(before + 1);
    await noLeak(plain);
  });
});
