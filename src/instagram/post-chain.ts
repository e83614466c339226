/**
 * Posting armored parts through Instagram's own composer, one part at a time, each step verified
 * (ContentCommands.post in src/messaging/protocol.ts). Pure sequencing: the page and the editor are
 * behind the `PostPage` / `ComposerSession` interfaces (post-dom.ts implements them on the real
 * DOM; unit tests use fakes), so every failure path is testable without a browser.
 *
 * Per part, in order (any failed step stops the whole post; parts already confirmed are reported
 * in `sentParts`):
 *  1. the tab still shows the requested thread ('wrong-thread'), and its page looks familiar
 *     ('page-changed');
 *  2. a single visible composer, not covered by a dialog ('composer-missing' / 'page-changed' /
 *     'dialog', decided by PostPage.open);
 *  3. the composer is empty. A draft already in it (restored by Instagram from before encryption
 *     was on) is the user's text: we never touch it and answer 'composer-missing' ("no usable
 *     composer"; the protocol has no finer reason). One whole armored part there is ours, left by an
 *     interrupted post, and is cleared first. After a previous part we wait briefly for Instagram's
 *     optimistic clear;
 *  4. focus, let the editor pick up its selection, then the session's insertion methods in order
 *     until one is accepted: the composer shows exactly the armor AND Instagram's Send button
 *     appeared (its proof that the editor state, not only the DOM, holds the text). A method that
 *     was not accepted is undone before the next one. None accepted → what we inserted is cleared
 *     and the answer is 'insertion-rejected' (the background then shows the armor to paste by hand),
 *     or 'composer-missing' when the composer left the page meanwhile;
 *  5. press Send (a click on Instagram's Send button). If neither the composer cleared nor a
 *     bubble with the armor appeared shortly after, the click was ignored (trusted-input-only
 *     pages): one Enter keydown is tried, under the same condition, so a send that happened is
 *     never repeated. Still nothing → clear, 'insertion-rejected';
 *  6. confirm: an acknowledged outgoing bubble (one with Instagram's message id) holding the armor
 *     appears within `confirmMs` and no new failure notice shows ('send-failed'); a bubble still
 *     pending at that point gets up to `pendingGraceMs` more (Instagram's ack can be slow).
 *     Another thread on screen after Send was pressed (steps 5 and 6) is 'unconfirmed': the part
 *     may have left, and the background then says "may have been sent", never "not sent".
 * Nothing is ever retried automatically: a double send is worse than a visible failure.
 */
import type { PostFailure, PostOutcome } from '../messaging/protocol';
import { locateArmor } from '../protocol/armor-locate';

export type InsertMethod = 'exec-insert-text' | 'synthetic-paste' | 'before-input' | 'value-setter';

/** One composer, found and checked by PostPage.open, while we post into it. */
export interface ComposerSession {
  /** Insertion methods worth trying for this kind of editor, in order. */
  readonly methods: readonly InsertMethod[];
  /** The composer is still in the page (React may replace it at any time). */
  alive(): boolean;
  /** The text the composer shows (whitespace-collapsed, trimmed). */
  text(): string;
  /** Instagram's Send button is there and enabled. */
  sendReady(): boolean;
  focus(): void;
  /** The composer has the focus (the guard takes it away when the user composes with an IME meanwhile). */
  focused(): boolean;
  /** One synchronous insertion attempt; false when the method does not apply to this editor. */
  insert(method: InsertMethod, text: string): boolean;
  /** Removes everything from the composer (only ever called when it holds what we inserted). */
  clear(): Promise<void>;
  /** Clicks the Send button; false when there is none. */
  clickSend(): boolean;
  pressEnter(): void;
  /** Takes focus out of the composer (back to the compose frame). */
  release(): void;
}

export type OpenResult = { ok: true; session: ComposerSession } | { ok: false; reason: PostFailure };
export type BubbleState = 'acked' | 'pending' | 'none';

