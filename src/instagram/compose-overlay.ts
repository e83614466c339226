/**
 * Places the compose frame (compose-frame.html#t=<threadId>, extension origin) over Instagram's
 * composer bar, so the user types into the extension's box and never into the page's. The frame
 * lives in a fixed-position wrapper of our own at the end of <body> (never inside the page's
 * React tree, which would re-render it away), bottom-aligned with the bar, as wide as the bar and
 * at least as tall; it grows upwards to the height the frame reports (`resize` messages).
 *
 * The bar is tracked with a ResizeObserver, window resize/scroll (capture: the list scrolls, not
 * the window), and every controller tick (which also catches a replaced bar). When the composer
 * goes away in a thread with encryption on, the controller holds the frame where it was (hold()).
 *
 * The frame is taller than the bar (header, two-line box, feedback), so it would cover the bottom
 * of the message list, where the newest message is. The space is reserved instead: the bar gets an
 * inline `margin-top` (important) reaching up to the frame's top, so the page's own layout shrinks
 * the list above it. The bar's own value is put back when the frame goes (encryption off, thread
 * left, bar replaced or gone). While the frame shows parts to paste by hand (`placement` message),
 * it stands above the bar instead of over it, so the user can reach Instagram's box.
 */
import type { FrameHost, OwnFrame } from './frame-host';
import { composeFrameHash } from './frame-urls';

const Z_INDEX = 2147483646;
const MIN_HEIGHT = 40;
/** The frame never covers more than this share of the viewport. */
const MAX_VIEWPORT_SHARE = 0.6;

export type Listen = (target: EventTarget, type: string, handler: () => void, options: AddEventListenerOptions) => void;

interface Placement {
  left: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}

/** The margin we set on a bar, and what to put back. */
interface Reserved {
  bar: HTMLElement;
  /** The bar's own inline margin-top and its priority. */
  value: string;
  priority: string;
  /** Its computed margin-top before ours (px): we only ever make it larger. */
  base: number;
  /** What we set ('' = nothing). */
  applied: string;
}

export class ComposeOverlay {
  #wrapper: HTMLDivElement | undefined;
  #frame: OwnFrame | undefined;
  #threadId: string | undefined;
  #bar: Element | undefined;
  /** Where the bar last was (a held frame stays there). */
  #last: Placement | undefined;
  #reported = 0;
  #observer: ResizeObserver | undefined;
  /** When a position update was queued for the next frame (undefined: none waiting). */
  #queuedAt: number | undefined;
  /** Stand above the bar, not over it (manual paste). */
  #above = false;
  #reserved: Reserved | undefined;
  readonly #doc: Document;
  readonly #frames: FrameHost;

