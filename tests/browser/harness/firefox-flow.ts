/**
 * The Firefox ESR flow steps of the end-to-end tests against the local instagram.com, driven with
 * puppeteer-core over WebDriver BiDi (./firefox.ts). The browser-agnostic parts (selectors, leak
 * needles, the server-side check, armor in the store) come from ./instagram-flow.ts; the fault and
 * variant scenarios shared with Chromium from ./fault-scenarios.ts and ./variant-cases.ts.
 *
 * Firefox specifics handled here:
 * - BiDi cannot open moz-extension:// URLs: privileged requests go through the extension tab
 *   (FirefoxProfile.openExtensionPage) and that page's own `browser.runtime.sendMessage`.
 * - BiDi reports our extension iframes' URL as about:blank: frames are told apart by evaluating
 *   inside each child frame.
 * - Keyboard input is real (BiDi input actions go to the focused element, inside a cross-origin
 *   frame too), so a frame's element is first given focus with a real click.
 *
 * No Vitest import: the helpers only throw.
 */
import { installComposerRecorder, scanMainWorld } from './main-world';
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import type { MockInstagram } from '../../mock-instagram/server';
import { launchFirefox, type FirefoxProfile, type LaunchOptions } from './firefox';
import { needlesOf, until, type PrivilegedReply } from './instagram-flow';

export { alterArmor } from './fault-scenarios';

declare global {
  interface Window {
    __pageKeys?: string[];
  }
}

/** A privileged request from an extension page or frame, as src/messaging/client.ts sends it; the raw reply. */
export async function privilegedReply<T>(where: Page | Frame, type: string, payload: unknown): Promise<PrivilegedReply<T>> {
  return (await where.evaluate(
    ([t, p]) =>
      (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({
        tag: 'sealed-dms/v1',
        channel: 'privileged',
        type: t,
        payload: p,
      }),
    [type, payload] as const,
  )) as PrivilegedReply<T>;
}

/** A privileged request that must succeed; its value. */
export async function privileged<T>(where: Page | Frame, type: string, payload: unknown): Promise<T> {
  const reply = await privilegedReply<T>(where, type, payload);
  if (!reply?.ok) throw new Error(`${type} failed: ${reply?.error} ${reply?.reason ?? ''}`);
  return reply.value as T;
}

/** Identities for the profiles and each other's invite code as a contact (through the popup page). */
export async function setUpContacts(people: ReadonlyArray<{ profile: FirefoxProfile; name: string; user: string }>): Promise<Record<string, string>> {
  const codes: Record<string, string> = {};
  const popups: Page[] = [];
  for (const p of people) {
    const popup = await p.profile.openExtensionPage('/popup.html');
    popups.push(popup);
    await privileged(popup, 'createIdentity', { displayName: p.name, instagram: p.user, passphrase: null });
    codes[p.user] = (await privileged<{ code: string }>(popup, 'myCard', {})).code;
  }
  for (const [i, p] of people.entries()) {
    for (const other of people) {
      if (other !== p) await privileged(popups[i]!, 'addContact', { code: codes[other.user], name: other.name, instagram: other.user });
    }
  }
  return codes;
}

/** Alice and Bob: two Firefox profiles (launched side by side) with identities and each other as contacts. */
export async function launchFirefoxPair(opts: { alice?: LaunchOptions; bob?: LaunchOptions } = {}): Promise<{ alice: FirefoxProfile; bob: FirefoxProfile }> {
  const [alice, bob] = await Promise.all([launchFirefox(opts.alice), launchFirefox(opts.bob)]);
  await setUpContacts([
    { profile: alice, name: 'Alice', user: 'alice' },
    { profile: bob, name: 'Bob', user: 'bob' },
  ]);
  return { alice, bob };
}

/** The mock's list finished its first page. */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__mockInstagram?.state().list?.hydrated === true, { timeout: 15_000 });
}

/** Logs `account` in and opens the thread in a new tab (1280×720, like the Chromium tests). */
export async function openThread(profile: FirefoxProfile, mock: MockInstagram, account: string, threadId: string): Promise<Page> {
  const page = await profile.newPage();
  await page.setViewport({ width: 1280, height: 720 });
  await page.goto(mock.loginUrl(account, `/direct/t/${threadId}/`));
  await hydrated(page);
  return page;
}

/**
 * Reloads the page and waits for the new document's list. Under load Firefox sometimes reports a
 * reload as aborted (NS_BINDING_ABORTED, puppeteer/puppeteer#12929) although a new document comes
 * up, or none does: the old document is marked, and the reload asked again only if it stays.
 */
export async function reloadPage(page: Page): Promise<void> {
  const leaving = (): Promise<boolean> => page.evaluate(() => (window as unknown as { __sdmLeaving?: boolean }).__sdmLeaving === true).catch(() => true);
  await page.evaluate(() => {
    (window as unknown as { __sdmLeaving?: boolean }).__sdmLeaving = true;
  });
  for (let attempt = 0; ; attempt++) {
    try {
      await page.reload();
      break;
    } catch (error) {
      if (attempt > 0 || !String(error).includes('NS_BINDING_ABORTED')) throw error;
      const replaced = await until(async () => ((await leaving()) ? undefined : true), 'the reloaded document', 5_000, 100).catch(() => false);
      if (replaced) break;
    }
  }
  await hydrated(page);
}

