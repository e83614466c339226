import { randomBytes } from '@noble/ciphers/utils.js';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createAnnounce } from '../src/background/announce';
import type { BackgroundDeps } from '../src/background/deps';
import { createIdleAlarm, IDLE_ALARM } from '../src/background/idle-alarm';
import { createHandlers } from '../src/background/handlers';
import { createPost } from '../src/background/post-command';
import { createRouter } from '../src/messaging/router';
import { INSTAGRAM_ORIGIN } from '../src/messaging/sender';
import { browserSessionKeyStore, restrictSessionStorage } from '../src/vault/browser-session-store';
import { Vault } from '../src/vault/vault';

// Wiring only: the router checks every message; handlers live in src/background/.
export default defineBackground(() => {
  const restricted = restrictSessionStorage();
  let opened: Promise<Vault> | undefined;
  const deps: BackgroundDeps = {
    vault() {
      if (!opened) {
        opened = restricted.then(() => Vault.open({ unlockedKeyStore: browserSessionKeyStore(), onLocked: () => deps.announce() }));
        // A vault that failed to open (damaged metadata) is retried on the next request, never recreated.
        opened.catch(() => (opened = undefined));
      }
      return opened;
    },
    now: () => Date.now(),
    randomBytes,
    browserName: import.meta.env.BROWSER,
    // Replies are checked in createPost: anything unexpected, or no answer, is 'unreachable'.
    post: createPost((tabId, message, options) => browser.tabs.sendMessage(tabId, message, options)),
    idleChanged: () => void idle.rearm(),
    announce: createAnnounce(
      {
        sendToPages: (notice) => browser.runtime.sendMessage(notice),
        instagramTabs: async () => (await browser.tabs.query({ url: `${INSTAGRAM_ORIGIN}/*` })).flatMap((tab) => (tab.id === undefined ? [] : [tab.id])),
        sendToTab: (tabId, notice) => browser.tabs.sendMessage(tabId, notice),
      },
      import.meta.env.BROWSER,
    ),
  };

  // The auto-lock check wakes a stopped worker (src/background/idle-alarm.ts); registered at once,
  // so the alarm that woke the worker is heard. Not armed at start: an alarm outlives the worker,
  // and whatever clears the unlocked key (browser restart, extension update) locks the vault.
  const idle = createIdleAlarm({ set: (when) => browser.alarms.create(IDLE_ALARM, { when }), clear: () => browser.alarms.clear(IDLE_ALARM) }, () => deps.vault());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === IDLE_ALARM) void idle.fired();
  });

  const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
  const router = createRouter(self, createHandlers(deps), (type) => {
    // Never log the error object: it may hold message data.
    console.warn(`sealed-dms: handler "${type}" failed`);
  });
  browser.runtime.onMessage.addListener((message, sender) => router.handle(message, sender));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
});
