/**
 * Sends the `changed` notice (src/messaging/changed-notice.ts) to every extension page that may
 * show something out of date. Fire and forget: with no page open the sends reject, which is no
 * failure.
 *
 * - `runtime.sendMessage` reaches the popup and, in Chromium, our frames inside instagram.com tabs.
 * - Firefox gives an extension frame inside a web page only what a content script gets, so it
 *   hears `tabs.sendMessage`, not `runtime.sendMessage` (w3c/webextensions#35): there the notice
 *   also goes to every instagram.com tab. In such a tab it reaches our content script too, which
 *   takes only `post` commands (src/messaging/commands.ts), and never the page's own scripts.
 */
import { CHANGED_NOTICE } from '../messaging/changed-notice';
import type { ChangedNotice } from '../messaging/protocol';

/** The parts of the extension API it uses (tests pass fakes). */
export interface AnnounceApi {
  sendToPages(notice: ChangedNotice): Promise<unknown>;
  instagramTabs(): Promise<number[]>;
  sendToTab(tabId: number, notice: ChangedNotice): Promise<unknown>;
}

export function createAnnounce(api: AnnounceApi, browserName: string): () => void {
  const quietly = (sent: Promise<unknown>) => void sent.catch(() => undefined);
  return () => {
    quietly(api.sendToPages(CHANGED_NOTICE));
    if (browserName !== 'firefox') return;
    quietly(api.instagramTabs().then((tabs) => tabs.forEach((tabId) => quietly(api.sendToTab(tabId, CHANGED_NOTICE)))));
  };
}
