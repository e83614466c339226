/**
 * Self-check of the local instagram.com (tests/mock-instagram) in Debian Chromium without any
 * extension: real keyboard input through CDP, two browser profiles (alice, bob) chatting live,
 * virtualization and paging, the length limit, every DOM variant of instagram-dm-dom.md §10 that
 * the mock implements, and the request log. Run from the repo root:
 *   npx vitest run --config tests/mock-instagram/vitest.config.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { startMockInstagram, THREADS } from './server';
import type { MockInstagram } from './server';
import type { MockState } from './client/control';
import type { Variant } from './variant';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let mock: MockInstagram;
const profiles: string[] = [];
const contexts: BrowserContext[] = [];
let alice: Page;
let bob: Page;

async function launch(port: number): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'mock-ig-'));
  profiles.push(dir);
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: [
      '--no-sandbox',
      `--host-resolver-rules=MAP www.instagram.com 127.0.0.1:${port}`,
      '--ignore-certificate-errors',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  contexts.push(ctx);
  return ctx;
}

const state = (page: Page): Promise<MockState> => page.evaluate(() => window.__mockInstagram!.state());
const composerText = (page: Page): Promise<string | null> => page.evaluate(() => window.__mockInstagram!.composerText());

async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__mockInstagram?.state().list?.hydrated === true, null, { timeout: 10_000 });
}

async function open(page: Page, threadId: string): Promise<void> {
  await page.goto(`https://www.instagram.com/direct/t/${threadId}/`);
  await hydrated(page);
}

/** The leaf text element of every mounted bubble. */
function bubbleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="presentation"] span[dir="auto"] > div[dir="auto"], [role="presentation"] > span:only-child')].map((e) => e.textContent ?? ''),
  );
}

async function setVariant(page: Page, patch: Partial<Variant>): Promise<void> {
  await page.evaluate((p) => window.__mockInstagram!.setVariant(p), patch);
  await hydrated(page);
}