  constructor(doc: Document, frames: FrameHost, listen: Listen) {
    this.#doc = doc;
    this.#frames = frames;
    const win = doc.defaultView;
    if (win) {
      listen(win, 'resize', this.#queue, { passive: true });
      listen(win, 'scroll', this.#queue, { capture: true, passive: true });
    }
  }

  /**
   * Shows the frame for `threadId` over `bar` (re-mounting when the thread changed or the page
   * tampered with it). Without `load`, only the wrapper covers the bar for now: the frame's
   * document is created by a later call with `load` (the controller lets the reader frames of a
   * chat being opened load first: they share the extension's renderer, and reading comes first).
   */
  show(threadId: string, bar: Element, load = true): void {
    const tampered = this.#frame !== undefined && !this.#frames.intact(this.#frame);
    if (this.#wrapper && (this.#threadId !== threadId || tampered || !this.#wrapper.isConnected)) this.hide();
    if (!this.#wrapper) this.#mount(threadId);
    if (load && !this.#frame) this.#load(threadId);
    if (this.#bar !== bar) {
      this.#bar = bar;
      this.#observer?.disconnect();
      this.#observer = typeof ResizeObserver === 'function' ? new ResizeObserver(this.#queue) : undefined;
      this.#observer?.observe(bar);
    }
    this.position();
  }

  /**
   * The composer went away in a thread with encryption on (fail closed: nothing can be posted): the
   * frame stays where the bar last was, with what the user typed and the outcome of a send in
   * flight, instead of vanishing with them. It follows no bar until show() gives it one again.
   */
  hold(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#bar = undefined;
    this.#release();
    this.position();
  }

  hide(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#bar = undefined;
    this.#last = undefined;
    this.#above = false;
    this.#release();
    this.#frames.remove(this.#frame);
    this.#wrapper?.remove();
    this.#frame = undefined;
    this.#wrapper = undefined;
    this.#threadId = undefined;
    this.#reported = 0;
  }

  get shown(): boolean {
    return this.#frame !== undefined;
  }

  /** The frame is up for `threadId`, as we placed it. */
  showing(threadId: string): boolean {
    return this.#frame !== undefined && this.#threadId === threadId && this.#frames.intact(this.#frame) && this.#wrapper?.isConnected === true;
  }

  owns(frame: OwnFrame): boolean {
    return this.#frame === frame;
  }

  /** The frame reported its content height. */
  resize(height: number): void {
    this.#reported = height;
    this.position();
  }

  /** The frame asks to stand above the bar (true) or over it again (false). */
  setAbove(above: boolean): void {
    this.#above = above;
    this.position();
  }

  /** Gives the keyboard back to the compose frame (after a post took focus into the page's composer). */
  focusFrame(): void {
    this.#frame?.iframe.focus();
  }

  #mount(threadId: string): void {
    const wrapper = this.#doc.createElement('div');
    (this.#doc.body ?? this.#doc.documentElement).append(wrapper);
    this.#wrapper = wrapper;
    this.#threadId = threadId;
  }

  #load(threadId: string): void {
    const frame = this.#frames.create('/compose-frame.html', composeFrameHash(threadId), 'Sealed DMs: encrypted message', 'width:100%;height:100%;');
    this.#wrapper?.append(frame.iframe);
    this.#frame = frame;
  }

  readonly #queue = (): void => {
    // The page can cancel our animation frame (their ids are shared): one queued long ago was lost.
    if ((this.#queuedAt !== undefined && Date.now() - this.#queuedAt < 250) || !this.#wrapper) return;
    this.#queuedAt = Date.now();
    const run = (): void => {
      this.#queuedAt = undefined;
      this.position();
    };
    const win = this.#doc.defaultView;
    if (win?.requestAnimationFrame) win.requestAnimationFrame(run);
    else run();
  };

  position(): void {
    const wrapper = this.#wrapper;
    if (!wrapper) return;
    // A bar in the page: its box (none while it is hidden). Held, or a bar that just left the page:
    // where the bar last was.
    let r = this.#last;
    if (this.#bar?.isConnected) {
      const box = this.#bar.getBoundingClientRect();
      r = box.width > 0 && box.height > 0 ? { left: box.left, top: box.top, bottom: box.bottom, width: box.width, height: box.height } : undefined;
      if (r) this.#last = r;
    }
    if (!r) {
      wrapper.style.cssText = 'display:none !important;';
      this.#release();
      return;
    }
    const viewport = this.#doc.defaultView?.innerHeight ?? 800;
    const above = this.#above && this.#bar !== undefined;
    const height = Math.round(Math.min(Math.max(above ? 0 : r.height, this.#reported, MIN_HEIGHT), viewport * MAX_VIEWPORT_SHARE));
    const bottom = above ? r.top : r.bottom;
    const top = Math.round(bottom - height);
    wrapper.style.cssText =
      `all:initial !important;position:fixed !important;z-index:${Z_INDEX} !important;display:block !important;` +
      `left:${Math.round(r.left)}px !important;top:${top}px !important;width:${Math.round(r.width)}px !important;height:${height}px !important;`;
    // The list must end where the frame begins: the bar's top margin reaches up to the frame's top.
    if (this.#bar) this.#reserve(this.#bar, Math.round(r.top) - top);
  }

  /** Makes the bar's top margin at least `px` (see the file comment). */
  #reserve(bar: Element, px: number): void {
    if (this.#reserved && this.#reserved.bar !== bar) this.#release();
    if (!(bar instanceof HTMLElement)) return;
    const style = bar.style;
    if (!this.#reserved) {
      const base = parseFloat(this.#doc.defaultView?.getComputedStyle(bar).marginTop ?? '') || 0;
      this.#reserved = { bar, value: style.getPropertyValue('margin-top'), priority: style.getPropertyPriority('margin-top'), base, applied: '' };
    }
    const r = this.#reserved;
    const want = px > r.base ? `${px}px` : '';
    if (want === '') {
      if (r.applied !== '') this.#restore(r);
      r.applied = '';
      return;
    }
    // Also when the page rewrote the bar's style meanwhile.
    if (style.getPropertyValue('margin-top') !== want || style.getPropertyPriority('margin-top') !== 'important') {
      style.setProperty('margin-top', want, 'important');
    }
    r.applied = want;
  }

  /** Puts the bar's own margin back (if what is there is still ours). */
  #release(): void {
    const r = this.#reserved;
    this.#reserved = undefined;
    if (r && r.applied !== '') this.#restore(r);
  }

  #restore(r: Reserved): void {
    const style = r.bar.style;
    if (style.getPropertyValue('margin-top') !== r.applied) return;
    if (r.value === '') style.removeProperty('margin-top');
    else style.setProperty('margin-top', r.value, r.priority);
  }
}