/** The page's child frames whose document holds `selector` (how our frames are found in Firefox). */
export async function framesWith(page: Page, selector: string): Promise<Frame[]> {
  const found: Frame[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.detached) continue;
    if (await frame.evaluate((sel) => document.querySelector(sel) !== null, selector).catch(() => false)) found.push(frame);
  }
  return found;
}

/** The first child frame holding `selector`, once there. */
export async function frameWith(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  return until(async () => (await framesWith(page, selector))[0], `a frame with ${selector}`, timeoutMs, 200);
}

const READY_BOX = '[data-testid="compose-frame"] form textarea:not([readonly])';
const FEEDBACK = '[data-testid="feedback"]';
const MANUAL = '[data-testid="manual-parts"]';

/** The compose frame, once its box is there and editable. */
export async function composeFrame(page: Page, timeoutMs = 20_000): Promise<Frame> {
  return frameWith(page, READY_BOX, timeoutMs);
}

/**
 * Readies the compose frame for a new send: earlier feedback and manual-paste panels are marked
 * (so `feedback` / `manualParts` read this send's), its box gets the focus with a real click and is
 * emptied with the real keyboard (Ctrl+A, Backspace: a failed send keeps its text).
 */
async function focusEmptyBox(page: Page): Promise<Frame> {
  const frame = await composeFrame(page);
  await markEarlier(frame);
  await focusBox(page, frame);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  return frame;
}

/** Marks the frame's feedback and manual-paste panels as earlier than the send about to start. */
async function markEarlier(frame: Frame): Promise<void> {
  await frame.evaluate((sels) => {
    for (const el of document.querySelectorAll(sels)) el.setAttribute('data-test-earlier', '');
  }, `${FEEDBACK}, ${MANUAL}`);
}

/** A real click into the compose box; throws unless it has the focus then. */
async function focusBox(page: Page, frame: Frame): Promise<void> {
  await page.bringToFront();
  await frame.click('form textarea');
  const focused = await frame.evaluate(() => document.activeElement?.localName);
  if (focused !== 'textarea') throw new Error(`the click focused ${focused}, not the compose box`);
}

/** What the compose box holds. */
export async function composeText(frame: Frame): Promise<string> {
  return frame.$eval('form textarea', (el) => (el as HTMLTextAreaElement).value);
}

/**
 * Real keyboard input into the compose frame: a real click into its box, the box emptied, the lines
 * joined by Shift+Enter, then Enter. Throws if the box does not hold exactly the typed text before
 * Enter.
 */
export async function typeAndSend(page: Page, lines: readonly string[]): Promise<Frame> {
  const frame = await focusEmptyBox(page);
  for (const [i, line] of lines.entries()) {
    if (i > 0) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Enter');
      await page.keyboard.up('Shift');
    }
    if (line !== '') await page.keyboard.type(line);
  }
  const typed = await composeText(frame);
  if (typed !== lines.join('\n')) throw new Error(`typing gave ${JSON.stringify(typed.slice(0, 80))}`);
  await page.keyboard.press('Enter');
  return frame;
}

/**
 * Puts `text` into the emptied compose box at once, without sending (as Playwright's `fill`): one
 * `insertText` edit in the focused box, which fires the same `input` event typing does. For long
 * texts, where typing each key would take long.
 */
export async function fillCompose(page: Page, text: string): Promise<Frame> {
  const frame = await focusEmptyBox(page);
  await frame.evaluate((t) => document.execCommand('insertText', false, t), text);
  const filled = await composeText(frame);
  if (filled !== text) throw new Error(`filling gave ${JSON.stringify(filled.slice(0, 80))}`);
  return frame;
}

/** Fills the compose box (`fillCompose`) and presses Enter with the real keyboard. */
export async function fillAndSend(page: Page, text: string): Promise<Frame> {
  const frame = await fillCompose(page, text);
  await page.keyboard.press('Enter');
  return frame;
}

/** Enter in the compose box as it is (real click to focus it, real key), as a new send. */
export async function pressEnterInBox(page: Page): Promise<Frame> {
  const frame = await composeFrame(page);
  await markEarlier(frame);
  await focusBox(page, frame);
  await page.keyboard.press('Enter');
  return frame;
}

/** This send's feedback line in the compose frame. */
export async function feedback(frame: Frame, timeoutMs = 30_000): Promise<string> {
  try {
    return await until(
      () =>
        frame.evaluate((sel) => {
          const line = document.querySelector(`${sel}:not([data-test-earlier])`);
          return line ? (line.textContent ?? '') : undefined;
        }, FEEDBACK),
      'the feedback of this send',
      timeoutMs,
      100,
    );
  } catch (error) {
    // Say what the frame showed instead (a test's own text, never a user's), so a failure in CI can be read.
    const shown = await frame.evaluate(() => document.body.textContent).catch(() => '(no frame)');
    throw new Error(`no feedback line; the compose frame showed: ${JSON.stringify(shown)}`, { cause: error });
  }
}

