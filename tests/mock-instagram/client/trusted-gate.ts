/**
 * The "trusted-input-only composer" variant (instagram-dm-dom.md §4.3 item 5, §10.3): Meta's
 * editor is reported to ignore synthetic insertText, paste, beforeinput and clicks. This gate sits
 * in the window's capture phase, before the editor's own listeners, and
 * - drops every untrusted (script-dispatched) input-related event aimed at the composer;
 * - drops the trusted `input` that `document.execCommand('insertText')` produces: Chromium fires it
 *   without a preceding `beforeinput`, while real typing, IME commits, trusted paste and CDP
 *   `Input.insertText` all fire a trusted `beforeinput` first.
 * What the composer then does with such a DOM change (revert it, or leave it visible but out of
 * the editor state) is its `onForeignChange` hook.
 */

const EVENTS = [
  'keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'textInput', 'paste', 'cut', 'drop',
  'compositionstart', 'compositionupdate', 'compositionend',
] as const;
const USER_EVENTS = new Set<string>(['keydown', 'beforeinput', 'paste', 'drop', 'compositionstart']);

export interface GateHooks {
  /** A DOM change reached the composer without trusted intent (already kept from the editor). */
  onForeignChange(): void;
  /** A trusted user event is about to reach the composer. */
  onTrustedUserEvent(): void;
}

export function installTrustedGate(target: HTMLElement, hooks: GateHooks): () => void {
  let armed = false;
  const listener = (e: Event): void => {
    if (!(e.target instanceof Node) || !target.contains(e.target)) return;
    if (!e.isTrusted) {
      e.stopImmediatePropagation();
      if (e.cancelable) e.preventDefault();
      return;
    }
    if (USER_EVENTS.has(e.type)) hooks.onTrustedUserEvent();
    if (e.type === 'beforeinput') {
      armed = true;
      // If the editor cancels the beforeinput, no input follows; disarm at the end of the task.
      setTimeout(() => {
        armed = false;
      }, 0);
    } else if (e.type === 'input') {
      if (!armed) {
        e.stopImmediatePropagation();
        hooks.onForeignChange();
      }
      armed = false;
    }
  };
  for (const type of EVENTS) window.addEventListener(type, listener, true);
  return () => {
    for (const type of EVENTS) window.removeEventListener(type, listener, true);
  };
}
