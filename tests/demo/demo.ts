/**
 * `npm run demo`: the built extension in two Chromium profiles (alice, bob) against the local
 * instagram.com. They create identities, exchange invite codes, compare the safety number, and
 * talk; the run writes screenshots to docs/demo/ and then the figures (./measure.ts).
 *
 *   npm run build && npm run demo          headed when DISPLAY or WAYLAND_DISPLAY is set
 *   SEALED_DMS_OUT_DIR=<dir> npm run demo  another build folder (default .output)
 *   DEMO_MEASURE=0 npm run demo            pictures only
 *
 * docs/demo/alice.png  alice's tab: the compose frame over Instagram's composer, reader frames
 * docs/demo/bob.png    bob's tab
 * docs/demo/server.png what www.instagram.com stored for the thread (armor only)
 * docs/demo/popup.png  bob's popup: Alice's contact page with the safety number
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumProfile } from '../browser/harness/chromium';
import { startMockInstagram, THREADS, type MockInstagram } from '../mock-instagram/server';
import {
  COMPOSE,
  composeAndSend,
  feedback,
  openThread,
  privileged,
  readerTexts,
  serverPlaintextFindings,
  setUpContacts,
  until,
  waitForReaderText,
} from '../browser/harness/instagram-flow';
import { measureAndWrite } from './measure';
import { DEMO_DIR, hasDisplay, isMain, requireChromeBuild, VIEWPORT } from './output';

const THREAD = THREADS.aliceBob;

/**
 * Who says what, in order: both ways, with emoji, one on several lines. The emoji are ones the
 * DejaVu fonts of a bare Debian have, so the screenshots show them without a color-emoji font.
 */
export const CONVERSATION: ReadonlyArray<readonly ['alice' | 'bob', string]> = [
  ['alice', 'Hi Bob! Are we still on for Sunday? ☀'],
  ['bob', 'Yes! 😄 The forecast says sun all day.'],
  ['alice', 'Plan:\n– 9:30 meet at the north gate\n– ride to the lake\n– picnic, I bring the bread'],
  ['bob', "Perfect. I'll bring coffee ☕ and the spare pump."],
  ['alice', 'See you at the gate ✌'],
];

async function contactId(popup: Page): Promise<string> {
  const { contacts } = await privileged<{ contacts: Array<{ id: string }> }>(popup, 'listContacts', {});
  return contacts[0]!.id;
}

/** Both compare the 60-digit safety number (the same on both sides) and mark the contact verified. */
async function verifyEachOther(alice: ChromiumProfile, bob: ChromiumProfile): Promise<void> {
  const numbers: string[] = [];
  for (const profile of [alice, bob]) {
    const popup = await profile.openPopup();
    const id = await contactId(popup);
    numbers.push((await privileged<{ safetyNumber: string }>(popup, 'contactDetails', { id })).safetyNumber);
    await privileged(popup, 'setVerified', { id, verified: true });
    await popup.close();
  }
  if (numbers[0] !== numbers[1]) throw new Error('the two safety numbers differ');
  console.log(`safety number (the same on both sides): ${numbers[0]!.replace(/(\d{5})(?=\d)/g, '$1 ')}`);
}

