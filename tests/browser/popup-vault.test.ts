/**
 * Issue 4 in real Chromium with the built extension: identities, invite codes exchanged through
 * the popup UI, safety numbers, verification, a changed key, backup and restore into a fresh
 * profile, a stopped service worker, and what the content script can reach.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCard, encodeCard } from '../../src/protocol/card';
import { createIdentity } from '../../src/protocol/identity';
import { launchChromium, type ChromiumProfile } from './harness/chromium';
import { startHttpsServer, type RunningServer } from './harness/https-server';

const THREAD_URL = 'https://www.instagram.com/direct/t/340282366841710300949128348198171523470/';
const BOB_PASSPHRASE = 'bob correct horse battery';

/** Waits for a popup screen; the contact screen's name carries the contact id ("contact:<id>"). */
async function screen(popup: Page, name: string): Promise<void> {
  await expect
    .poll(async () => (await popup.getByTestId('popup-screen').getAttribute('data-screen'))?.split(':')[0], { timeout: 20_000 })
    .toBe(name);
}

/** A button of the popup's main menu. */
async function nav(popup: Page, item: 'Contacts' | 'Add contact' | 'My card' | 'Settings'): Promise<void> {
  await popup.getByRole('navigation').getByRole('button', { name: item, exact: true }).click();
}

/** First run through the popup; returns the invite code shown on "My card". */
async function createIdentityInPopup(popup: Page, name: string, instagram: string, passphrase = ''): Promise<string> {
  await screen(popup, 'first-run');
  await popup.getByLabel('Your name').fill(name);
  await popup.getByLabel('Your Instagram username (optional)').fill(instagram);
  if (passphrase) {
    await popup.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await popup.getByLabel('Passphrase again', { exact: true }).fill(passphrase);
  }
  await popup.getByRole('button', { name: 'Create identity' }).click();
  await screen(popup, 'my-card');
  return readInviteCode(popup);
}

async function readInviteCode(popup: Page): Promise<string> {
  const field = popup.getByLabel('Your invite code', { exact: true });
  await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toMatch(/^SDMKEY1/);
  return field.inputValue();
}

/** Add contact through the popup; ends on the contact's page. */
async function addContactInPopup(popup: Page, code: string, name: string, instagram: string, expectKeyChange = false): Promise<void> {
  await nav(popup, 'Add contact');
  await screen(popup, 'add-contact');
  await popup.getByLabel("Your contact's invite code").fill(code);
  await popup.getByRole('button', { name: 'Check code' }).click();
  await popup.getByLabel('Name for this contact').fill(name);
  await popup.getByLabel('Their Instagram username (optional)').fill(instagram);
  if (expectKeyChange) {
    await expect(popup.getByTestId('key-changed-warning').isVisible()).resolves.toBe(true);
    await popup.getByRole('button', { name: 'Replace their key' }).click();
  } else {
    expect(await popup.getByTestId('key-changed-warning').count()).toBe(0);
    await popup.locator('form').getByRole('button', { name: 'Add contact' }).click();
  }
  await screen(popup, 'contact');
}

async function safetyDigits(popup: Page): Promise<string> {
  const number = popup.getByTestId('safety-number');
  await expect.poll(() => number.textContent(), { timeout: 10_000 }).toMatch(/^\d{60}$/);
  return (await number.textContent()) ?? '';
}

async function verification(popup: Page): Promise<string | null> {
  return popup.locator('[data-verification]').first().getAttribute('data-verification');
}

async function openContact(popup: Page, name: string): Promise<void> {
  await nav(popup, 'Contacts');
  await screen(popup, 'contacts');
  await popup.locator('.contact-row', { hasText: name }).click();
  await screen(popup, 'contact');
}

/** Another device's invite code, made in Node with the protocol code (as a reinstalled app would). */
function newDeviceCode(name: string, instagram: string): string {
  const made = createCard(createIdentity(Date.now()), { name, instagram }, Date.now());
  if (!made.ok) throw new Error('card');
  return encodeCard(made.card);
}

