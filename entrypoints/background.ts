import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../src/background/handlers';
import { createRouter } from '../src/messaging/router';

// Wiring only: the router checks every message; handlers live in src/background/.
export default defineBackground(() => {
  const self = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
  const router = createRouter(self, createHandlers({ browserName: import.meta.env.BROWSER }), (type) => {
    // Never log the error object: it may hold message data.
    console.warn(`sealed-dms: handler "${type}" failed`);
  });
  browser.runtime.onMessage.addListener((message, sender) => router.handle(message, sender));
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
});