/** This send's "paste it by hand" panel in the compose frame. */
export async function manualParts(frame: Frame, timeoutMs = 30_000): Promise<ElementHandle<Element>> {
  const panel = await frame.waitForSelector(`${MANUAL}:not([data-test-earlier])`, { timeout: timeoutMs });
  if (!panel) throw new Error('no manual-paste panel');
  return panel;
}

/**
 * A button of `frame` by its exact text, clicked with the real mouse once it stands still: our
 * frames resize to their content and the content script moves them to match, so a button that just
 * appeared may still move (Puppeteer, unlike Playwright, clicks where it first saw it).
 */
export async function clickButton(frame: Frame, text: string, within = 'body'): Promise<void> {
  const button = await until(
    async () => {
      const handle = await frame.evaluateHandle(
        // Enabled only: a confirmation's button answers a moment after it appears (components/Confirm.tsx).
        ([scope, label]) => Array.from(document.querySelectorAll<HTMLButtonElement>(`${scope} button`)).find((b) => b.textContent?.trim() === label && !b.disabled) ?? null,
        [within, text] as const,
      );
      const el = handle.asElement();
      if (el) return el as ElementHandle<Element>;
      await handle.dispose();
      return undefined;
    },
    `a button "${text}"`,
    10_000,
    100,
  );
  let last = '';
  await until(
    async () => {
      const box = JSON.stringify(await button.boundingBox());
      const still = box === last && box !== 'null';
      last = box;
      return still ? true : undefined;
    },
    `the button "${text}" to stand still`,
    10_000,
    150,
  );
  await button.click();
}

export interface ReaderView {
  text: string | null;
  direction: string | null;
  /** The frame's meta line: pattern, "From …" / "Sent to …", time, verification badge, or the failure badge. */
  meta: string | null;
  verification: string | null;
  /** `data-status` of a failure (tampered, …), else null. */
  failure: string | null;
}

/** What every reader frame on the page shows. */
export async function readers(page: Page): Promise<ReaderView[]> {
  const views: ReaderView[] = [];
  for (const frame of await framesWith(page, '[data-testid="reader-frame"]')) {
    const view = await frame
      .evaluate(() => ({
        text: document.querySelector('[data-testid="reader-text"]')?.textContent ?? null,
        direction: document.querySelector('[data-testid="reader-message"]')?.getAttribute('data-direction') ?? null,
        meta: document.querySelector('.reader-meta')?.textContent ?? null,
        verification: document.querySelector('[data-verification]')?.getAttribute('data-verification') ?? null,
        failure: document.querySelector('[data-testid="payload-failure"]')?.getAttribute('data-status') ?? null,
      }))
      .catch(() => null);
    if (view) views.push(view);
  }
  return views;
}

/** The plaintext shown by every reader frame on the page. */
export async function readerTexts(page: Page): Promise<string[]> {
  return (await readers(page)).flatMap((v) => (v.text === null ? [] : [v.text]));
}

/** Waits until some reader frame on the page shows exactly `plain`. */
export async function waitForReaderText(page: Page, plain: string, timeoutMs = 20_000): Promise<void> {
  await until(async () => ((await readerTexts(page)).includes(plain) ? true : undefined), `a reader frame showing ${JSON.stringify(plain.slice(0, 30))}`, timeoutMs, 200);
}

/**
 * Where any of `needles` shows up in the page's main world (what Instagram's own scripts can read):
 * DOM markup and text, title, open shadow roots, input values, same-origin iframes, the composer's
 * editor state, the message list. Our frames are extension-origin: their documents are out of
 * reach (contentDocument is null) and must stay so.
 */
export function scanPage(page: Page, needles: readonly string[]): Promise<string[]> {
  return page.evaluate(scanMainWorld, needles);
}

/** Where `plain` (its needles: whole, lines, JSON-escaped) shows up in the page's main world. */
export function mainWorldLeaks(page: Page, plain: string): Promise<string[]> {
  return scanPage(page, needlesOf(plain));
}

/** Records, in the page's main world, the input events Instagram's composer receives (once per page). */
export async function recordComposerEvents(page: Page): Promise<void> {
  await page.evaluate(installComposerRecorder);
}

/** Records every keyboard and text event the page's own window gets (capture phase), with its key or data. */
export async function recordPageKeys(page: Page): Promise<void> {
  await page.evaluate(() => {
    const first = window.__pageKeys === undefined;
    window.__pageKeys = [];
    if (!first) return;
    for (const type of ['keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'compositionupdate', 'textInput']) {
      window.addEventListener(
        type,
        (e) => {
          const key = e instanceof KeyboardEvent ? e.key : ((e as InputEvent).data ?? '');
          window.__pageKeys!.push(`${e.type}:${key}`);
        },
        true,
      );
    }
  });
}

