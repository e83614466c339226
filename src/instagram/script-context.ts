/**
 * The content script's lifetime: its listeners and timers, and the moment it must stop (the
 * extension was updated, disabled or removed, so its runtime is gone: `alive()` turns false).
 *
 * Why not WXT's ContentScriptContext: it also stops when a document event named after the
 * extension id says that a newer copy of the script started, and the page can dispatch that event
 * (the id is public). A hostile page could switch the guard and the compose frame off with one
 * line (tests/browser/compose.test.ts). Here nothing the page sends ends the script; the content
 * script is declared in the manifest directly (wxt.config.ts), without WXT's wrapper.
 */
import { after, every, type Timer } from './timers';

export class ScriptContext {
  readonly #ended = new AbortController();
  readonly #alive: () => boolean;

  constructor(alive: () => boolean) {
    this.#alive = alive;
  }

  /** The extension is gone; checked on every use, and then everything registered here stops. */
  get isInvalid(): boolean {
    if (!this.#ended.signal.aborted && !this.#alive()) this.#ended.abort();
    return this.#ended.signal.aborted;
  }

  onInvalidated(callback: () => void): void {
    this.#ended.signal.addEventListener('abort', callback, { once: true });
  }

  /** A listener removed when the script stops (`E`: the event type's class, as the caller knows it). */
  addEventListener<E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, options: AddEventListenerOptions = {}): void {
    target.addEventListener(type, handler as EventListener, { ...options, signal: this.#ended.signal });
  }

  /** A timeout the page cannot cancel (timers.ts), whose callback does not run once the script stopped. */
  setTimeout(callback: () => void, ms: number): Timer {
    return after(ms, () => {
      if (!this.isInvalid) callback();
    });
  }

  /** An interval the page cannot cancel, stopped with the script. */
  setInterval(callback: () => void, ms: number): Timer {
    const timer = every(ms, () => {
      if (!this.isInvalid) callback();
    });
    this.onInvalidated(() => timer.cancel());
    return timer;
  }
}