/** A plain page listing what the server stored for the thread, as the server holds it. */
function serverPage(mock: MockInstagram): string {
  const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const rows = mock
    .messages(THREAD)
    .map((m) => `<tr><td>${esc(new Date(m.timestamp).toISOString().slice(11, 19))}</td><td>${esc(m.from)}</td><td><code>${esc(m.text)}</code></td></tr>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stored on the server</title><style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #111; }
h1 { font-size: 18px; margin: 0 0 4px; } p { margin: 0 0 16px; color: #555; }
table { border-collapse: collapse; width: 100%; } td { border-top: 1px solid #ddd; padding: 8px; vertical-align: top; }
td:nth-child(-n+2) { white-space: nowrap; color: #555; } code { font-size: 12px; word-break: break-all; }
</style></head><body><h1>What www.instagram.com stored for the thread alice ↔ bob</h1>
<p>The local instagram.com's message store for thread ${esc(THREAD)}: ${mock.messages(THREAD).length} messages, as Instagram's servers would hold them.</p>
<table><tbody>${rows}</tbody></table></body></html>`;
}

export async function demo(): Promise<void> {
  requireChromeBuild();
  const headless = !hasDisplay();
  mkdirSync(DEMO_DIR, { recursive: true });
  const mock = await startMockInstagram();
  let alice: ChromiumProfile | undefined;
  let bob: ChromiumProfile | undefined;
  try {
    console.log(`local instagram.com on port ${mock.port}; Chromium ${headless ? 'headless (no display)' : 'headed'}`);
    [alice, bob] = await Promise.all([launchChromium(mock.port, undefined, headless), launchChromium(mock.port, undefined, headless)]);
    await setUpContacts([
      { profile: alice, name: 'Alice', user: 'alice' },
      { profile: bob, name: 'Bob', user: 'bob' },
    ]);
    console.log('identities created, invite codes exchanged');
    await verifyEachOther(alice, bob);

    const pages = { alice: await openThread(alice, mock, 'alice', THREAD), bob: await openThread(bob, mock, 'bob', THREAD) };
    for (const page of Object.values(pages)) {
      await page.setViewportSize(VIEWPORT);
      await page.locator(COMPOSE).waitFor({ timeout: 20_000 });
    }
    for (const [from, text] of CONVERSATION) {
      const to = from === 'alice' ? 'bob' : 'alice';
      const said = await feedback(await composeAndSend(pages[from], text));
      if (!said.includes('Sent, encrypted')) throw new Error(`${from}: ${said}`);
      await waitForReaderText(pages[to], text);
      console.log(`${from} → ${to}: ${JSON.stringify(text)}`);
    }

    // Checks before the pictures: the server holds armor only, and no plaintext ever reached it.
    const stored = mock.messages(THREAD);
    if (stored.length !== CONVERSATION.length || !stored.every((m) => /^SDM1[A-Za-z0-9_-]+$/.test(m.text))) {
      throw new Error('the server holds something other than one armored message per line of the conversation');
    }
    const leaked = CONVERSATION.flatMap(([, text]) => serverPlaintextFindings(mock, text));
    if (leaked.length > 0) throw new Error(`plaintext reached the server: ${leaked.join('; ')}`);
    console.log(`server: ${stored.length} messages, all armor; no line of the conversation in its request log or drafts`);

    for (const [who, page] of Object.entries(pages)) {
      await page.evaluate(() => (window as unknown as { __mockInstagram: { scrollToBottom(): void } }).__mockInstagram.scrollToBottom());
      await until(async () => ((await readerTexts(page)).length === CONVERSATION.length ? true : undefined), `${who}'s reader frames`);
      // Let the reader frames take their final heights.
      await page.waitForTimeout(1000);
      await page.screenshot({ path: resolve(DEMO_DIR, `${who}.png`) });
    }

    const server = await bob.context.newPage();
    await server.setViewportSize(VIEWPORT);
    await server.setContent(serverPage(mock));
    await server.screenshot({ path: resolve(DEMO_DIR, 'server.png') });
    await server.close();

    const popup = await bob.openPopup();
    await popup.setViewportSize({ width: 360, height: 640 });
    await popup.getByRole('navigation').getByRole('button', { name: 'Contacts', exact: true }).click();
    await popup.locator('.contact-row', { hasText: 'Alice' }).click();
    await until(async () => (/^\d{60}$/.test((await popup.getByTestId('safety-number').textContent()) ?? '') ? true : undefined), 'the safety number');
    await popup.screenshot({ path: resolve(DEMO_DIR, 'popup.png') });
    await popup.close();
    console.log('written: docs/demo/alice.png, bob.png, server.png, popup.png');
  } finally {
    await alice?.close();
    await bob?.close();
    await mock.close();
  }
}

if (isMain(import.meta.url)) {
  (async () => {
    await demo();
    if (process.env.DEMO_MEASURE !== '0') {
      console.log('\nmeasuring (headless)…');
      await measureAndWrite();
    }
  })().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
