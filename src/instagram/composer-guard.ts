/**
 * Keeps typed text out of Instagram's own composer in a thread with encryption on: nothing the user
 * types or pastes there, and no press of its Send button, may reach the page (docs/ARCHITECTURE.md
 * "Fail closed"). The compose frame covers the composer; this guard catches what gets past the
 * cover (Tab into the box, keyboard shortcuts, drag and drop, a click that lands before the frame
 * is positioned).
 *
 * Capture-phase listeners on `window` run before any listener of the page's editor (which listens
 * on its root or the document), and `stopImmediatePropagation` + `preventDefault` keep the event
 * from the editor and from the browser's default action.
 *
 * Our own posting (post-chain.ts) passes through only inside `runOp`: a flag in this isolated world
 * that is set for the duration of one synchronous dispatch we make ourselves (focus, execCommand,
 * synthetic paste, the Send click). The page cannot set it; a DOM attribute would be forgeable.
 * While a post is in flight, trusted user input into the composer stays blocked, since focus sits
 * there for a moment and keystrokes meant for the compose frame would otherwise land in the page.
 *
 * Manual paste (a composer that takes trusted input only, so the post answered insertion-rejected
 * and the compose frame shows the armored parts): until each part's bubble is in the chat, the
 * user may focus the box, paste or insert exactly one pending part at a time, delete, move the
 * caret, and send (Enter, or a Send-like button) while the box holds exactly one pending part and
 * nothing else. Every other key that could type text, IME composition (which cannot be cancelled:
 * the box loses focus), drop, and any send of other content stay blocked, so plaintext still cannot
 * be typed into the page's box in that thread.
 */
import { SELECTORS, SEND_WORDS } from './dom/selectors';
import { normalizeLabel, squish } from './dom/tree';

export type GuardScope =
  | { kind: 'off' }
  /** The composer is known: guard it and its bar (Send, Like, emoji, media buttons). */
  | { kind: 'composer'; composer: Element; bar: Element }
  /** Encryption is on but the composer could not be told: guard every editor and Send-like button. */
  | { kind: 'page' }
  /**
   * As 'page', but focus stays where it is: the thread's mode is not known yet (a few tens of ms),
   * and a plain chat's composer that Instagram focused keeps its focus for when it is known.
   */
  | { kind: 'hold' };

export type Verdict = 'allow' | 'block' | 'blur';

/** The facts about one event the verdict depends on (pure, for unit tests). */
export interface EventFacts {
  type: string;
  key?: string;
  /** The event's target, resolved to an element. */
  target: Element | null;
  /** `document.activeElement` when the event fires. */
  active: Element | null;
  /** `inputType` of an InputEvent. */
  inputType?: string;
  /** Shift, Ctrl/Meta, Alt held with a key. */
  shift?: boolean;
  ctrl?: boolean;
  alt?: boolean;
  /** Present only while a manual paste is pending in the thread on screen (composer scope). */
  manual?: ManualFacts;
}

export interface ManualFacts {
  /** The composer holds exactly one pending armored part, nothing else. */
  holdsPart: boolean;
  /** What the event would insert (paste, insertText data) is exactly one pending part. */
  insertsPart: boolean;
  /** The target is a Send-like button. */
  onSend: boolean;
}

const KEY_EVENTS = new Set(['keydown', 'keypress', 'keyup']);
const COMPOSITION_EVENTS = new Set(['compositionstart', 'compositionupdate', 'compositionend']);
const INPUT_EVENTS = new Set(['beforeinput', 'input', 'textInput', 'paste', 'cut', 'drop', 'dragover', ...COMPOSITION_EVENTS]);
const POINTER_EVENTS = new Set([
  'click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend', 'contextmenu',
]);
export const GUARDED_EVENTS: readonly string[] = [...KEY_EVENTS, ...INPUT_EVENTS, ...POINTER_EVENTS, 'focusin'];

/** Keys that never put text into an editor and let the user leave it. */
const HARMLESS_KEYS = new Set(['Tab', 'Escape']);
/** During a manual paste: keys that edit or move but never type a character. */
const EDITING_KEYS = new Set([
  ...HARMLESS_KEYS, 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown',
  'Shift', 'Control', 'Alt', 'Meta', 'CapsLock',
]);
/** During a manual paste, with Ctrl or Meta: paste, select all, copy, cut. */
const CLIPBOARD_KEYS = new Set(['v', 'a', 'c', 'x']);

function within(el: Element | null, container: Element): boolean {
  return el !== null && (el === container || container.contains(el));
}

/** An element a user could type into (page scope: every editor counts). */
function editorOf(el: Element | null): Element | null {
  if (!el) return null;
  const direct = el.closest(SELECTORS.composerCandidate);
  if (direct) return direct;
  return (el as HTMLElement).isContentEditable ? el : null;
}

/** A button whose text or label is a Send word (page scope, where the composer bar is unknown). */
function sendLikeButton(el: Element | null): boolean {
  const button = el?.closest(SELECTORS.button);
  if (!button) return false;
  const labels = [button.textContent, button.getAttribute('aria-label')];
  for (const icon of Array.from(button.querySelectorAll(SELECTORS.labelledIcon))) labels.push(icon.getAttribute('aria-label'));
  return labels.some((l) => SEND_WORDS.has(normalizeLabel(l)));
}