export interface PostPage {
  /** The thread id in the tab's URL now, or undefined. */
  threadId(): string | undefined;
  /** The thread has encryption on but its page is unfamiliar (encryption paused). */
  paused(): boolean;
  open(): OpenResult;
  /** A dialog covers the composer now. */
  dialogOpen(session: ComposerSession): boolean;
  /** The failure notices on the page now (compared by identity before and after Send). */
  failureSignals(): ReadonlySet<unknown>;
  /** Whether a bubble holding `armor` is in the message list, and whether it has a message id. */
  bubble(armor: string): BubbleState;
  /**
   * The message list carries Instagram's message ids (grid and group eras). The textarea era
   * (2020–22) has none, so there an acknowledged bubble cannot be told from an optimistic one.
   */
  listHasIds(): boolean;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export interface PostTimings {
  /** After focusing, before inserting: the editor picks up the selection (Lexical: selectionchange). */
  settleMs: number;
  /** How long an insertion may take to show up with the Send button. */
  acceptMs: number;
  /** How long clearing (ours, or Instagram's optimistic clear after a send) may take. */
  clearMs: number;
  /** After a press of Send: how long before it counts as ignored. */
  reactMs: number;
  confirmMs: number;
  pendingGraceMs: number;
  /** Without message ids: how long the bubble must stay, with no failure notice, to count as sent. */
  unkeyedSettleMs: number;
  pollMs: number;
}

export const DEFAULT_TIMINGS: PostTimings = {
  settleMs: 60,
  acceptMs: 600,
  clearMs: 1000,
  reactMs: 1200,
  confirmMs: 5000,
  pendingGraceMs: 15000,
  unkeyedSettleMs: 2500,
  pollMs: 40,
};

/** `text` is one whole, well-formed armored part and nothing else. */
export function isArmorPart(text: string): boolean {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return false;
  const found = locateArmor(text);
  const only = found[0];
  return found.length === 1 && only !== undefined && only.kind === 'part' && only.start === 0 && only.end === text.length;
}

async function until(page: PostPage, ms: number, pollMs: number, done: () => boolean): Promise<boolean> {
  const end = page.now() + ms;
  for (;;) {
    if (done()) return true;
    if (page.now() >= end) return false;
    await page.sleep(pollMs);
  }
}

type Step = { ok: true } | { ok: false; reason: PostFailure };
const fail = (reason: PostFailure): Step => ({ ok: false, reason });
const OK: Step = { ok: true };

/** Steps 4: insert with the first method the editor accepts. */
async function insertArmor(page: PostPage, s: ComposerSession, armor: string, t: PostTimings): Promise<Step> {
  s.focus();
  await page.sleep(t.settleMs);
  for (const method of s.methods) {
    if (!s.alive()) break;
    // Focus lost meanwhile (the guard ends an IME composition of the user's by taking it): an
    // editor focused and written to in one task reverts the text, so focus first, then wait.
    if (!s.focused()) {
      s.focus();
      await page.sleep(t.settleMs);
    }
    if (!s.insert(method, armor)) continue;
    if (await until(page, t.acceptMs, t.pollMs, () => s.text() === armor && s.sendReady())) return OK;
    if (!s.alive()) break;
    await s.clear();
    if (!(await until(page, t.clearMs, t.pollMs, () => s.text() === ''))) break;
  }
  await s.clear();
  // A composer that went away meanwhile (removed, re-mounted, another thread opened) rejected nothing.
  return fail(s.alive() ? 'insertion-rejected' : 'composer-missing');
}

/**
 * Step 5: press Send; the Enter fallback only if the click provably did nothing. Another thread on
 * screen once Send was pressed: the part may have left, and nothing can confirm it ('unconfirmed').
 */
async function pressSend(page: PostPage, s: ComposerSession, threadId: string, armor: string, t: PostTimings): Promise<Step> {
  const left = (): boolean => page.threadId() !== threadId;
  const reacted = (): boolean => left() || s.text() !== armor || page.bubble(armor) !== 'none';
  const pressed = (): Step => (left() ? fail('unconfirmed') : OK);
  const clicked = s.clickSend();
  if (clicked && (await until(page, t.reactMs, t.pollMs, reacted))) return pressed();
  if (left()) return fail(clicked ? 'unconfirmed' : 'wrong-thread');
  if (reacted()) return OK;
  s.pressEnter();
  if (await until(page, t.reactMs, t.pollMs, reacted)) return pressed();
  await s.clear();
  return fail('insertion-rejected');
}

/**
 * Step 6: the acknowledged bubble, or a failure notice, or time out. Where the list has no message
 * ids (textarea era), a bubble that stayed `unkeyedSettleMs` without a failure notice counts as
 * acknowledged: Instagram removes an optimistic bubble whose send failed (instagram-dm-dom.md §9.3).
 */
async function confirm(page: PostPage, threadId: string, armor: string, before: ReadonlySet<unknown>, t: PostTimings): Promise<Step> {
  let failed = false;
  /** The user left the thread before its bubble was acknowledged: the outcome is unknown. */
  let left = false;
  let presentSince: number | undefined;
  const settled = (): boolean => {
    // Notices shown in another thread say nothing about this send.
    left = page.threadId() !== threadId;
    if (!left) {
      for (const signal of page.failureSignals()) {
        if (!before.has(signal)) failed = true;
      }
    }
    if (failed) return true;
    const state = page.bubble(armor);
    if (state === 'acked') {
      left = false;
      return true;
    }
    if (left) return true;
    if (state === 'none' || page.listHasIds()) {
      presentSince = undefined;
      return false;
    }
    presentSince ??= page.now();
    return page.now() - presentSince >= t.unkeyedSettleMs;
  };
  const outcome = (): Step => (failed ? fail('send-failed') : left ? fail('unconfirmed') : OK);
  if (await until(page, t.confirmMs, t.pollMs, settled)) return outcome();
  if (page.bubble(armor) === 'pending' && (await until(page, t.pendingGraceMs, t.pollMs, settled))) return outcome();
  return fail('send-failed');
}

async function postPart(page: PostPage, threadId: string, armor: string, first: boolean, t: PostTimings): Promise<Step> {
  if (page.threadId() !== threadId) return fail('wrong-thread');
  if (page.paused()) return fail('page-changed');
  const opened = page.open();
  if (!opened.ok) return fail(opened.reason);
  const s = opened.session;
  // One whole armored part before our first is no draft of the user's but ours, left by a post that
  // was interrupted (a navigation or a re-mount while it was in the box, which Instagram then kept as
  // the thread's draft): it is ciphertext, and it would block the thread for good, so it is cleared.
  if (first && s.text() !== '' && isArmorPart(s.text())) await s.clear();
  // After a part we sent, Instagram clears the box optimistically; a draft of the user's is never touched.
  if (!(s.text() === '' || (!first && (await until(page, t.clearMs, t.pollMs, () => s.text() === ''))))) {
    return fail('composer-missing');
  }
  try {
    const inserted = await insertArmor(page, s, armor, t);
    if (!inserted.ok) return inserted.reason === 'composer-missing' && page.threadId() !== threadId ? fail('wrong-thread') : inserted;
    // The user may have navigated, the composer may have been replaced, or a dialog may have come
    // up while we inserted.
    const changed: PostFailure | undefined =
      page.threadId() !== threadId ? 'wrong-thread' : !s.alive() ? 'composer-missing' : page.dialogOpen(s) ? 'dialog' : undefined;
    if (changed) {
      await s.clear();
      return fail(changed);
    }
    const before = page.failureSignals();
    const pressed = await pressSend(page, s, threadId, armor, t);
    if (!pressed.ok) return pressed;
    s.release();
    return await confirm(page, threadId, armor, before, t);
  } finally {
    s.release();
  }
}

/** Posts every part in order (see the file comment). */
export async function postParts(page: PostPage, threadId: string, parts: readonly string[], timings: PostTimings = DEFAULT_TIMINGS): Promise<PostOutcome> {
  let sent = 0;
  for (const armor of parts) {
    let step: Step;
    try {
      step = await postPart(page, threadId, armor, sent === 0, timings);
    } catch {
      // Odd DOM made a step throw: whatever this part's fate, the page is not what we expect.
      step = fail('page-changed');
    }
    if (!step.ok) return { outcome: 'failed', reason: step.reason, sentParts: sent };
    sent += 1;
  }
  return { outcome: 'sent' };
}
