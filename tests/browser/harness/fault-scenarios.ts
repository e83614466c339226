/**
 * The driver-independent parts of the injected-fault tests, shared by faults.test.ts (Chromium,
 * Playwright) and faults-firefox.test.ts (Firefox ESR, Puppeteer): what the compose frame must
 * say, fresh secrets, a server-side edit of armor, another device's invite code, and the
 * main-world trigger that sets a fault off mid-send.
 *
 * No Vitest import: the helpers only throw.
 */
import { createCard, encodeCard } from '../../../src/protocol/card';
import { createIdentity } from '../../../src/protocol/identity';

export const SENT = '✓ Sent, encrypted.';
export const NOTHING_SENT = 'Nothing was sent. Your text is still here.';
/** The compose frame's feedback line for a failure. */
export const failed = (text: string): string => `⚠ ${text}`;
export const COMPOSER_MISSING = failed(`Instagram's message box was not found in this chat. ${NOTHING_SENT}`);
export const INSTAGRAM_FAILED = failed(`Instagram reported an error, or the message did not appear in the chat. ${NOTHING_SENT}`);
export const OUTCOME_UNKNOWN = failed(
  "The extension's background stopped answering while sending, so the message may have been sent. Check the chat before you send it again.",
);
/** The compose frame's note once it knows the vault is locked (no box to send from). */
export const LOCKED_NOTE = 'Unlock Sealed DMs from the toolbar button to send.';
export const TOO_LONG = /^⚠ Too long by \d+ bytes\. Shorten the message to send it\.$/;
export const DIALOG_COVERS = failed(`A dialog covers Instagram's message box. Close it and try again. ${NOTHING_SENT}`);
export const keyChangedPrompt = (name: string): string => `${name}'s key changed. Send anyway?`;

let counter = 0;
/** A plaintext no request or page could contain by chance. */
export function secret(what: string): string {
  counter += 1;
  return `${what} secret ${counter} ${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The same armor with one body digit changed (a server-side edit), far from the header and from
 * the last digits (whose trailing bits must stay zero), so it still parses as a part.
 */
export function alterArmor(armor: string): string {
  const i = armor.length - 12;
  return armor.slice(0, i) + (armor[i] === 'A' ? 'B' : 'A') + armor.slice(i + 1);
}

/** Another device's invite code, made in Node with the protocol code (as a reinstalled extension would). */
export function newDeviceCode(name: string, instagram: string): string {
  const made = createCard(createIdentity(Date.now()), { name, instagram }, Date.now());
  if (!made.ok) throw new Error('card');
  return encodeCard(made.card);
}

/** What our post causes on Instagram's composer: focus entering it, the armor's `input`, the click on Send. */
export type Trigger = 'focus' | 'input' | 'send-click';
export type Fault = { kind: 'remove' } | { kind: 'replace' } | { kind: 'navigate'; path: string };

/**
 * Run in the page's main world (`page.evaluate(armFaultInPage, [trigger, fault])`, self-contained):
 * the first time our post causes `trigger` on Instagram's composer, do `fault`, in a task of its
 * own, as a React re-render or the user's click would come.
 */
export function armFaultInPage([t, f]: readonly [Trigger, Fault]): void {
  // The armor going in: Chromium's execCommand gives the editor a trusted `input`; Firefox's gives
  // a trusted `beforeinput`, which Lexical takes (and cancels), so no `input` follows. Either counts;
  // the fault comes a task later, when the armor is in either way.
  const types = t === 'focus' ? ['focusin'] : t === 'input' ? ['beforeinput', 'input'] : ['click'];
  const handler = (e: Event): void => {
    const target = e.target as Element | null;
    const hit =
      t === 'send-click'
        ? target?.closest?.('[data-pagelet^="IGDComposer"] [role="button"], form button, [role="button"]')?.textContent?.trim() === 'Send'
        : target?.closest?.('[role="textbox"], textarea') != null;
    if (!hit) return;
    disarm();
    setTimeout(() => {
      const mock = (window as unknown as { __mockInstagram: { removeComposer(): void; replaceComposer(): void; navigate(p: string): void } }).__mockInstagram;
      if (f.kind === 'remove') mock.removeComposer();
      else if (f.kind === 'replace') mock.replaceComposer();
      else mock.navigate(f.path);
    }, 0);
  };
  const disarm = (): void => {
    for (const type of types) document.removeEventListener(type, handler, true);
  };
  (window as unknown as { __disarmFault?: () => void }).__disarmFault = disarm;
  for (const type of types) document.addEventListener(type, handler, true);
}

/** Run in the page's main world: takes back a fault armed by `armFaultInPage` that did not fire. */
export function disarmFaultInPage(): void {
  (window as unknown as { __disarmFault?: () => void }).__disarmFault?.();
}
