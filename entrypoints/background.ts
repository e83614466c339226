import { randomBytes } from '@noble/ciphers/utils.js';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import type { BackgroundDeps } from '../src/background/deps';
import { createHandlers } from '../src/background/handlers';
import { createPost } from '../src/background/post-command';
import { createRouter } from '../src/messaging/router';
import { browserSessionKeyStore, restrictSessionStorage } from '../src/vault/browser-session-store';
import { Vault } from '../src/vault/vault';

/** How often a running worker checks the auto-lock timer (every request checks it too). */
const IDLE_CHECK_MS = 30_000;

// Wiring only: the router checks every message; handlers live in src/background/.
export default defineBackground(() => {
  const restricted = restrictSessionStorage();
  let opened: Promise<Vault> | undefined;
  const deps: BackgroundDeps = {
    vault() {
      if (!opened) {
        opened = restricted.then(() => Vault.open({ unlockedKeyStore: browserSessionKeyStore() }));
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
  };

  const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
  const router = createRouter(self, createHandlers(deps), (type) => {
    // Never log the error object: it may hold message data.
    console.warn(`sealed-dms: handler "${type}" failed`);
  });
  browser.runtime.onMessage.addListener((message, sender) => router.handle(message, sender));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
  setInterval(() => void deps.vault().then((v) => v.checkIdle()).catch(() => undefined), IDLE_CHECK_MS);
});
