/**
 * Creates the extension-origin iframes the content script places on instagram.com and remembers
 * them, so that a `postMessage` can be attributed to one of OUR frames: the page shares the window
 * and can post look-alike messages, and it can navigate one of our iframes elsewhere. A message
 * counts only if its `source` is the `contentWindow` of a frame we created and its `origin` is one
 * of the extension's own origins (src/ui/frame-messages.ts).
 *
 * Chrome loads a `use_dynamic_url` resource from a per-session address
 * (chrome-extension://<session guid>/…), but the document it shows has the extension's real origin
 * (chrome-extension://<extension id>), which is what `event.origin` carries; both are accepted.
 */
import { isFrameMessage, type FrameMessage } from '../ui/frame-messages';
import type { FramePage } from './frame-urls';

/** `scheme://host` (URL.origin is "null" for extension schemes in some engines). */
export function originOf(url: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]+)/i.exec(url);
  return m ? m[1]!.toLowerCase() : undefined;
}

export interface OwnFrame {
  iframe: HTMLIFrameElement;
  /** The `src` we set; a different one means the page navigated the frame. */
  src: string;
  /** The origin of its document, from its first message we accepted (receive()); what post() addresses. */
  origin?: string;
}

export class FrameHost {
  readonly #frames = new Set<OwnFrame>();

  readonly #origins: ReadonlySet<string>;
  readonly #doc: Document;
  readonly #pageUrl: (page: FramePage) => string;

  /**
   * `pageUrl`: `browser.runtime.getURL` for one of our pages. `extensionOrigins`: the extension's
   * own origins besides those of the frame addresses (see the file comment).
   */
  constructor(doc: Document, pageUrl: (page: FramePage) => string, extensionOrigins: readonly string[] = []) {
    this.#doc = doc;
    this.#pageUrl = pageUrl;
    const origins = new Set<string>();
    for (const o of extensionOrigins) {
      const origin = originOf(o);
      if (origin) origins.add(origin);
    }
    this.#origins = origins;
  }

  create(page: FramePage, hash: string, title: string, style: string): OwnFrame {
    const src = this.#pageUrl(page) + hash;
    const iframe = this.#doc.createElement('iframe');
    iframe.setAttribute('src', src);
    iframe.setAttribute('title', title);
    const frame: OwnFrame = { iframe, src };
    this.restyle(frame, style);
    this.#frames.add(frame);
    return frame;
  }

  /** Sets a frame's whole inline style: ours, then `style`. */
  restyle(frame: OwnFrame, style: string): void {
    // `color-scheme: normal` keeps the frame transparent over dark pages.
    frame.iframe.setAttribute('style', `border:0;display:block;color-scheme:normal;${style}`);
  }

  /**
   * Posts `message` into one of our frames, addressed to the origin its document posted from (an
   * extension origin, checked by receive()); nothing before it has posted, nor into a frame the page
   * navigated (its document would be another one).
   */
  post(frame: OwnFrame, message: unknown): void {
    const win = frame.iframe.contentWindow;
    if (!win || frame.origin === undefined || !this.intact(frame)) return;
    win.postMessage(message, frame.origin);
  }

  /** The height of the page's viewport (0 when unknown), to tell which places are near it. */
  viewportHeight(): number {
    return this.#doc.defaultView?.innerHeight ?? 0;
  }

  /**
   * An observer that calls `onNear` when an observed element comes within `marginPx` of the
   * viewport; undefined where the browser has none (then places are filled whatever their position).
   */
  observeNearViewport(marginPx: number, onNear: () => void): IntersectionObserver | undefined {
    const Observer = this.#doc.defaultView?.IntersectionObserver;
    if (!Observer) return undefined;
    return new Observer((entries) => {
      if (entries.some((e) => e.isIntersecting)) onNear();
    }, { rootMargin: `${marginPx}px 0px` });
  }

  /** Removes the iframe from the page and forgets it. */
  remove(frame: OwnFrame | undefined): void {
    if (!frame) return;
    this.#frames.delete(frame);
    frame.iframe.remove();
  }

  /** Still in the page and still showing what we loaded into it. */
  intact(frame: OwnFrame): boolean {
    return frame.iframe.isConnected && frame.iframe.getAttribute('src') === frame.src;
  }

  /** Forgets frames that left the page (e.g. with a message row the list recycled). */
  sweep(): void {
    for (const f of this.#frames) if (!f.iframe.isConnected) this.#frames.delete(f);
  }

  /** The frame that posted `event`, with its message, if both are ours; otherwise undefined. */
  receive(event: MessageEvent): { frame: OwnFrame; message: FrameMessage } | undefined {
    // Posted by a frame, not built by the page: in Chromium the page can dispatch a MessageEvent
    // whose source and origin name our frame.
    if (!event.isTrusted || !event.source || !isFrameMessage(event.data)) return undefined;
    for (const frame of this.#frames) {
      if (frame.iframe.contentWindow !== event.source) continue;
      const origin = originOf(event.origin);
      if (origin === undefined || !(origin === originOf(frame.src) || this.#origins.has(origin))) return undefined;
      frame.origin = origin;
      return { frame, message: event.data };
    }
    return undefined;
  }

  get size(): number {
    return this.#frames.size;
  }
}
