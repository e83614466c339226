/**
 * The Chromium flow steps shared by the end-to-end tests against the local instagram.com
 * (tests/browser/compose.test.ts, faults.test.ts, variants.test.ts): privileged requests from an
 * extension page, identities and invite codes for two profiles, opening a thread, sending through
 * the compose frame, reading the reader frames, and the two leak checks (the page's main world and
 * the server's request log).
 *
 * No Vitest import: the helpers only throw, so scripts run under tsx (tests/demo/) can use them too.
 */
import { installComposerRecorder, scanMainWorld } from './main-world';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import type { MockControl } from '../../mock-instagram/client/control';
import type { MockInstagram } from '../../mock-instagram/server';
import { launchChromium, type ChromiumProfile } from './chromium';

declare global {
  interface Window {
    __mockInstagram?: MockControl;
    __composerEvents?: string[];
  }
}

export const COMPOSE = 'iframe[src*="/compose-frame.html"]';
export const READER = 'iframe[src*="/reader-frame.html"]';
/** A reader frame in a message bubble of the local instagram.com (not one waiting in the pool, src/instagram/frame-pool.ts). */
export const BUBBLE_READER = `[id^="mid."] ${READER}`;
export const STATUS = 'iframe[src*="/status-frame.html"]';

/** What a reader frame's document says of itself (evaluated in it): its text (null until shown) and when it started loading (epoch ms). */
export interface ReaderDocument {
  text: string | null;
  origin: number;
}
export const readerDocument = (): ReaderDocument => ({ text: document.querySelector('[data-testid="reader-text"]')?.textContent ?? null, origin: performance.timeOrigin });

/** What the background's router answers an extension page. */
export interface PrivilegedReply<T = unknown> {
  ok: boolean;
  value?: T;
  error?: string;
  reason?: string;
}

/** A privileged request from an extension page or frame, as src/messaging/client.ts sends it; the raw reply. */
export async function privilegedReply<T>(where: Page | Frame, type: string, payload: unknown): Promise<PrivilegedReply<T>> {
  return (await where.evaluate(
    ([t, p]) =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
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
  if (!reply.ok) throw new Error(`${type} failed: ${reply.error} ${reply.reason ?? ''}`);
  return reply.value as T;
}

/** Polls `check` until it returns something other than undefined (errors count as "not yet"). */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Identities for two profiles and each other's invite code as a contact. Returns the invite codes by username. */
export async function setUpContacts(
  people: ReadonlyArray<{ profile: ChromiumProfile; name: string; user: string }>,
): Promise<Record<string, string>> {
  const codes: Record<string, string> = {};
  for (const p of people) {
    const popup = await p.profile.openPopup();
    await privileged(popup, 'createIdentity', { displayName: p.name, instagram: p.user, passphrase: null });
    codes[p.user] = (await privileged<{ code: string }>(popup, 'myCard', {})).code;
    await popup.close();
  }
  for (const p of people) {
    const popup = await p.profile.openPopup();
    for (const other of people) {
      if (other !== p) await privileged(popup, 'addContact', { code: codes[other.user], name: other.name, instagram: other.user });
    }
    await popup.close();
  }
  return codes;
}

/** Alice and Bob: two Chromium profiles with identities and each other as contacts. */
export async function launchPair(mock: MockInstagram): Promise<{ alice: ChromiumProfile; bob: ChromiumProfile; codes: Record<string, string> }> {
  const [alice, bob] = await Promise.all([launchChromium(mock.port), launchChromium(mock.port)]);
  const codes = await setUpContacts([
    { profile: alice, name: 'Alice', user: 'alice' },
    { profile: bob, name: 'Bob', user: 'bob' },
  ]);
  return { alice, bob, codes };
}

export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__mockInstagram?.state().list?.hydrated === true, null, { timeout: 15_000 });
}

/** Logs `account` in and opens the thread in a new tab of the profile. */
export async function openThread(profile: ChromiumProfile, mock: MockInstagram, account: string, threadId: string): Promise<Page> {
  const page = await profile.context.newPage();
  await page.goto(mock.loginUrl(account, `/direct/t/${threadId}/`));
  await hydrated(page);
  return page;
}

/** The strings a leak check looks for: the text, each of its lines, and its JSON-escaped form. */
export function needlesOf(plain: string): string[] {
  const lines = plain.split('\n').map((l) => l.trim()).filter((l) => l.length >= 4);
  return [...new Set([plain, ...lines, JSON.stringify(plain).slice(1, -1)])];
}

