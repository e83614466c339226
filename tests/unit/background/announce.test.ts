/** The `changed` notice's delivery (src/background/announce.ts): to the extension's pages, and in Firefox to every instagram.com tab. */
import { describe, expect, it } from 'vitest';
import { createAnnounce, type AnnounceApi } from '../../../src/background/announce';
import { isChangedNotice } from '../../../src/messaging/changed-notice';

function fakeApi(tabs: number[], failing = false) {
  const sent: string[] = [];
  const reply = (): Promise<unknown> => (failing ? Promise.reject(new Error('Receiving end does not exist')) : Promise.resolve(undefined));
  const api: AnnounceApi = {
    sendToPages: (notice) => {
      sent.push(isChangedNotice(notice) ? 'pages' : 'pages: not the notice');
      return reply();
    },
    instagramTabs: () => Promise.resolve(tabs),
    sendToTab: (tabId, notice) => {
      sent.push(isChangedNotice(notice) ? `tab ${tabId}` : `tab ${tabId}: not the notice`);
      return reply();
    },
  };
  return { api, sent };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('announce', () => {
  it('Chromium: one runtime message reaches the popup and our frames inside tabs', async () => {
    const { api, sent } = fakeApi([4, 9]);
    createAnnounce(api, 'chrome')();
    await settle();
    expect(sent).toEqual(['pages']);
  });

  it('Firefox: also every instagram.com tab, whose extension frames hear only tabs.sendMessage', async () => {
    const { api, sent } = fakeApi([4, 9]);
    createAnnounce(api, 'firefox')();
    await settle();
    expect(sent).toEqual(['pages', 'tab 4', 'tab 9']);
  });

  it('nobody listening (the sends reject) is no failure', async () => {
    const { api, sent } = fakeApi([4], true);
    expect(() => createAnnounce(api, 'firefox')()).not.toThrow();
    await settle();
    expect(sent).toEqual(['pages', 'tab 4']);
  });
});
