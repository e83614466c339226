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
  bottom: number;
  width: number;
  height: number;
}

export class ComposeOverlay {
  private wrapper: HTMLDivElement | undefined;
  private frame: OwnFrame | undefined;
  private threadId: string | undefined;
  private bar: Element | undefined;
  /** Where the bar last was (a held frame stays there). */
  private last: Placement | undefined;
  private reported = 0;
  private observer: ResizeObserver | undefined;
  private queued = false;

  constructor(
    private readonly doc: Document,
    private readonly frames: FrameHost,
    listen: Listen,
  ) {
    const win = doc.defaultView;
    if (win) {
      listen(win, 'resize', this.queue, { passive: true });
      listen(win, 'scroll', this.queue, { capture: true, passive: true });
    }
  }

  /** Shows the frame for `threadId` over `bar` (re-mounting when the thread changed or the page tampered with it). */
  show(threadId: string, bar: Element): void {
    if (this.frame && (this.threadId !== threadId || !this.frames.intact(this.frame) || !this.wrapper?.isConnected)) this.hide();
    if (!this.frame) this.mount(threadId);
    if (this.bar !== bar) {
      this.bar = bar;
      this.observer?.disconnect();
      this.observer = typeof ResizeObserver === 'function' ? new ResizeObserver(this.queue) : undefined;
      this.observer?.observe(bar);
    }
    this.position();
  }

  /**
   * The composer went away in a thread with encryption on (fail closed: nothing can be posted): the
   * frame stays where the bar last was, with what the user typed and the outcome of a send in
   * flight, instead of vanishing with them. It follows no bar until show() gives it one again.
   */
  hold(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.bar = undefined;
    this.position();
  }

  hide(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.bar = undefined;
    this.last = undefined;
    this.frames.remove(this.frame);
    this.wrapper?.remove();
    this.frame = undefined;
    this.wrapper = undefined;
    this.threadId = undefined;
    this.reported = 0;
  }

  get shown(): boolean {
    return this.frame !== undefined;
  }

  /** The frame is up for `threadId`, as we placed it. */
  showing(threadId: string): boolean {
    return this.frame !== undefined && this.threadId === threadId && this.frames.intact(this.frame) && this.wrapper?.isConnected === true;
  }

  owns(frame: OwnFrame): boolean {
    return this.frame === frame;
  }

  /** The frame reported its content height. */
  resize(height: number): void {
    this.reported = height;
    this.position();
  }

  /** Gives the keyboard back to the compose frame (after a post took focus into the page's composer). */
  focusFrame(): void {
    this.frame?.iframe.focus();
  }

  private mount(threadId: string): void {
    const wrapper = this.doc.createElement('div');
    const frame = this.frames.create('/compose-frame.html', composeFrameHash(threadId), 'Sealed DMs: encrypted message', 'width:100%;height:100%;');
    wrapper.append(frame.iframe);
    (this.doc.body ?? this.doc.documentElement).append(wrapper);
    this.wrapper = wrapper;
    this.frame = frame;
    this.threadId = threadId;
  }

  private readonly queue = (): void => {
    if (this.queued || !this.frame) return;
    this.queued = true;
    const run = (): void => {
      this.queued = false;
      this.position();
    };
    const win = this.doc.defaultView;
    if (win?.requestAnimationFrame) win.requestAnimationFrame(run);
    else run();
  };

  position(): void {
    const wrapper = this.wrapper;
    if (!wrapper) return;
    // A bar in the page: its box (none while it is hidden). Held, or a bar that just left the page:
    // where the bar last was.
    let r = this.last;
    if (this.bar?.isConnected) {
      const box = this.bar.getBoundingClientRect();
      r = box.width > 0 && box.height > 0 ? { left: box.left, bottom: box.bottom, width: box.width, height: box.height } : undefined;
      if (r) this.last = r;
    }
    if (!r) {
      wrapper.style.cssText = 'display:none !important;';
      return;
    }
    const viewport = this.doc.defaultView?.innerHeight ?? 800;
    const height = Math.round(Math.min(Math.max(r.height, this.reported, MIN_HEIGHT), viewport * MAX_VIEWPORT_SHARE));
    const top = Math.round(r.bottom - height);
    wrapper.style.cssText =
      `all:initial !important;position:fixed !important;z-index:${Z_INDEX} !important;display:block !important;` +
      `left:${Math.round(r.left)}px !important;top:${top}px !important;width:${Math.round(r.width)}px !important;height:${height}px !important;`;
  }
}
