/**
 * A contact card posted in a DM is offered for import, in real Firefox ESR (the same steps as
 * card-offer.test.ts in Chromium): the built extension in two profiles against the local
 * instagram.com on port 443, driven with puppeteer-core over WebDriver BiDi. Alice and bob have
 * identities but are not each other's contacts, so their chat is a plain one. Alice types invite
 * codes into Instagram's own composer; bob's content script puts a card-offer frame (extension
 * origin) after each incoming bubble that holds one. A tampered code shows why it cannot be used
 * and no Add button; alice's own code, in her own (outgoing) bubble, gets no frame. Bob adds alice
 * from the frame (a real click): his popup lists her as unverified, the chat turns encrypted, and
 * both sides see the same safety number.
 *
 * Build and run (this file owns port 443 while it runs):
 *   SEALED_DMS_OUT_DIR=.output-ff npx wxt build -b firefox
 *   SEALED_DMS_OUT_DIR=.output-ff npx vitest run --config vitest.browser.config.ts tests/browser/card-offer-firefox.test.ts
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import { launchFirefox, type FirefoxProfile } from './harness/firefox';
import { clickButton, openThread, privileged, reloadPage } from './harness/firefox-flow';
import { COMPOSE, until } from './harness/instagram-flow';

const CARD_OFFER = 'iframe[src*="/card-offer-frame.html"]';

/** An identity for the profile (through its popup page's own messaging); its invite code. */
async function identity(profile: FirefoxProfile, name: string, user: string): Promise<string> {
  const popup = await profile.openExtensionPage('/popup.html');
  await privileged(popup, 'createIdentity', { displayName: name, instagram: user, passphrase: null });
  return (await privileged<{ code: string }>(popup, 'myCard', {})).code;
}

/** Types `text` into Instagram's own composer with the real keyboard and sends it with Enter; waits until the server stored it. */
async function postThroughInstagram(page: Page, mock: MockInstagram, text: string): Promise<void> {
  const before = mock.messages(THREADS.aliceBob).length;
  await page.bringToFront();
  await page.focus('[role="textbox"]');
  await page.keyboard.type(text);
  expect(await page.evaluate(() => window.__mockInstagram!.composerText())).toBe(text);
  await page.keyboard.press('Enter');
  await until(() => (mock.messages(THREADS.aliceBob).length > before ? true : undefined), 'the message at the server', 10_000);
  expect(mock.messages(THREADS.aliceBob).at(-1)!.text).toBe(text);
}

/** The card-offer frame whose address carries `code` (BiDi reports our frames' URLs as about:blank: found through the element). */
async function offerFrame(page: Page, code: string): Promise<Frame> {
  return until(
    async () => {
      const element = await page.$(`${CARD_OFFER}[src*="c=${code}"]`);
      return (await element?.contentFrame()) ?? undefined;
    },
    'the card-offer frame',
    20_000,
    200,
  );
}

/** What the frame's content shows: its `data-state`, `data-reason` and buttons. */
async function offerView(frame: Frame): Promise<{ state: string | null; reason: string | null; buttons: number }> {
  return frame.evaluate(() => {
    const root = document.querySelector('[data-testid="card-offer"]');
    return { state: root?.getAttribute('data-state') ?? null, reason: root?.getAttribute('data-reason') ?? null, buttons: document.querySelectorAll('button').length };
  });
}

/** Waits until the offer frame for `code` is in state `want`; fails with the last state seen. Returns the frame. */
async function expectOfferState(page: Page, code: string, want: string): Promise<Frame> {
  let last: string | null = null;
  try {
    return await until(
      async () => {
        const frame = await offerFrame(page, code);
        last = (await offerView(frame)).state;
        return last === want ? frame : undefined;
      },
      `card-offer state ${want}`,
      20_000,
      200,
    );
  } catch {
    throw new Error(`card-offer frame: expected state ${want}, last seen ${String(last)}`);
  }
}

/** The text of the frame's first element matching `selector` (null: none). */
const textOf = (frame: Frame, selector: string): Promise<string | null> => frame.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
const countOf = (frame: Frame, selector: string): Promise<number> => frame.evaluate((s) => document.querySelectorAll(s).length, selector);

/** One character of the code's body changed: still code-shaped, no longer intact. */
function tamper(code: string): string {
  const i = 100;
  return code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
}

