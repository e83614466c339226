import { defineContentScript } from 'wxt/utils/define-content-script';
import { startContentScript } from '../src/instagram/content-main';

// Runs on every instagram.com page (the site is a single-page app); src/instagram decides where to act.
export default defineContentScript({
  matches: ['https://www.instagram.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    startContentScript(ctx);
  },
});