/** Where the plaintext shows up in the page's main world (what Instagram's own scripts can read). */
export function mainWorldLeaks(page: Page, plain: string): Promise<string[]> {
  return page.evaluate(scanMainWorld, needlesOf(plain));
}

const ARMOR = /^SDM1[A-Za-z0-9_-]+$/;

/**
 * What of `plain` reached the local instagram.com: any of its needles in any logged request (path,
 * headers, raw body, strings of a JSON body; drafts, typing signals, beacons and sends included),
 * and any saved draft that is neither empty nor one armored part. Empty when nothing leaked.
 */
export function serverPlaintextFindings(mock: MockInstagram, plain: string): string[] {
  const found = needlesOf(plain)
    .filter((n) => mock.logContains(n))
    .map((n) => `request log holds ${JSON.stringify(n.slice(0, 40))}`);
  for (const r of mock.requestLog) {
    if (!r.path.includes('/draft/')) continue;
    let text: unknown;
    try {
      text = (JSON.parse(r.body) as { text?: unknown }).text;
    } catch {
      text = r.body;
    }
    if (typeof text === 'string' && text !== '' && !ARMOR.test(text)) found.push(`draft ${r.n} holds non-armor text`);
  }
  return found;
}

/** Records, in the page's main world, the input events Instagram's composer receives. */
export async function recordComposerEvents(page: Page): Promise<void> {
  await page.evaluate(installComposerRecorder);
}

/** The compose frame's text box, once it is there and editable. */
export async function composeBox(page: Page): Promise<Locator> {
  const box = page.frameLocator(COMPOSE).locator('form textarea');
  await box.waitFor({ state: 'visible', timeout: 20_000 });
  await until(async () => ((await box.isEditable()) ? true : undefined), 'an editable compose box', 10_000);
  return box;
}

/**
 * Types into the compose frame and presses Enter; returns once the frame dropped the previous
 * send's feedback. `typed`: real key presses, with Shift+Enter between lines (else the text is
 * filled in at once).
 */
export async function composeAndSend(page: Page, text: string, opts: { typed?: boolean } = {}): Promise<FrameLocator> {
  const frame = page.frameLocator(COMPOSE);
  const box = await composeBox(page);
  const line = frame.getByTestId('feedback');
  const previous = (await line.count()) > 0 ? await line.elementHandle() : null;
  if (opts.typed) {
    await box.fill('');
    await box.focus();
    const lines = text.split('\n');
    for (const [i, l] of lines.entries()) {
      if (i > 0) await box.press('Shift+Enter');
      if (l !== '') await page.keyboard.type(l);
    }
    const typed = await box.inputValue();
    if (typed !== text) throw new Error(`typing gave ${JSON.stringify(typed)}`);
  } else {
    await box.fill(text);
  }
  await box.press('Enter');
  // A send starts by clearing the feedback line, so the next one read is this send's.
  if (previous) await until(async () => ((await previous.evaluate((el) => el.isConnected)) ? undefined : true), 'the previous feedback to go', 10_000);
  return frame;
}

/** The compose frame's feedback line, once there. */
export async function feedback(frame: FrameLocator, timeoutMs = 30_000): Promise<string> {
  const line = frame.getByTestId('feedback');
  try {
    await line.waitFor({ timeout: timeoutMs });
  } catch (error) {
    // Say what the frame showed instead (a test's own text, never a user's), so a failure in CI can be read.
    const shown = await frame.locator('body').textContent({ timeout: 2000 }).catch(() => '(no frame)');
    throw new Error(`no feedback line; the compose frame showed: ${JSON.stringify(shown)}`, { cause: error });
  }
  return (await line.textContent()) ?? '';
}

/** The plaintext shown by every reader frame on the page (frames still loading count as none). */
export async function readerTexts(page: Page): Promise<string[]> {
  const frames = page.frames().filter((f) => f.url().includes('/reader-frame.html'));
  const texts = await Promise.all(
    frames.map((f) => f.evaluate(() => document.querySelector('[data-testid="reader-text"]')?.textContent ?? null).catch(() => null)),
  );
  return texts.filter((t): t is string => t !== null);
}

/** Waits until some reader frame on the page shows exactly `plain`. */
export async function waitForReaderText(page: Page, plain: string, timeoutMs = 20_000): Promise<void> {
  await until(async () => ((await readerTexts(page)).includes(plain) ? true : undefined), `a reader frame showing ${JSON.stringify(plain.slice(0, 30))}`, timeoutMs, 200);
}