/**
 * What to do with one event. `ownOp`: we are inside our own synchronous dispatch. Anything of ours
 * passes; everything the user does to the guarded composer or its bar is blocked; focus entering
 * the composer is undone ('blur') unless we are posting.
 */
export function guardVerdict(guarded: GuardScope, facts: EventFacts, state: { ownOp: boolean; posting: boolean }): Verdict {
  if (guarded.kind === 'off' || state.ownOp) return 'allow';
  // The page replaced the composer since the controller last looked (its next look is a tick away):
  // until then every editor counts as it (a new composer, e.g. focused as it mounts, is not free).
  const scope: GuardScope = guarded.kind === 'composer' && !guarded.composer.isConnected ? { kind: 'page' } : guarded;
  const { type, target, active } = facts;
  if (scope.kind === 'composer' && facts.manual && !state.posting) return manualVerdict(scope, facts, facts.manual);

  let inEditor: boolean;
  let inBar: boolean;
  if (scope.kind === 'composer') {
    inEditor = within(target, scope.composer);
    inBar = within(target, scope.bar);
  } else {
    inEditor = editorOf(target) !== null;
    inBar = inEditor || sendLikeButton(target);
  }
  const fromEditor = scope.kind === 'composer' ? within(active, scope.composer) : editorOf(active) !== null;

  if (type === 'focusin') return inEditor && !state.posting && scope.kind !== 'hold' ? 'blur' : 'allow';
  if (KEY_EVENTS.has(type)) {
    if (!(inEditor || fromEditor)) return 'allow';
    return facts.key !== undefined && HARMLESS_KEYS.has(facts.key) ? 'allow' : 'block';
  }
  if (INPUT_EVENTS.has(type)) return inEditor ? 'block' : 'allow';
  if (POINTER_EVENTS.has(type)) return inBar ? 'block' : 'allow';
  return 'allow';
}

/** The verdict while a manual paste is pending (see the file comment). */
function manualVerdict(scope: Extract<GuardScope, { kind: 'composer' }>, facts: EventFacts, m: ManualFacts): Verdict {
  const { type, target, active } = facts;
  const inEditor = within(target, scope.composer);
  const inBar = within(target, scope.bar);
  const fromEditor = within(active, scope.composer);
  if (type === 'focusin') return 'allow';
  if (KEY_EVENTS.has(type)) {
    if (!(inEditor || fromEditor)) return 'allow';
    const key = facts.key ?? '';
    if (key === 'Enter') return m.holdsPart && !facts.shift && !facts.ctrl && !facts.alt ? 'allow' : 'block';
    if (EDITING_KEYS.has(key)) return 'allow';
    return facts.ctrl && !facts.alt && CLIPBOARD_KEYS.has(key.toLowerCase()) ? 'allow' : 'block';
  }
  if (INPUT_EVENTS.has(type)) {
    if (!inEditor) return 'allow';
    if (type === 'cut' || (facts.inputType?.startsWith('delete') ?? false)) return 'allow';
    if (type === 'paste' || type === 'textInput' || type === 'beforeinput' || type === 'input') return m.insertsPart ? 'allow' : 'block';
    return 'block';
  }
  if (POINTER_EVENTS.has(type)) {
    if (inEditor || !inBar) return 'allow';
    return m.onSend && m.holdsPart ? 'allow' : 'block';
  }
  return 'allow';
}

/** The text an input-like event would put into the editor (trimmed), or undefined. */
function insertedText(event: Event): string | undefined {
  const e = event as Partial<InputEvent> & Partial<ClipboardEvent>;
  const data = typeof e.data === 'string' ? e.data : (e.dataTransfer ?? e.clipboardData)?.getData('text/plain');
  return typeof data === 'string' ? data.trim() : undefined;
}

/** How long the pending parts' bubbles are not looked up again (the guard runs on every event). */
const MANUAL_RECHECK_MS = 250;

interface ManualPaste {
  threadId: string;
  parts: string[];
  /** The part's bubble is in the chat on screen (it was sent). */
  seen(part: string): boolean;
  checkedAt: number;
}

export class ComposerGuard {
  // TS private, not #: a unit test reads it (thread-controller.test.ts).
  private scope: GuardScope = { kind: 'off' };
  #ownOp = false;
  #posting = false;
  #installed = false;
  #manual: ManualPaste | undefined;
  readonly #win: Window;
  /** The thread id in the URL now (a manual paste applies to its own thread only). */
  readonly #currentThread: () => string | undefined;

  constructor(win: Window, currentThread: () => string | undefined = () => undefined) {
    this.#win = win;
    this.#currentThread = currentThread;
  }

