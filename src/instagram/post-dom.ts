/**
 * The real-DOM side of posting (post-chain.ts interfaces): how armor goes into Instagram's composer
 * and how the result is observed, with every event we dispatch run through ComposerGuard.runOp so
 * the guard lets exactly those through.
 *
 * Insertion methods, in order, as measured against the local mock's real Lexical 0.52 and its
 * React-like textarea in Chromium (tests/browser/compose.test.ts):
 * - Lexical / contenteditable: `document.execCommand('insertText')` once the editor has taken the
 *   focus and seen the selection (Lexical syncs its selection on `selectionchange`, which is
 *   asynchronous: inserting in the same task as focus() is silently reverted); then a synthetic
 *   `paste` ClipboardEvent carrying a DataTransfer (Lexical reads clipboardData itself; Firefox
 *   builds it from its own init members, see pasteEventInit); then a synthetic `beforeinput`
 *   insertText (Lexical inserts from `data`). In Firefox, execCommand hands the editor a trusted
 *   `beforeinput` instead of Chromium's bare `input` (tests/browser/compose-firefox.test.ts).
 *   A `beforeinput` insertFromPaste is not tried: Lexical ignores it.
 * - textarea (2020–22): `execCommand('insertText')` (a trusted `input` event that React-style
 *   components read), then the native value setter followed by an `input` event (the way React's
 *   value tracker notices a programmatic change).
 * A trusted-input-only editor ignores them all, which post-chain.ts detects (no Send button).
 */
import type { ComposerGuard } from './composer-guard';
import { findComposer, findSendButton, type ComposerMatch } from './dom/composer';
import { readMessages } from './dom/messages';
import { findDialogsOverComposer, findSendFailureSignals } from './dom/overlays';
import type { DomProbe } from './dom/probe';
import { findThreadView } from './dom/thread';
import { squish } from './dom/tree';
import { restoreSnapshot, takeSnapshot, type Snapshot } from './editor-snapshot';
import type { BubbleState, ComposerSession, InsertMethod, OpenResult, PostPage } from './post-chain';

const EDITABLE_METHODS: readonly InsertMethod[] = ['exec-insert-text', 'synthetic-paste', 'before-input'];
const TEXTAREA_METHODS: readonly InsertMethod[] = ['exec-insert-text', 'value-setter'];
/** Characters a page may insert into long tokens (wrapping, copying); ignored when matching armor. */
const INVISIBLE = /[\s\u00ad\u200b-\u200d\u2060\ufeff]+/g;

export interface DomPostHooks {
  guard: ComposerGuard;
  /** The composer we are about to post into (the controller guards and covers exactly this one). */
  onOpen(match: ComposerMatch): void;
  /** Focus leaves the composer: give it back to the compose frame. */
  onRelease(): void;
  /** The controller's view: encryption on in this thread, but its page is unfamiliar. */
  paused(threadId: string): boolean;
  threadId(): string | undefined;
  sleep(ms: number): Promise<void>;
  probe?: Partial<DomProbe>;
}

function isTextarea(el: HTMLElement): el is HTMLTextAreaElement {
  return el.localName === 'textarea';
}