/** The failure statuses (`data-status`) shown by the reader frames on the page. */
export async function readerFailures(page: Page): Promise<string[]> {
  const frames = page.frames().filter((f) => f.url().includes('/reader-frame.html'));
  const statuses = await Promise.all(
    frames.map((f) =>
      f.evaluate(() => document.querySelector('[data-testid="payload-failure"]')?.getAttribute('data-status') ?? null).catch(() => null),
    ),
  );
  return statuses.filter((t): t is string => t !== null);
}

/** Every stored message of a thread that is armor (what the extension posted). */
export function armorTexts(mock: MockInstagram, threadId: string): string[] {
  return mock.messages(threadId).map((m) => m.text).filter((t) => t.startsWith('SDM1'));
}

/** Stops every service worker of the profile (the extension's background) through CDP, and waits until it is stopped. */
export async function stopServiceWorker(extensionPage: Page): Promise<void> {
  const cdp = await extensionPage.context().newCDPSession(extensionPage);
  const states: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.endsWith('/background.js')) states.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  // Anything that messages the background (a content script, a frame) wakes a new worker at once: seen stopped is enough.
  await until(() => (states.includes('stopped') ? true : undefined), 'the service worker to stop', 10_000, 50);
  await cdp.detach();
}

/** The compose frame of a page, once it is there and ready to send (its state loaded). */
export async function composeFrameOf(page: Page): Promise<Frame> {
  await page.locator(COMPOSE).waitFor({ timeout: 20_000 });
  const frame = await until(async () => page.frames().find((f) => f.url().includes('/compose-frame.html')), 'the compose frame');
  await frame.locator('form textarea').waitFor({ timeout: 20_000 });
  return frame;
}

/**
 * Sends `texts` one after the other through the compose frame's own `send` request (the real
 * path: encrypt, archive, post through Instagram's composer), faster than typing each.
 */
export async function sendThroughComposeFrame(page: Page, threadId: string, texts: readonly string[]): Promise<void> {
  const frame = await composeFrameOf(page);
  for (const [i, text] of texts.entries()) {
    const outcome = await privileged<{ outcome: string }>(frame, 'send', { threadId, text, confirmKeyChange: false });
    if (outcome.outcome !== 'sent') throw new Error(`sending message ${i + 1}: ${JSON.stringify(outcome)}`);
  }
}

/** One mounted message bubble holding armor, and what its reader frame shows (null: nothing yet). */
export interface BubbleView {
  armor: string;
  /** The reader frame's plaintext, its note (e.g. a later part of a long message), or failure status. */
  text: string | null;
  note: string | null;
  failure: string | null;
  frames: number;
}

/**
 * Every mounted `mid.` bubble of the page that holds armor, in DOM order, with its reader frame's
 * content; with `inView`, only those that intersect the message list's scroller (the reader gives
 * frames to bubbles near the viewport only).
 */
export async function bubbleViews(page: Page, opts: { inView?: boolean } = {}): Promise<BubbleView[]> {
  const bubbles = await page.$$('[id^="mid."]');
  const views: BubbleView[] = [];
  for (const bubble of bubbles) {
    const armor = await bubble
      .evaluate((el, inView) => {
        const found = /SDM1[A-Za-z0-9_-]+/.exec(el.textContent ?? '')?.[0] ?? null;
        if (found === null || !inView) return found;
        let scroller = el.parentElement;
        while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
        const box = scroller ? scroller.getBoundingClientRect() : { top: 0, bottom: innerHeight };
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.bottom > box.top && r.top < box.bottom ? found : null;
      }, opts.inView === true)
      .catch(() => null);
    if (armor === null) continue;
    const iframes = await bubble.$$(READER);
    const frame = iframes.length === 1 ? await iframes[0]!.contentFrame() : null;
    const shown = frame
      ? await frame
          .evaluate(() => ({
            text: document.querySelector('[data-testid="reader-text"]')?.textContent ?? null,
            note: document.querySelector('[data-testid="frame-note"]')?.textContent ?? null,
            failure: document.querySelector('[data-testid="payload-failure"]')?.getAttribute('data-status') ?? null,
          }))
          .catch(() => ({ text: null, note: null, failure: null }))
      : { text: null, note: null, failure: null };
    views.push({ armor, ...shown, frames: iframes.length });
  }
  return views;
}