  /** Adds the capture-phase listeners; `listen` is ctx.addEventListener (removed on invalidation). */
  install(listen: (target: Window, type: string, handler: (e: Event) => void, options: AddEventListenerOptions) => void): void {
    if (this.#installed) return;
    this.#installed = true;
    for (const type of GUARDED_EVENTS) listen(this.#win, type, this.#onEvent, { capture: true });
  }

  setScope(scope: GuardScope): void {
    this.scope = scope;
    // Encryption off, or the thread left: the compose frame that listed the parts is gone too.
    if (scope.kind === 'off') this.#manual = undefined;
    // If the user is already in the box when encryption turns on, take them out of it.
    if (scope.kind !== 'off' && scope.kind !== 'hold' && !this.#posting) this.#blurGuarded();
  }

  /** A post is in flight (focus may sit in the composer; user input stays blocked). */
  setPosting(on: boolean): void {
    this.#posting = on;
  }

  /**
   * A post answered insertion-rejected: the user pastes `parts` by hand into the composer of
   * `threadId` (undefined parts: none pending any more). `seen` tells a part whose bubble is in
   * the chat; such a part is no longer let through.
   */
  setManualParts(threadId: string, parts: readonly string[] | undefined, seen: (part: string) => boolean = () => false): void {
    this.#manual = parts && parts.length > 0 ? { threadId, parts: [...parts], seen, checkedAt: 0 } : undefined;
  }

  /** The parts still to be pasted by hand in `threadId` (empty: no manual paste pending there). */
  manualParts(threadId: string | undefined = this.#currentThread()): readonly string[] {
    const m = this.#manual;
    if (!m || threadId === undefined || m.threadId !== threadId || this.#currentThread() !== threadId) return [];
    const now = Date.now();
    if (now - m.checkedAt >= MANUAL_RECHECK_MS) {
      m.checkedAt = now;
      m.parts = m.parts.filter((p) => !m.seen(p));
      if (m.parts.length === 0) this.#manual = undefined;
    }
    return this.#manual ? m.parts : [];
  }

  /** Runs one synchronous dispatch of ours that the guard must let through. */
  runOp<T>(fn: () => T): T {
    const outer = this.#ownOp;
    this.#ownOp = true;
    try {
      return fn();
    } finally {
      this.#ownOp = outer;
    }
  }

  #manualFacts(composer: Element, event: Event, target: Element | null, parts: readonly string[]): ManualFacts {
    const held = squish(composer.localName === 'textarea' ? (composer as HTMLTextAreaElement).value : composer.textContent);
    const inserted = INPUT_EVENTS.has(event.type) ? insertedText(event) : undefined;
    return {
      holdsPart: parts.includes(held),
      insertsPart: inserted !== undefined && parts.includes(inserted),
      onSend: POINTER_EVENTS.has(event.type) && sendLikeButton(target),
    };
  }

  #blurGuarded(): void {
    const active = this.#win.document.activeElement;
    if (!active || active === this.#win.document.body) return;
    // During a manual paste the user works in the box (setScope runs on every controller tick).
    if (this.scope.kind === 'composer' && this.manualParts().length > 0) return;
    const verdict = guardVerdict(this.scope, { type: 'focusin', target: active, active }, { ownOp: false, posting: false });
    if (verdict === 'blur') (active as HTMLElement).blur?.();
  }

  readonly #onEvent = (event: Event): void => {
    if (this.scope.kind === 'off') return;
    // The innermost target (inside open shadow roots too); a text node stands for its parent.
    const raw = (event.composedPath()[0] ?? event.target) as Partial<Node> | null;
    const target = raw?.nodeType === 1 ? (raw as Element) : (raw?.parentElement ?? null);
    const facts: EventFacts = {
      type: event.type,
      target,
      active: this.#win.document.activeElement,
    };
    if ('key' in event && typeof event.key === 'string') facts.key = event.key;
    if (this.scope.kind === 'composer' && !this.#ownOp) {
      const parts = this.manualParts();
      if (parts.length > 0) facts.manual = this.#manualFacts(this.scope.composer, event, target, parts);
    }
    if (event instanceof KeyboardEvent) {
      facts.shift = event.shiftKey;
      facts.ctrl = event.ctrlKey || event.metaKey;
      facts.alt = event.altKey;
    }
    if ('inputType' in event && typeof event.inputType === 'string') facts.inputType = event.inputType;
    const verdict = guardVerdict(this.scope, facts, { ownOp: this.#ownOp, posting: this.#posting });
    if (verdict === 'allow') return;
    if (verdict === 'blur') {
      // The focused element is the editor itself (the target may be a node inside it).
      (this.#win.document.activeElement as HTMLElement | null)?.blur?.();
      return;
    }
    event.stopImmediatePropagation();
    if (event.cancelable) event.preventDefault();
    // Input that cannot be cancelled would still reach the box's DOM: IME composition (Chromium
    // marks compositionstart cancelable, but preventing it stops nothing) and any input event that
    // is not cancelable. The box may have focus here (a manual paste, or our own post in flight,
    // when the user may go on typing with an IME), so it loses focus, which ends the composition
    // before any of its text is written.
    if (INPUT_EVENTS.has(event.type) && (!event.cancelable || COMPOSITION_EVENTS.has(event.type) || (facts.inputType?.includes('Composition') ?? false))) {
      (this.#win.document.activeElement as HTMLElement | null)?.blur?.();
    }
  };
}