describe('chromium: vault and popup', () => {
  let server: RunningServer;
  let alice: ChromiumProfile;
  let bob: ChromiumProfile;
  let fresh: ChromiumProfile | undefined;
  let downloads: string;
  let alicePopup: Page;
  let bobPopup: Page;
  const codes: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    server = await startHttpsServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Instagram</title><main role="main">Direct</main>');
    });
    [alice, bob] = await Promise.all([launchChromium(server.port), launchChromium(server.port)]);
    downloads = await mkdtemp(join(tmpdir(), 'sdm-downloads-'));
  });
  afterAll(async () => {
    await Promise.all([alice?.close(), bob?.close(), fresh?.close()]);
    await server?.close();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  it('two profiles create identities, exchange invite codes in the popup and see the same 60 digits', async () => {
    [alicePopup, bobPopup] = await Promise.all([alice.openPopup(), bob.openPopup()]);
    codes.alice = await createIdentityInPopup(alicePopup, 'Alice', 'alice');
    codes.bob = await createIdentityInPopup(bobPopup, 'Bob', 'bob', BOB_PASSPHRASE);
    expect(codes.alice).not.toBe(codes.bob);

    await addContactInPopup(alicePopup, codes.bob, 'Bob', 'bob');
    await addContactInPopup(bobPopup, codes.alice, 'Alice', 'alice');
    numbers.aliceSeesBob = await safetyDigits(alicePopup);
    numbers.bobSeesAlice = await safetyDigits(bobPopup);
    expect(numbers.aliceSeesBob).toBe(numbers.bobSeesAlice);
    expect(await verification(alicePopup)).toBe('unverified');

    // A code of one's own is refused with a plain message.
    await nav(alicePopup, 'Add contact');
    await alicePopup.getByLabel("Your contact's invite code").fill(codes.alice);
    await alicePopup.getByRole('button', { name: 'Check code' }).click();
    await expect.poll(() => alicePopup.getByText('This is your own code', { exact: false }).count()).toBeGreaterThan(0);
    // A truncated one says so.
    await alicePopup.getByLabel("Your contact's invite code").fill(codes.bob.slice(0, 80));
    await alicePopup.getByRole('button', { name: 'Check code' }).click();
    await expect.poll(() => alicePopup.getByText('incomplete', { exact: false }).count()).toBeGreaterThan(0);
  });

  it('marks a contact verified, and a changed key removes the mark with a warning', async () => {
    await openContact(alicePopup, 'Bob');
    await alicePopup.getByRole('button', { name: 'Mark as verified' }).click();
    await expect.poll(() => verification(alicePopup)).toBe('verified');

    await addContactInPopup(alicePopup, newDeviceCode('Bob', 'bob'), 'Bob', 'bob', true);
    await expect.poll(() => verification(alicePopup)).toBe('key-changed');
    expect(await alicePopup.getByText('Key changed: check before you write').count()).toBeGreaterThan(0);
    numbers.aliceSeesNewBob = await safetyDigits(alicePopup);
    expect(numbers.aliceSeesNewBob).not.toBe(numbers.aliceSeesBob);
    await openContact(alicePopup, 'Bob');
    expect(await verification(alicePopup)).toBe('key-changed');
  });

  it('exports an encrypted backup and restores it into a fresh profile: same identity and safety numbers', async () => {
    await nav(alicePopup, 'Settings');
    await screen(alicePopup, 'settings');
    await alicePopup.getByLabel('Backup passphrase', { exact: true }).fill('backup words');
    await alicePopup.getByLabel('Backup passphrase again', { exact: true }).fill('backup words');
    const [download] = await Promise.all([
      alicePopup.waitForEvent('download', { timeout: 30_000 }),
      alicePopup.getByRole('button', { name: 'Download backup' }).click(),
    ]);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.sdmbackup$/);

    fresh = await launchChromium(server.port);
    const popup = await fresh.openPopup();
    await screen(popup, 'first-run');
    await popup.getByRole('button', { name: 'I have a backup: restore it instead' }).click();
    await popup.getByLabel('Backup file').setInputFiles(file);
    await popup.getByLabel('Passphrase of this backup').fill('wrong words');
    await popup.getByRole('button', { name: 'Restore backup' }).click();
    await expect.poll(() => popup.getByText('Wrong backup passphrase', { exact: false }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await popup.getByLabel('Passphrase of this backup').fill('backup words');
    await popup.getByRole('button', { name: 'Restore backup' }).click();
    await screen(popup, 'contacts');
    await nav(popup, 'My card');
    expect(await readInviteCode(popup)).toBe(codes.alice);
    await openContact(popup, 'Bob');
    expect(await safetyDigits(popup)).toBe(numbers.aliceSeesNewBob);
    expect(await verification(popup)).toBe('key-changed');
  });

  it('keeps contacts, identity and the unlocked state when the service worker is stopped', async () => {
    const cdp = await bob.context.newCDPSession(bobPopup);
    const states: string[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) if (v.scriptURL.endsWith('/background.js')) states.push(v.runningStatus);
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await expect.poll(() => states.at(-1), { timeout: 10_000 }).toBe('stopped');

    const popup = await bob.openPopup(); // wakes a new worker, which reopens the vault
    await screen(popup, 'contacts'); // still unlocked: the key waited in storage.session
    expect(states.at(-1)).toBe('running');
    await openContact(popup, 'Alice');
    expect(await safetyDigits(popup)).toBe(numbers.bobSeesAlice);
    await nav(popup, 'My card');
    expect(await readInviteCode(popup)).toBe(codes.bob);
  });

  it('leaves nothing the content script can read: no key, no passphrase, no contact data', async () => {
    const page = await bob.context.newPage();
    await page.goto(THREAD_URL);
    await expect.poll(() => page.frameLocator('iframe[src*="/status-frame.html"]').getByRole('status').textContent(), { timeout: 15_000 }).toBe(
      'Sealed DMs active',
    );
    // Evaluate inside the content script's isolated world (its own execution context).
    const cdp = await bob.context.newCDPSession(page);
    const contexts: { id: number; name: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    await expect.poll(() => contexts.some((c) => c.auxData?.type === 'isolated' && c.name === 'Sealed DMs'), { timeout: 5_000 }).toBe(true);
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Sealed DMs')!;
    const sweep = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
      expression: `(async () => {
        const read = async (area) => { try { return { ok: true, value: await area.get(null) }; } catch (e) { return { ok: false, error: String(e) }; } };
        const dbs = await indexedDB.databases();
        return {
          local: await read(chrome.storage.local),
          sync: await read(chrome.storage.sync),
          session: chrome.storage.session ? await read(chrome.storage.session) : { ok: false, error: 'absent' },
          pageLocalStorage: Object.keys(localStorage).map((k) => k + '=' + localStorage.getItem(k)),
          pageSessionStorage: Object.keys(sessionStorage).map((k) => k + '=' + sessionStorage.getItem(k)),
          pageDatabases: dbs.map((d) => d.name),
          cookie: document.cookie,
          hasRuntime: typeof chrome.runtime.sendMessage,
        };
      })()`,
    });
    const found = sweep.result.value as Record<string, unknown>;
    expect(found.hasRuntime).toBe('function'); // really the content script's world
    expect(found.local).toEqual({ ok: true, value: {} });
    expect(found.sync).toEqual({ ok: true, value: {} });
    expect(found.session).toMatchObject({ ok: false }); // storage.session is for trusted contexts only
    expect(found.pageDatabases).toEqual([]);
    const text = JSON.stringify(found);
    for (const secret of [BOB_PASSPHRASE, codes.bob, codes.alice, numbers.bobSeesAlice, 'SDMKEY', 'Alice']) {
      expect(text).not.toContain(secret);
    }
    await page.close();
  });
});