beforeAll(async () => {
  mock = await startMockInstagram({ history: { [THREADS.aliceCarol]: 60 } });
  const [a, b] = await Promise.all([launch(mock.port), launch(mock.port)]);
  alice = a.pages()[0] ?? (await a.newPage());
  bob = b.pages()[0] ?? (await b.newPage());
  await alice.goto(mock.loginUrl('alice', `/direct/t/${THREADS.aliceBob}/`));
  await bob.goto(mock.loginUrl('bob', `/direct/t/${THREADS.aliceBob}/`));
  await Promise.all([hydrated(alice), hydrated(bob)]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await mock?.close();
  for (const d of profiles) rmSync(d, { recursive: true, force: true });
});

// Variants set on the server by one test must not leak into the next one.
afterEach(() => mock.resetVariants());

describe('local instagram.com', () => {
  it('serves a logged-in SPA with separate sessions per profile', async () => {
    expect(new URL(alice.url()).pathname).toBe(`/direct/t/${THREADS.aliceBob}/`);
    expect((await state(alice)).viewer).toBe('alice');
    expect((await state(bob)).viewer).toBe('bob');
    // Header identity: the counterpart's profile link (§3).
    await expect(alice.locator('a[aria-label="Open the profile page of bob"]').first().getAttribute('href')).resolves.toBe('/bob/');
    await expect(alice.locator('div[aria-label="Conversation with Bob Example"]').count()).resolves.toBe(1);
    expect(await alice.title()).toContain('Instagram • Messages');
  });

  it('composer: Lexical textbox, Send only with a draft, Shift+Enter, Enter sends, optimistic clear, bob sees it live', async () => {
    const box = alice.getByRole('textbox', { name: 'Message' });
    await expect(box.getAttribute('contenteditable')).resolves.toBe('true');
    await expect(box.getAttribute('data-lexical-editor')).resolves.toBe('true');
    await expect(box.getAttribute('aria-placeholder')).resolves.toBe('Message...');
    await expect(box.evaluate((e) => e.classList.contains('notranslate') && !!e.closest('[data-pagelet="IGDComposerForCannes"]'))).resolves.toBe(true);
    const send = alice.getByRole('button', { name: 'Send', exact: true });
    expect(await send.count()).toBe(0);

    await box.click();
    await alice.keyboard.type('Hi Bob', { delay: 40 }); // human pace: the throttled draft save fires meanwhile
    expect(await send.count()).toBe(1);
    await alice.keyboard.press('Shift+Enter');
    await alice.keyboard.type('second line');
    expect(await composerText(alice)).toBe('Hi Bob\nsecond line');
    // Clearing the draft hides Send again.
    await alice.keyboard.press('Control+A');
    await alice.keyboard.press('Backspace');
    expect(await composerText(alice)).toBe('');
    expect(await send.count()).toBe(0);
    await alice.keyboard.type('Hi Bob');
    await alice.keyboard.press('Shift+Enter');
    await alice.keyboard.type('second line');

    const navigations: string[] = [];
    bob.on('framenavigated', (f) => navigations.push(f.url()));
    await alice.keyboard.press('Enter');
    // Optimistic: cleared at once, before the server acknowledged (ackDelayMs 300).
    expect(await composerText(alice)).toBe('');
    expect(mock.messages(THREADS.aliceBob).length).toBe(0);
    await expect.poll(() => mock.messages(THREADS.aliceBob).map((m) => m.text)).toEqual(['Hi Bob\nsecond line']);
    const id = mock.messages(THREADS.aliceBob)[0]!.id;
    expect(id).toMatch(/^mid\.\$[A-Za-z0-9]+$/);

    // Alice's bubble: outgoing, with the server id once acknowledged.
    await alice.waitForFunction((mid) => document.getElementById(mid) !== null, id);
    const own = await alice.evaluate((mid) => {
      const bubble = document.getElementById(mid)!;
      const group = bubble.closest('[role="group"]')!;
      return {
        text: bubble.querySelector('div[dir="auto"]')!.textContent,
        justify: getComputedStyle(bubble.parentElement!).justifyContent,
        profileLink: group.querySelector('a[aria-label^="Open the profile page of"]') !== null,
      };
    }, id);
    expect(own).toEqual({ text: 'Hi Bob\nsecond line', justify: 'flex-end', profileLink: false });

    // Bob: live, no reload; incoming with the sender's profile link.
    await bob.waitForFunction((mid) => document.getElementById(mid) !== null, id, { timeout: 5000 });
    const incoming = await bob.evaluate((mid) => {
      const bubble = document.getElementById(mid)!;
      return {
        text: bubble.querySelector('div[dir="auto"]')!.textContent,
        justify: getComputedStyle(bubble.parentElement!).justifyContent,
        link: bubble.closest('[role="group"]')!.querySelector('a[aria-label="Open the profile page of alice"]')?.getAttribute('href'),
      };
    }, id);
    expect(incoming).toEqual({ text: 'Hi Bob\nsecond line', justify: 'flex-start', link: '/alice/' });

    // And back: bob answers with the Send button (a real click).
    await bob.getByRole('textbox', { name: 'Message' }).click();
    await bob.keyboard.type('Hello Alice 👋');
    await bob.getByRole('button', { name: 'Send', exact: true }).click();
    await alice.waitForFunction(() => [...document.querySelectorAll('div[dir="auto"]')].some((e) => e.textContent === 'Hello Alice 👋'), null, { timeout: 5000 });
    expect(navigations).toEqual([]);
  });

  it('logs drafts, typing signals and sends with their bodies', async () => {
    const drafts = mock.postedBodies('/draft/').map((b) => b.json as { text: string });
    // Saved while typing (throttled), so some prefix of what was typed reached the server.
    expect(drafts.some((d) => d.text.length > 0 && 'Hi Bob\nsecond line'.startsWith(d.text)), JSON.stringify(drafts)).toBe(true);
    const typing = mock.postedBodies('/activity/').map((b) => b.json as { activity_status: number });
    expect(typing.some((t) => t.activity_status === 1)).toBe(true);
    expect(mock.postedBodies('/broadcast/').some((b) => b.account === 'alice' && (b.json as { text: string }).text === 'Hi Bob\nsecond line')).toBe(true);
    expect(mock.logContains('second line')).toBe(true);
    expect(mock.logContains('never typed anywhere')).toBe(false);
    expect(mock.draft(THREADS.aliceBob, 'bob')).toBe('');
  });

  it('shows server-side injections and tampering live', async () => {
    const m = mock.inject(THREADS.aliceBob, 'bob', 'injected by the server');
    await alice.waitForFunction((mid) => document.getElementById(mid)?.textContent === 'injected by the server', m.id, { timeout: 5000 });
    mock.tamper(THREADS.aliceBob, m.id, 'tampered text');
    await alice.waitForFunction((mid) => document.getElementById(mid)?.textContent === 'tampered text', m.id, { timeout: 5000 });
  });

  it('hover bar labels name the sender; unread threads count in the title', async () => {
    const group = bob.locator('[role="group"]', { hasText: 'Hi Bob' });
    await group.hover();
    await expect(group.locator('svg[aria-label="See more options for message from alice"]').count()).resolves.toBe(1);
    const m = mock.inject(THREADS.bobCarol, 'carol', 'elsewhere');
    await expect.poll(() => bob.title()).toBe('(1) Instagram • Messages');
    const row = bob.locator('[aria-label="Thread list"] [role="button"]', { hasText: 'Carol Example' });
    await expect(row.textContent()).resolves.toContain('elsewhere');
    await row.click();
    await bob.waitForFunction((mid) => document.getElementById(mid) !== null, m.id);
    await expect.poll(() => bob.title()).toBe('Instagram • Messages');
  });

  it('virtualizes about a dozen rows, re-creates them on scroll and pages older messages in', async () => {
    await open(alice, THREADS.aliceCarol);
    const s = await state(alice);
    expect(s.list!.loaded).toBe(20);
    expect(s.list!.hasOlder).toBe(true);
    const mounted = await alice.locator('[data-pagelet="IGDMessagesList"] [role="group"][tabindex="-1"]').count();
    expect(mounted).toBeGreaterThanOrEqual(10);
    expect(mounted).toBeLessThanOrEqual(16);
    expect(mounted).toBe(s.list!.mounted);
    expect(await alice.evaluate(() => {
      const sc = [...document.querySelectorAll('[data-pagelet="IGDMessagesList"] *')].find((e) => getComputedStyle(e).overflowY === 'auto')!;
      return getComputedStyle(sc).flexDirection;
    })).toBe('column-reverse');

    // Rows are new nodes after a scroll.
    const before = await alice.locator('[role="group"]').last().elementHandle();
    const list = alice.locator('[data-pagelet="IGDMessagesList"]');
    await list.hover();
    await alice.mouse.wheel(0, -120);
    await alice.waitForFunction((el) => !el!.isConnected, before);
    expect((await state(alice)).list!.scrollTop).toBeLessThan(0);

    // Scrolling to the top loads older pages behind a progressbar, until the history is complete.
    let sawProgress = false;
    for (let i = 0; i < 30 && (await state(alice)).list!.hasOlder; i++) {
      await alice.mouse.wheel(0, -5000);
      if ((await alice.locator('[role="progressbar"]').count()) > 0) sawProgress = true;
      await alice.waitForTimeout(150);
    }
    await expect.poll(async () => (await state(alice)).list!.loaded, { timeout: 10_000 }).toBe(60);
    expect(sawProgress).toBe(true);
    expect(await bubbleTexts(alice)).toContain('History message 1');
    expect((await state(alice)).list!.mounted).toBeLessThanOrEqual(16);
  });

  it('SPA: inbox rows navigate by pushState, popstate works, drafts are kept per thread', async () => {
    await alice.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await alice.getByRole('textbox', { name: 'Message' }).click();
    await alice.keyboard.type('draft for carol');
    // Group era inbox rows: div[role=button], no href (§1).
    const row = alice.locator('[aria-label="Thread list"] [role="button"]', { hasText: 'Bob Example' });
    expect(await row.getAttribute('href')).toBeNull();
    await row.click();
    await expect.poll(() => new URL(alice.url()).pathname).toBe(`/direct/t/${THREADS.aliceBob}/`);
    await hydrated(alice);
    expect(await alice.locator('div[aria-label="Conversation with Bob Example"]').count()).toBe(1);
    expect(await composerText(alice)).toBe('');
    await alice.goBack();
    await expect.poll(() => new URL(alice.url()).pathname).toBe(`/direct/t/${THREADS.aliceCarol}/`);
    await hydrated(alice);
    expect(await composerText(alice)).toBe('draft for carol');
    expect(await alice.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    // The header's profile link navigates in-app too; the control object navigates as well.
    await alice.locator('a[aria-label="Open the profile page of carol"]').first().click();
    await expect.poll(() => new URL(alice.url()).pathname).toBe('/carol/');
    await alice.evaluate((id) => window.__mockInstagram!.navigate(`/direct/t/${id}/`), THREADS.aliceCarol);
    await hydrated(alice);
    expect(await alice.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await alice.evaluate(() => window.__mockInstagram!.setComposerText(''));
    // The server-saved draft follows (it would come back on the next page load).
    await expect.poll(() => mock.draft(THREADS.aliceCarol, 'alice')).toBe('');
  });

  it('enforces the length limit (1000 bytes): error shown, nothing sent', async () => {
    await open(alice, THREADS.aliceCarol);
    const before = mock.messages(THREADS.aliceCarol).length;
    await alice.getByRole('textbox', { name: 'Message' }).click();
    await alice.keyboard.insertText('é'.repeat(501)); // 1002 bytes, 501 characters
    await alice.keyboard.press('Enter');
    await expect(alice.getByRole('alert').textContent()).resolves.toBe('Your message is too long.');
    expect(await composerText(alice)).toBe('é'.repeat(501));
    await alice.waitForTimeout(400);
    expect(mock.messages(THREADS.aliceCarol).length).toBe(before);
    expect(mock.postedBodies('/broadcast/').some((b) => (b.json as { text: string }).text.startsWith('ééé'))).toBe(false);
    await alice.keyboard.press('Backspace'); // 1000 bytes
    await alice.keyboard.press('Enter');
    await expect.poll(() => mock.messages(THREADS.aliceCarol).length).toBe(before + 1);
    expect(mock.messages(THREADS.aliceCarol).at(-1)!.text).toBe('é'.repeat(500));
  });

  it('stock mode accepts synthetic insertion (execCommand, paste), like Lexical does', async () => {
    // Lexical applies DOM input asynchronously (its selection follows `selectionchange`): wait a beat between steps.
    const result = await alice.evaluate(async () => {
      const beat = (): Promise<void> => new Promise((r) => setTimeout(r, 50));
      const box = document.querySelector<HTMLElement>('[role="textbox"][aria-label="Message"]')!;
      box.focus();
      await beat();
      document.execCommand('insertText', false, 'via execCommand');
      await beat();
      const afterExec = window.__mockInstagram!.composerText();
      getSelection()!.selectAllChildren(box);
      await beat();
      const dt = new DataTransfer();
      dt.setData('text/plain', 'via paste');
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      await beat();
      return { afterExec, afterPaste: window.__mockInstagram!.composerText() };
    });
    expect(result).toEqual({ afterExec: 'via execCommand', afterPaste: 'via paste' });
    expect(await alice.getByRole('button', { name: 'Send', exact: true }).count()).toBe(1);
    await alice.evaluate(() => window.__mockInstagram!.setComposerText(''));
  });

  it('trustedInputOnly rejects synthetic input and accepts real typing', async () => {
    await setVariant(alice, { trustedInputOnly: true });
    const sent = mock.messages(THREADS.aliceCarol).length;
    const synthetic = await alice.evaluate(async () => {
      const beat = (): Promise<void> => new Promise((r) => setTimeout(r, 50));
      const box = document.querySelector<HTMLElement>('[role="textbox"][aria-label="Message"]')!;
      box.focus();
      await beat();
      document.execCommand('insertText', false, 'synthetic one');
      await beat();
      const dt = new DataTransfer();
      dt.setData('text/plain', 'synthetic two');
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      box.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 'synthetic three', bubbles: true, cancelable: true }));
      box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true, cancelable: true }));
      await beat();
      return window.__mockInstagram!.composerText();
    });
    expect(synthetic).toBe('');
    await alice.waitForTimeout(50);
    expect((await state(alice)).composerDomText).toBe('');
    expect(await alice.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);

    await alice.getByRole('textbox', { name: 'Message' }).click();
    await alice.keyboard.type('typed for real');
    expect(await composerText(alice)).toBe('typed for real');
    // A synthetic click on Send is ignored; a real one sends.
    await alice.evaluate(() => [...document.querySelectorAll<HTMLElement>('[role="button"]')].find((b) => b.textContent === 'Send')!.click());
    await alice.waitForTimeout(500);
    expect(mock.messages(THREADS.aliceCarol).length).toBe(sent);
    await alice.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => mock.messages(THREADS.aliceCarol).at(-1)!.text).toBe('typed for real');

    // 'domOnly': the text shows but never reaches the editor state; Enter clears it, nothing sent.
    await setVariant(alice, { trustedInputOnly: 'domOnly' });
    const count = mock.messages(THREADS.aliceCarol).length;
    await alice.evaluate(async () => {
      document.querySelector<HTMLElement>('[role="textbox"][aria-label="Message"]')!.focus();
      await new Promise((r) => setTimeout(r, 50));
      document.execCommand('insertText', false, 'only in the DOM');
    });
    await alice.waitForTimeout(50);
    const s = await state(alice);
    expect([s.composerText, s.composerDomText]).toEqual(['', 'only in the DOM']);
    expect(await alice.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    await alice.keyboard.press('Enter');
    await alice.waitForTimeout(500);
    expect((await state(alice)).composerDomText).toBe('');
    expect(mock.messages(THREADS.aliceCarol).length).toBe(count);
    await setVariant(alice, { trustedInputOnly: false });
  });

  it('renders every era, locale and layout variant with a composer findable by role=textbox', async () => {
    // Grid era (2023 – Aug 2025): role=grid/row/gridcell, hidden "You sent" label.
    await setVariant(alice, { era: 'grid' });
    expect(await alice.locator('[data-pagelet="IGDOpenMessageList"] > [role="grid"][aria-label="Messages in conversation with Carol Example"]').count()).toBe(1);
    expect(await alice.locator('[role="row"] [role="gridcell"][data-scope="messages_table"]').count()).toBeGreaterThan(5);
    expect(await alice.locator('[role="row"] h6', { hasText: 'You sent' }).count()).toBeGreaterThan(0);
    expect(await alice.locator('[role="group"]').count()).toBe(0);
    await expect(alice.getByRole('textbox', { name: 'Message' }).getAttribute('data-lexical-editor')).resolves.toBe('true');

    // Textarea era (2020–22): React-controlled textarea, <button>Send</button>, listbox rows.
    await setVariant(alice, { era: 'textarea' });
    const ta = alice.getByRole('textbox', { name: 'Message' });
    await expect(ta.evaluate((e) => e.tagName)).resolves.toBe('TEXTAREA');
    await expect(ta.getAttribute('placeholder')).resolves.toBe('Message...');
    expect(await alice.locator('[role="listbox"][tabindex="0"]').count()).toBeGreaterThan(5);
    await ta.click();
    await alice.keyboard.type('from the textarea');
    expect(await alice.locator('button', { hasText: 'Send' }).count()).toBe(1);
    await alice.keyboard.press('Enter');
    await expect.poll(() => mock.messages(THREADS.aliceCarol).at(-1)!.text).toBe('from the textarea');

    // Locales.
    for (const [locale, label, placeholder, send] of [['es', 'Mensaje', 'Mensaje...', 'Enviar'], ['ru', 'Сообщение', 'Сообщение...', 'Отправить']] as const) {
      await setVariant(alice, { era: 'group', locale });
      const box = alice.getByRole('textbox', { name: label, exact: true });
      await expect(box.getAttribute('aria-placeholder')).resolves.toBe(placeholder);
      expect(await alice.evaluate(() => document.documentElement.lang)).toBe(locale);
      await box.click();
      await alice.keyboard.type(`hola ${locale}`);
      expect(await alice.getByRole('button', { name: send, exact: true }).count()).toBe(1);
      await alice.keyboard.press('Enter');
      await expect.poll(() => mock.messages(THREADS.aliceCarol).at(-1)!.text).toBe(`hola ${locale}`);
    }

    // RTL and dark: mirrored lanes, theme class; outgoing still flex-end (which is now the left).
    await setVariant(alice, { locale: 'en', rtl: true, dark: true });
    const layout = await alice.evaluate(() => {
      const mid = [...document.querySelectorAll('[role="presentation"][id^="mid."]')].at(-1)!;
      const r = mid.getBoundingClientRect();
      return { dir: document.documentElement.dir, dark: document.documentElement.classList.contains('__fb-dark-mode'), left: r.left + r.width / 2 < innerWidth / 2 };
    });
    expect(layout).toEqual({ dir: 'rtl', dark: true, left: true });
    expect(await alice.getByRole('textbox', { name: 'Message' }).count()).toBe(1);

    // Random class names: a reload gives different classes; notranslate stays.
    await setVariant(alice, { rtl: false, dark: false, randomClassNames: true });
    const cls1 = await alice.getByRole('textbox', { name: 'Message' }).getAttribute('class');
    await alice.reload();
    await hydrated(alice);
    const cls2 = await alice.getByRole('textbox', { name: 'Message' }).getAttribute('class');
    expect(cls1).not.toBe(cls2);
    expect(cls2).toContain('notranslate');
    expect(cls2!.split(' ').filter((c) => cls1!.split(' ').includes(c))).toEqual(['notranslate']);
    await setVariant(alice, { randomClassNames: false });
  });

  it('Trusted Types CSP: header served, innerHTML throws, the app still works', async () => {
    mock.setVariant({ trustedTypes: true }, { account: 'alice' });
    const res = await alice.goto(`https://www.instagram.com/direct/t/${THREADS.aliceCarol}/`);
    expect(res!.headers()['content-security-policy']).toBe("require-trusted-types-for 'script'");
    await hydrated(alice);
    const threw = await alice.evaluate(() => {
      try {
        // Deliberate raw HTML: the point is that the page's CSP makes it throw.
        // eslint-disable-next-line no-restricted-syntax
        document.createElement('div').innerHTML = '<b>x</b>';
        return false;
      } catch (e) {
        return e instanceof TypeError;
      }
    });
    expect(threw).toBe(true);
    await alice.getByRole('textbox', { name: 'Message' }).click();
    await alice.keyboard.type('under trusted types');
    await alice.keyboard.press('Enter');
    await expect.poll(() => mock.messages(THREADS.aliceCarol).at(-1)!.text).toBe('under trusted types');
    mock.resetVariants();
  });

  it('late dialog covers the composer; send failures end in a dialog or silence, nothing stored', async () => {
    mock.setVariant({ lateDialog: true, lateDialogDelayMs: 300 }, { account: 'alice' });
    await open(alice, THREADS.aliceCarol);
    await alice.getByRole('dialog').waitFor({ timeout: 5000 });
    const covered = await alice.evaluate(() => {
      const r = document.querySelector('[role="textbox"]')!.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && !hit.closest('[role="textbox"]');
    });
    expect(covered).toBe(true);
    await alice.getByRole('button', { name: 'Not Now' }).click();
    expect(await alice.getByRole('dialog').count()).toBe(0);

    const count = mock.messages(THREADS.aliceCarol).length;
    mock.setVariant({ lateDialog: false, sendFailure: 'dialog' }, { account: 'alice' });
    await alice.reload();
    await hydrated(alice);
    await alice.getByRole('textbox', { name: 'Message' }).click();
    await alice.keyboard.type('will fail loudly');
    await alice.keyboard.press('Enter');
    expect(await composerText(alice)).toBe('');
    await alice.getByRole('dialog').waitFor();
    expect(await alice.getByRole('dialog').textContent()).toContain("Couldn't send");
    expect(mock.logContains('will fail loudly')).toBe(true);
    await alice.getByRole('button', { name: 'OK' }).click();

    await alice.evaluate(() => window.__mockInstagram!.setVariant({ sendFailure: 'silent' }));
    await hydrated(alice);
    await alice.getByRole('textbox', { name: 'Message' }).click();
    await alice.keyboard.type('will vanish');
    await alice.keyboard.press('Enter');
    expect(await composerText(alice)).toBe('');
    expect(await bubbleTexts(alice)).toContain('will vanish');
    await expect.poll(async () => (await bubbleTexts(alice)).includes('will vanish')).toBe(false);
    expect(await alice.getByRole('dialog').count()).toBe(0);
    expect(mock.messages(THREADS.aliceCarol).length).toBe(count);
    mock.resetVariants();
  });

  it('control object: composer removal and replacement, dialogs; no test markers in the DOM', async () => {
    await open(alice, THREADS.aliceCarol);
    const first = await alice.getByRole('textbox', { name: 'Message' }).elementHandle();
    expect(await alice.evaluate(() => window.__mockInstagram!.replaceComposer())).toBe(true);
    expect(await first!.evaluate((e) => e.isConnected)).toBe(false);
    expect(await alice.getByRole('textbox', { name: 'Message' }).count()).toBe(1);
    await alice.evaluate(() => window.__mockInstagram!.removeComposer());
    expect(await alice.getByRole('textbox').count()).toBe(0);
    expect((await state(alice)).composerPresent).toBe(false);
    await alice.evaluate(() => window.__mockInstagram!.restoreComposer());
    expect(await alice.getByRole('textbox', { name: 'Message' }).count()).toBe(1);
    await alice.evaluate(() => window.__mockInstagram!.showDialog('failure'));
    expect((await state(alice)).dialogs.length).toBe(1);
    expect(await alice.evaluate(() => window.__mockInstagram!.dismissDialogs())).toBe(1);
    const markers = await alice.evaluate(() =>
      [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`)).filter((s) => /mock|test|__/i.test(s) && !s.startsWith('class=__fb-')),
    );
    expect(markers).toEqual([]);
  });
});
