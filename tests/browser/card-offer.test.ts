/**
 * A contact card posted in a DM is offered for import, in real Chromium with the built extension
 * against the local instagram.com. Alice and bob have identities but are not each other's
 * contacts, so their chat is a plain one. Alice posts invite codes through Instagram's own
 * composer; bob's content script puts a card-offer frame (extension origin) after each incoming
 * bubble that holds one. A tampered code shows why it cannot be used and no Add button; alice's own
 * code, in her own (outgoing) bubble, gets no frame. Bob adds alice from the frame: his popup lists
 * her as unverified, the chat turns encrypted, and both sides see the same safety number.
 * Run: SEALED_DMS_OUT_DIR=.output-card npx vitest run --config vitest.browser.config.ts tests/browser/card-offer.test.ts
 */
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import { launchChromium, type ChromiumProfile } from './harness/chromium';
import { COMPOSE, openThread, privileged, until } from './harness/instagram-flow';

const CARD_OFFER = 'iframe[src*="/card-offer-frame.html"]';

/** An identity for the profile (through its popup's own messaging); its invite code. */
async function identity(profile: ChromiumProfile, name: string, user: string): Promise<string> {
  const popup = await profile.openPopup();
  await privileged(popup, 'createIdentity', { displayName: name, instagram: user, passphrase: null });
  const { code } = await privileged<{ code: string }>(popup, 'myCard', {});
  await popup.close();
  return code;
}

/** Types `text` into Instagram's own composer and sends it with Enter; waits until the server stored it. */
async function postThroughInstagram(page: Page, mock: MockInstagram, text: string): Promise<void> {
  const before = mock.messages(THREADS.aliceBob).length;
  await page.evaluate(() => (document.querySelector('[role="textbox"]') as HTMLElement).focus());
  await page.keyboard.insertText(text);
  expect(await page.evaluate(() => window.__mockInstagram!.composerText())).toBe(text);
  await page.keyboard.press('Enter');
  await until(() => (mock.messages(THREADS.aliceBob).length > before ? true : undefined), 'the message at the server', 10_000);
  expect(mock.messages(THREADS.aliceBob).at(-1)!.text).toBe(text);
}

/** The card-offer frame whose address carries `code`. */
function offerFrame(page: Page, code: string): FrameLocator {
  return page.frameLocator(`${CARD_OFFER}[src*="c=${code}"]`);
}

/** Waits until that frame's content is in state `want` (its `data-state`); fails with the last state seen. */
async function expectOfferState(page: Page, code: string, want: string): Promise<void> {
  const state = offerFrame(page, code).getByTestId('card-offer');
  let last: string | null = null;
  try {
    await until(
      async () => {
        last = await state.getAttribute('data-state', { timeout: 1_000 });
        return last === want ? true : undefined;
      },
      `card-offer state ${want}`,
      20_000,
      200,
    );
  } catch {
    throw new Error(`card-offer frame: expected state ${want}, last seen ${String(last)}`);
  }
}

/** One character of the code's body changed: still code-shaped, no longer intact. */
function tamper(code: string): string {
  const i = 100;
  return code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
}

describe('chromium: an invite code posted in a DM is offered for import', () => {
  let mock: MockInstagram;
  let alice: ChromiumProfile;
  let bob: ChromiumProfile;
  let alicePage: Page;
  let bobPage: Page;
  let aliceCode: string;
  let bobCode: string;

  beforeAll(async () => {
    mock = await startMockInstagram();
    [alice, bob] = await Promise.all([launchChromium(mock.port), launchChromium(mock.port)]);
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
    await expectOfferState(bobPage, tampered, 'error');
    const frame = offerFrame(bobPage, tampered);
    expect(await frame.getByTestId('card-offer').getAttribute('data-reason')).toBe('card-bad-checksum');
    expect(await frame.getByTestId('frame-note').textContent()).toContain('typo or was changed');
    expect(await frame.getByRole('button').count()).toBe(0);
    // The frame shows the installation's security pattern, and the page cannot read into it.
    expect(await frame.getByTestId('security-pattern').count()).toBe(1);
    expect(await bobPage.evaluate((sel) => (document.querySelector(sel) as HTMLIFrameElement).contentDocument, CARD_OFFER)).toBeNull();
  });

  it("alice's own bubble gets no frame; bob adds alice from the frame, unverified, and the chat turns encrypted", async () => {
    await postThroughInstagram(alicePage, mock, aliceCode);
    // Acknowledged (a `mid.` id) and still without a frame: outgoing bubbles are never offered.
    await until(() => alicePage.evaluate((code) => [...document.querySelectorAll('[id^="mid."]')].some((el) => el.textContent?.includes(code)) || undefined, aliceCode), 'alice’s acknowledged bubble', 10_000);
    await alicePage.waitForTimeout(1_500);
    expect(await alicePage.locator(CARD_OFFER).count()).toBe(0);

    await expectOfferState(bobPage, aliceCode, 'offer');
    const frame = offerFrame(bobPage, aliceCode);
    expect(await frame.locator('.frame-header-text').textContent()).toBe('Invite code of Alice');
    expect(await frame.getByTestId('card-offer-link').textContent()).toContain('@alice');
    expect(await frame.getByTestId('card-offer-conflict').count()).toBe(0);
    expect(await frame.getByTestId('security-pattern').count()).toBe(1);
    // The tampered code's frame still says why, next to it.
    await expectOfferState(bobPage, tamper(aliceCode), 'error');

    await frame.getByRole('button', { name: 'Add contact' }).click();
    await expectOfferState(bobPage, aliceCode, 'added');
    expect(await frame.getByTestId('frame-note').textContent()).toContain('Compare safety numbers');
    // The frame told the content script: the chat is now alice's, encrypted (compose frame).
    await bobPage.locator(COMPOSE).waitFor({ timeout: 20_000 });

    const popup = await bob.openPopup();
    const row = popup.locator('.contact-row', { hasText: 'Alice' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('[data-verification]').getAttribute('data-verification')).toBe('unverified');
    const bobContacts = await privileged<{ contacts: { id: string; name: string; instagram: string | null; verification: string }[] }>(popup, 'listContacts', {});
    expect(bobContacts.contacts).toEqual([{ id: expect.any(String), name: 'Alice', instagram: 'alice', verification: 'unverified' }]);

    // Alice adds bob the usual way; both sides then see the same 60 digits.
    const alicePopup = await alice.openPopup();
    const { id: bobId } = await privileged<{ id: string }>(alicePopup, 'addContact', { code: bobCode, name: 'Bob', instagram: 'bob' });
    const aliceSeesBob = await privileged<{ safetyNumber: string }>(alicePopup, 'contactDetails', { id: bobId });
    const bobSeesAlice = await privileged<{ safetyNumber: string }>(popup, 'contactDetails', { id: bobContacts.contacts[0]!.id });
    expect(aliceSeesBob.safetyNumber).toMatch(/^\d{60}$/);
    expect(bobSeesAlice.safetyNumber).toBe(aliceSeesBob.safetyNumber);

    // Reloaded, the same bubble now says alice is a contact: no second Add.
    await bobPage.reload();
    await expectOfferState(bobPage, aliceCode, 'known');
    expect(await offerFrame(bobPage, aliceCode).getByRole('button').count()).toBe(0);
  });
});
