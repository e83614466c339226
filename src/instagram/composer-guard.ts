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
 */
import { SELECTORS, SEND_WORDS } from './dom/selectors';
import { normalizeLabel } from './dom/tree';

export type GuardScope =
  | { kind: 'off' }
  /** The composer is known: guard it and its bar (Send, Like, emoji, media buttons). */
  | { kind: 'composer'; composer: Element; bar: Element }
  /** Encryption is on but the composer could not be told: guard every editor and Send-like button. */
  | { kind: 'page' };

export type Verdict = 'allow' | 'block' | 'blur';

/** The facts about one event the verdict depends on (pure, for unit tests). */
export interface EventFacts {
  type: string;
  key?: string;
  /** The event's target, resolved to an element. */
  target: Element | null;
  /** `document.activeElement` when the event fires. */
  active: Element | null;
}

const KEY_EVENTS = new Set(['keydown', 'keypress', 'keyup']);
const INPUT_EVENTS = new Set(['beforeinput', 'input', 'textInput', 'paste', 'cut', 'drop', 'dragover', 'compositionstart']);
const POINTER_EVENTS = new Set([
  'click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend', 'contextmenu',
]);
export const GUARDED_EVENTS: readonly string[] = [...KEY_EVENTS, ...INPUT_EVENTS, ...POINTER_EVENTS, 'focusin'];

/** Keys that never put text into an editor and let the user leave it. */
const HARMLESS_KEYS = new Set(['Tab', 'Escape']);

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
export function guardVerdict(scope: GuardScope, facts: EventFacts, state: { ownOp: boolean; posting: boolean }): Verdict {
  if (scope.kind === 'off' || state.ownOp) return 'allow';
  const { type, target, active } = facts;

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

  if (type === 'focusin') return inEditor && !state.posting ? 'blur' : 'allow';
  if (KEY_EVENTS.has(type)) {
    if (!(inEditor || fromEditor)) return 'allow';
    return facts.key !== undefined && HARMLESS_KEYS.has(facts.key) ? 'allow' : 'block';
  }
  if (INPUT_EVENTS.has(type)) return inEditor ? 'block' : 'allow';
  if (POINTER_EVENTS.has(type)) return inBar ? 'block' : 'allow';
  return 'allow';
}

export class ComposerGuard {
  private scope: GuardScope = { kind: 'off' };
  private ownOp = false;
  private posting = false;
  private installed = false;

  constructor(private readonly win: Window) {}

  /** Adds the capture-phase listeners; `listen` is ctx.addEventListener (removed on invalidation). */
  install(listen: (target: Window, type: string, handler: (e: Event) => void, options: AddEventListenerOptions) => void): void {
    if (this.installed) return;
    this.installed = true;
    for (const type of GUARDED_EVENTS) listen(this.win, type, this.onEvent, { capture: true });
  }

  setScope(scope: GuardScope): void {
    this.scope = scope;
    // If the user is already in the box when encryption turns on, take them out of it.
    if (scope.kind !== 'off' && !this.posting) this.blurGuarded();
  }

  /** A post is in flight (focus may sit in the composer; user input stays blocked). */
  setPosting(on: boolean): void {
    this.posting = on;
  }

  /** Runs one synchronous dispatch of ours that the guard must let through. */
  runOp<T>(fn: () => T): T {
    const outer = this.ownOp;
    this.ownOp = true;
    try {
      return fn();
    } finally {
      this.ownOp = outer;
    }
  }

  private blurGuarded(): void {
    const active = this.win.document.activeElement;
    if (!active || active === this.win.document.body) return;
    const verdict = guardVerdict(this.scope, { type: 'focusin', target: active, active }, { ownOp: false, posting: false });
    if (verdict === 'blur') (active as HTMLElement).blur?.();
  }

  private readonly onEvent = (event: Event): void => {
    if (this.scope.kind === 'off') return;
    // The innermost target (inside open shadow roots too); a text node stands for its parent.
    const raw = (event.composedPath()[0] ?? event.target) as Partial<Node> | null;
    const target = raw?.nodeType === 1 ? (raw as Element) : (raw?.parentElement ?? null);
    const facts: EventFacts = {
      type: event.type,
      target,
      active: this.win.document.activeElement,
    };
    if ('key' in event && typeof event.key === 'string') facts.key = event.key;
    const verdict = guardVerdict(this.scope, facts, { ownOp: this.ownOp, posting: this.posting });
    if (verdict === 'allow') return;
    if (verdict === 'blur') {
      // The focused element is the editor itself (the target may be a node inside it).
      (this.win.document.activeElement as HTMLElement | null)?.blur?.();
      return;
    }
    event.stopImmediatePropagation();
    if (event.cancelable) event.preventDefault();
  };
}