describe('firefox: an invite code posted in a DM is offered for import', () => {
  let mock: MockInstagram;
  let alice: FirefoxProfile;
  let bob: FirefoxProfile;
  let alicePage: Page;
  let bobPage: Page;
  let aliceCode: string;
  let bobCode: string;

  beforeAll(async () => {
    mock = await startMockInstagram({ port: 443 });
    [alice, bob] = await Promise.all([launchFirefox(), launchFirefox()]);
    aliceCode = await identity(alice, 'Alice', 'alice');
    bobCode = await identity(bob, 'Bob', 'bob');
    alicePage = await openThread(alice, mock, 'alice', THREADS.aliceBob);
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await mock?.close();
  });

  it('a tampered code shows why it cannot be used, and no Add button', async () => {
    const tampered = tamper(aliceCode);
    await postThroughInstagram(alicePage, mock, `my key: ${tampered}`);
    bobPage = await openThread(bob, mock, 'bob', THREADS.aliceBob);
    const frame = await expectOfferState(bobPage, tampered, 'error');
    expect((await offerView(frame)).reason).toBe('card-bad-checksum');
    expect(await textOf(frame, '[data-testid="frame-note"]')).toContain('typo or was changed');
    expect((await offerView(frame)).buttons).toBe(0);
    // The frame shows the installation's security pattern, and the page cannot read into it.
    expect(await countOf(frame, '[data-testid="security-pattern"]')).toBe(1);
    expect(await bobPage.evaluate((sel) => (document.querySelector(sel) as HTMLIFrameElement).contentDocument, CARD_OFFER)).toBeNull();
  });

  it("alice's own bubble gets no frame; bob adds alice from the frame, unverified, and the chat turns encrypted", async () => {
    await postThroughInstagram(alicePage, mock, aliceCode);
    // Acknowledged (a `mid.` id) and still without a frame: outgoing bubbles are never offered.
    await until(
      () => alicePage.evaluate((code) => [...document.querySelectorAll('[id^="mid."]')].some((el) => el.textContent?.includes(code)) || undefined, aliceCode),
      'alice’s acknowledged bubble',
      10_000,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await alicePage.$$eval(CARD_OFFER, (els) => els.length)).toBe(0);

    const frame = await expectOfferState(bobPage, aliceCode, 'offer');
    expect(await textOf(frame, '.frame-header-text')).toBe('Invite code of Alice');
    expect(await textOf(frame, '[data-testid="card-offer-link"]')).toContain('@alice');
    expect(await countOf(frame, '[data-testid="card-offer-conflict"]')).toBe(0);
    expect(await countOf(frame, '[data-testid="security-pattern"]')).toBe(1);
    // The tampered code's frame still says why, next to it.
    await expectOfferState(bobPage, tamper(aliceCode), 'error');

    await bobPage.bringToFront();
    await clickButton(frame, 'Add contact');
    const added = await expectOfferState(bobPage, aliceCode, 'added');
    expect(await textOf(added, '[data-testid="frame-note"]')).toContain('Compare safety numbers');
    // The frame told the content script: the chat is now alice's, encrypted (compose frame).
    await bobPage.waitForSelector(COMPOSE, { timeout: 20_000 });

    const popup = await bob.openExtensionPage('/popup.html');
    const verification = await until(
      () =>
        popup.evaluate(() => {
          const row = [...document.querySelectorAll('.contact-row')].find((r) => r.textContent?.includes('Alice'));
          return row?.querySelector('[data-verification]')?.getAttribute('data-verification') ?? undefined;
        }),
      'alice in bob’s popup',
    );
    expect(verification).toBe('unverified');
    const bobContacts = await privileged<{ contacts: { id: string; name: string; instagram: string | null; verification: string }[] }>(popup, 'listContacts', {});
    expect(bobContacts.contacts).toEqual([{ id: expect.any(String), name: 'Alice', instagram: 'alice', verification: 'unverified' }]);

    // Alice adds bob the usual way; both sides then see the same 60 digits.
    const alicePopup = alice.extensionPage;
    const { id: bobId } = await privileged<{ id: string }>(alicePopup, 'addContact', { code: bobCode, name: 'Bob', instagram: 'bob' });
    const aliceSeesBob = await privileged<{ safetyNumber: string }>(alicePopup, 'contactDetails', { id: bobId });
    const bobSeesAlice = await privileged<{ safetyNumber: string }>(popup, 'contactDetails', { id: bobContacts.contacts[0]!.id });
    expect(aliceSeesBob.safetyNumber).toMatch(/^\d{60}$/);
    expect(bobSeesAlice.safetyNumber).toBe(aliceSeesBob.safetyNumber);

    // Reloaded, the same bubble now says alice is a contact: no second Add.
    await reloadPage(bobPage);
    const known = await expectOfferState(bobPage, aliceCode, 'known');
    expect((await offerView(known)).buttons).toBe(0);
  });
});