/** Native setter of the textarea's value (the isolated world's own, untouched by the page). */
function setNativeValue(el: HTMLTextAreaElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  if (setter) setter.call(el, value);
  else el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * The init of our synthetic `paste`: the standard `clipboardData`, plus Gecko's own `dataType` and
 * `data` members. Firefox ignores `clipboardData` here (ESR 153: the event gets an empty
 * DataTransfer, so the editor pastes nothing) and fills the event's DataTransfer from those two;
 * Chromium ignores them.
 */
export function pasteEventInit(text: string): ClipboardEventInit {
  const clipboardData = new DataTransfer();
  clipboardData.setData('text/plain', text);
  const gecko = { dataType: 'text/plain', data: text };
  return { clipboardData, bubbles: true, cancelable: true, composed: true, ...gecko };
}

function caretAtEnd(doc: Document, el: HTMLElement, selectAll: boolean): void {
  const selection = doc.getSelection();
  if (!selection) return;
  if (!selectAll && selection.rangeCount > 0 && el.contains(selection.anchorNode)) return;
  const range = doc.createRange();
  range.selectNodeContents(el);
  if (!selectAll) range.collapse(false);
  selection.removeAllRanges();
  selection.addRange(range);
}

export function domSession(doc: Document, match: ComposerMatch, hooks: DomPostHooks): ComposerSession {
  const el = match.element;
  const { guard } = hooks;
  const op = <T>(fn: () => T): T => guard.runOp(fn);
  const text = (): string => squish(isTextarea(el) ? el.value : el.textContent);
  /** The empty editor's own nodes when we first inserted (the last resort of clear()). */
  let snapshot: Snapshot | undefined;

  return {
    methods: isTextarea(el) ? TEXTAREA_METHODS : EDITABLE_METHODS,
    alive: () => el.isConnected,
    text,
    sendReady() {
      const r = findSendButton(match, hooks.probe);
      return r.ok && !r.button.disabled;
    },
    focused: () => doc.activeElement === el,
    focus() {
      op(() => {
        el.focus({ preventScroll: true });
        if (isTextarea(el)) el.setSelectionRange(el.value.length, el.value.length);
        else caretAtEnd(doc, el, false);
      });
    },
    insert(method, armor) {
      if (snapshot === undefined && text() === '') snapshot = takeSnapshot(doc, el);
      return op(() => {
        try {
          if (doc.activeElement !== el) el.focus({ preventScroll: true });
          switch (method) {
            case 'exec-insert-text':
              doc.execCommand('insertText', false, armor);
              return true;
            case 'synthetic-paste': {
              if (isTextarea(el)) return false;
              el.dispatchEvent(new ClipboardEvent('paste', pasteEventInit(armor)));
              return true;
            }
            case 'before-input':
              if (isTextarea(el)) return false;
              el.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: armor, bubbles: true, cancelable: true, composed: true }));
              return true;
            case 'value-setter':
              if (!isTextarea(el)) return false;
              setNativeValue(el, armor);
              return true;
          }
        } catch {
          return false;
        }
      });
    },
    async clear() {
      // A composer that left the page holds nothing Instagram can send; deleting would hit the page's selection.
      if (text() === '' || !el.isConnected) return;
      if (isTextarea(el)) {
        op(() => {
          el.focus({ preventScroll: true });
          el.select();
          doc.execCommand('delete');
        });
        if (el.value !== '') op(() => setNativeValue(el, ''));
        return;
      }
      op(() => {
        el.focus({ preventScroll: true });
        caretAtEnd(doc, el, true);
      });
      // Let the editor see the selection before deleting it (see the file comment). Lexical
      // deletes from its own state on a `beforeinput` (execCommand('delete') over a DOM range is
      // re-rendered away by it); a plain contenteditable takes execCommand('delete').
      await hooks.sleep(60);
      op(() => el.dispatchEvent(new InputEvent('beforeinput', { inputType: 'deleteContentBackward', bubbles: true, cancelable: true, composed: true })));
      await hooks.sleep(30);
      if (text() !== '') {
        op(() => doc.execCommand('delete'));
        await hooks.sleep(30);
      }
      // A trusted-input-only editor keeps text that reached only its DOM (its state never had it)
      // and ignores every synthetic delete: put the empty editor's own nodes back as they were.
      if (text() !== '' && snapshot) {
        const saved = snapshot;
        op(() => restoreSnapshot(doc, el, saved));
      }
    },
    clickSend() {
      const r = findSendButton(match, hooks.probe);
      if (!r.ok || r.button.disabled) return false;
      op(() => r.button.element.click());
      return true;
    },
    pressEnter() {
      op(() =>
        el.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true, composed: true }),
        ),
      );
    },
    release() {
      if (doc.activeElement !== el && !el.contains(doc.activeElement)) return;
      op(() => el.blur());
      hooks.onRelease();
    },
  };
}

/** The text of `s` without whitespace or invisible characters, for matching armor in bubbles. */
function compact(s: string): string {
  return s.replace(INVISIBLE, '');
}

export function domPostPage(doc: Document, hooks: DomPostHooks): PostPage {
  return {
    threadId: hooks.threadId,
    paused: () => {
      const id = hooks.threadId();
      return id !== undefined && hooks.paused(id);
    },
    open(): OpenResult {
      const found = findComposer(doc, hooks.probe);
      if (!found.ok) {
        return { ok: false, reason: found.reason === 'ambiguous' || found.reason === 'ambiguous-thread' ? 'page-changed' : 'composer-missing' };
      }
      if (findDialogsOverComposer(doc, found.composer.element, hooks.probe).length > 0) return { ok: false, reason: 'dialog' };
      hooks.onOpen(found.composer);
      return { ok: true, session: domSession(doc, found.composer, hooks) };
    },
    dialogOpen: () => {
      // Without a composer to compare with, any visible dialog counts (fail closed).
      const found = findComposer(doc, hooks.probe);
      return findDialogsOverComposer(doc, found.ok ? found.composer.element : undefined, hooks.probe).length > 0;
    },
    failureSignals: () => new Set(findSendFailureSignals(doc, hooks.probe).map((s) => s.element)),
    bubble(armor): BubbleState {
      const view = findThreadView(doc, hooks.probe);
      if (!view.ok) return 'none';
      let state: BubbleState = 'none';
      for (const row of readMessages(view.view.list, { probe: hooks.probe })) {
        if (row.text === undefined || !compact(row.text).includes(armor)) continue;
        if (row.key !== undefined) return 'acked';
        state = 'pending';
      }
      return state;
    },
    listHasIds() {
      const view = findThreadView(doc, hooks.probe);
      if (!view.ok) return true;
      const era = view.view.list.era;
      if (era === 'group' || era === 'grid') return true;
      return readMessages(view.view.list, { probe: hooks.probe }).some((row) => row.key !== undefined);
    },
    sleep: hooks.sleep,
    now: () => Date.now(),
  };
}
