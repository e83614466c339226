/**
 * Who is talking to the background, decided only from browser-stamped `MessageSender` fields
 * (never from anything inside the message). Pure: no browser API, unit-tested in Node.
 *
 * - `extension-page`: our popup, welcome page, or an extension-origin frame (compose, reader)
 *   even when that frame is embedded in an instagram.com tab.
 * - `content-script`: our content script running in a top-level www.instagram.com document.
 * - `untrusted`: anything else (other extensions, other origins, sub-frames of the page).
 */

export type SenderClass = 'extension-page' | 'content-script' | 'untrusted';

/** The subset of `runtime.MessageSender` we rely on. */
export interface SenderInfo {
  id?: string | undefined;
  url?: string | undefined;
  /** Chrome only; Firefox leaves it undefined. When present it must agree with `url`. */
  origin?: string | undefined;
  frameId?: number | undefined;
  tab?: { id?: number | undefined } | undefined;
}

export interface Self {
  /** `runtime.id` */
  id: string;
  /** `runtime.getURL('')`, for example `chrome-extension://abc/` or `moz-extension://uuid/`. */
  baseUrl: string;
}

export const INSTAGRAM_ORIGIN = 'https://www.instagram.com';

/** scheme://host[:port]. `URL.origin` is "null" for chrome-extension:/moz-extension: in some runtimes. */
function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : undefined;
  } catch {
    return undefined;
  }
}

export function classifySender(sender: SenderInfo, self: Self): SenderClass {
  if (sender.id !== self.id) return 'untrusted';
  const urlOrigin = originOf(sender.url);
  if (!urlOrigin) return 'untrusted';
  if (sender.origin !== undefined && sender.origin !== urlOrigin) return 'untrusted';

  const ownOrigin = originOf(self.baseUrl);
  if (ownOrigin && urlOrigin === ownOrigin) return 'extension-page';

  // A content script: runs in an instagram.com tab, top frame only (frameId 0).
  if (urlOrigin === INSTAGRAM_ORIGIN && sender.tab?.id !== undefined && sender.frameId === 0) {
    return 'content-script';
  }
  return 'untrusted';
}

/** The sender fields isFromBackground reads. */
export interface BackgroundSender {
  id?: string | undefined;
  tab?: unknown;
}

/**
 * A message to the content script or to one of our frames came from our own background (or an
 * extension page outside any tab): `sender.id` is our extension and there is no `sender.tab`. One
 * from a content script, from one of our frames inside a tab, or from a page (externally_connectable
 * is not declared) either has a tab or never reaches the listener. Fields inside the message are
 * never trusted for this decision.
 */
export function isFromBackground(sender: BackgroundSender | undefined, ownId: string): boolean {
  return sender !== undefined && typeof sender.id === 'string' && sender.id === ownId && sender.tab === undefined;
}
