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
export class ScriptContext {
  private readonly ended = new AbortController();

  constructor(private readonly alive: () => boolean) {}

  /** The extension is gone; checked on every use, and then everything registered here stops. */
  get isInvalid(): boolean {
    if (!this.ended.signal.aborted && !this.alive()) this.ended.abort();
    return this.ended.signal.aborted;
  }

  onInvalidated(callback: () => void): void {
    this.ended.signal.addEventListener('abort', callback, { once: true });
  }

  /** A listener removed when the script stops (`E`: the event type's class, as the caller knows it). */
  addEventListener<E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, options: AddEventListenerOptions = {}): void {
    target.addEventListener(type, handler as EventListener, { ...options, signal: this.ended.signal });
  }

  /** A timeout whose callback does not run once the script stopped (nothing is kept per timeout). */
  setTimeout(callback: () => void, ms: number): number {
    return window.setTimeout(() => {
      if (!this.isInvalid) callback();
    }, ms);
  }

  /** An interval cleared when the script stops. */
  setInterval(callback: () => void, ms: number): number {
    const id = window.setInterval(() => {
      if (!this.isInvalid) callback();
    }, ms);
    this.onInvalidated(() => window.clearInterval(id));
    return id;
  }
}
